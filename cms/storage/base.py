"""The media storage interface and the path rule every store applies."""

from __future__ import annotations

import mimetypes
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from flask import Response

#: How long browsers and proxies may keep a served file: names are never reused.
MAX_AGE = 30 * 86400
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_MAX_PATH = 255


class InvalidMediaPath(ValueError):
    """A path that is not a name the store could hold (outside it, or odd characters)."""


@dataclass(frozen=True)
class StoredFile:
    """One file in a store, as :meth:`MediaStorage.files` lists it (for backups)."""

    path: str
    size: int
    modified: datetime


def check_path(path: str) -> str:
    """``path`` if it is a relative name inside the store; else :class:`InvalidMediaPath`."""
    segments = path.split("/")
    if len(path) > _MAX_PATH or not all(_SEGMENT.match(s) and s.strip(".") for s in segments):
        raise InvalidMediaPath(f"not a media path: {path[:80]!r}")
    return path


def content_type(path: str) -> str:
    """The ``Content-Type`` a file is served with, from its extension."""
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


class MediaStorage(ABC):
    """Save, read, list, delete and serve media files by relative path.

    Saving and deleting take part in the caller's database transaction where the store
    is the database, and happen at once where it is a folder; callers commit as they do
    for their own rows, so with the database store a file and the row that names it are
    committed (or rolled back) together.
    """

    #: ``"folder"`` or ``"database"``, as ``MEDIA_STORAGE`` names it.
    kind: str = ""

    @abstractmethod
    def save(self, path: str, data: bytes, *, replace: bool = False) -> None:
        """Store ``data`` as ``path``; :class:`FileExistsError` if taken, unless ``replace``."""

    @abstractmethod
    def open(self, path: str) -> IO[bytes]:
        """A binary stream of the file; :class:`FileNotFoundError` when there is none."""

    def read(self, path: str) -> bytes:
        """The file's bytes; :class:`FileNotFoundError` when there is none."""
        with self.open(path) as stream:
            return stream.read()

    @abstractmethod
    def exists(self, path: str) -> bool:
        """Whether the store holds ``path``."""

    @abstractmethod
    def delete(self, path: str) -> None:
        """Remove ``path`` if the store holds it (no error if it does not)."""

    @abstractmethod
    def files(self) -> Iterator[StoredFile]:
        """Every file in the store, by path: what a backup keeps and a migration copies."""

    @abstractmethod
    def serve(self, path: str, max_age: int = MAX_AGE) -> Response:
        """A response with the file (conditional, cacheable for ``max_age`` seconds).

        Raises :class:`werkzeug.exceptions.NotFound` for a path the store does not hold
        or could not hold, so a view can return it as it is.
        """

    @property
    def folder(self) -> Path | None:
        """The folder a web server may serve the files from directly, if there is one."""
        return None
