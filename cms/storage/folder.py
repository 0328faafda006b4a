"""The ``folder`` media store: files in ``UPLOADS_FOLDER`` (``instance/uploads``)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from flask import Response, send_from_directory
from werkzeug.exceptions import NotFound

from cms.storage.base import MAX_AGE, InvalidMediaPath, MediaStorage, StoredFile, check_path

_CHUNK = 1024 * 1024


def write_file(target: Path, content: bytes | IO[bytes], mode: int = 0o644, *,
               replace: bool = True) -> None:
    """Write ``target`` whole or not at all (a temporary file renamed into place).

    Without ``replace`` an existing ``target`` is left as it is and
    :class:`FileExistsError` raised: the finished file is linked in, which fails when the
    name is taken, so two writers never overwrite each other.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(content, bytes):
                out.write(content)
            else:
                while chunk := content.read(_CHUNK):
                    out.write(chunk)
        os.chmod(temporary, mode & 0o777 or 0o644)
        if replace:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


class FolderStorage(MediaStorage):
    """Files on this server's disk (or a folder every app server mounts)."""

    kind = "folder"

    def __init__(self, root: Path) -> None:
        self.root = root.absolute()

    def _file(self, path: str) -> Path:
        return self.root / check_path(path)

    def save(self, path: str, data: bytes, *, replace: bool = False) -> None:
        write_file(self._file(path), data, replace=replace)

    def open(self, path: str) -> IO[bytes]:
        return self._file(path).open("rb")

    def exists(self, path: str) -> bool:
        return self._file(path).is_file()

    def delete(self, path: str) -> None:
        self._file(path).unlink(missing_ok=True)

    def files(self) -> Iterator[StoredFile]:
        if not self.root.is_dir():
            return
        for file in sorted(self.root.rglob("*")):
            if not file.is_file() or file.is_symlink():
                continue
            relative = file.relative_to(self.root).as_posix()
            try:
                check_path(relative)
            except InvalidMediaPath:
                continue  # a half-written temporary file, or one Warta did not write
            status = file.stat()
            yield StoredFile(relative, status.st_size,
                             datetime.fromtimestamp(status.st_mtime, UTC).replace(tzinfo=None))

    def serve(self, path: str, max_age: int = MAX_AGE) -> Response:
        try:
            check_path(path)
        except InvalidMediaPath:
            raise NotFound() from None
        return send_from_directory(self.root, path, max_age=max_age)

    @property
    def folder(self) -> Path:
        return self.root
