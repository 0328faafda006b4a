"""The ``database`` media store: files in the ``media_blob`` table, cached on each server.

Several app servers on one PostgreSQL share their media this way without a new kind of
server (no NFS, no object store): an image saved through one server is a row every other
server reads. Each server keeps the files it served in its own disk cache
(``MEDIA_CACHE_FOLDER``), so a busy image is read from the database once per server;
the cache can be deleted at any time and fills again.

Every request still asks the database whether the file exists and how large it is (one
primary-key look-up, no ``data``), so a file deleted through one server stops being
served by all of them at once, and a cache left over from another site is never served.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from flask import Response, send_file
from sqlalchemy import delete, insert, select
from werkzeug.exceptions import NotFound

from cms.clock import utcnow
from cms.extensions import db
from cms.models.media_blob import MediaBlob
from cms.storage.base import (
    MAX_AGE,
    InvalidMediaPath,
    MediaStorage,
    StoredFile,
    check_path,
    content_type,
)
from cms.storage.folder import write_file

logger = logging.getLogger(__name__)


class DatabaseStorage(MediaStorage):
    """Files as rows of ``media_blob``, written in the caller's transaction."""

    kind = "database"

    def __init__(self, cache_folder: Path) -> None:
        self.cache_folder = cache_folder.absolute()

    def save(self, path: str, data: bytes, *, replace: bool = False) -> None:
        check_path(path)
        if self.exists(path):
            if not replace:
                raise FileExistsError(f"media {path} is already stored")
            self.delete(path)
        db.session.execute(insert(MediaBlob).values(path=path, size=len(data),
                                                    created_at=utcnow(), data=data))
        self._cache(path, data)

    def open(self, path: str) -> IO[bytes]:
        data = db.session.scalar(select(MediaBlob.data).where(MediaBlob.path == check_path(path)))
        if data is None:
            raise FileNotFoundError(f"media {path} is not stored")
        return io.BytesIO(data)

    def exists(self, path: str) -> bool:
        return db.session.scalar(
            select(MediaBlob.size).where(MediaBlob.path == check_path(path))) is not None

    def delete(self, path: str) -> None:
        db.session.execute(delete(MediaBlob).where(MediaBlob.path == check_path(path)))
        (self.cache_folder / path).unlink(missing_ok=True)

    def files(self) -> Iterator[StoredFile]:
        rows = db.session.execute(select(MediaBlob.path, MediaBlob.size, MediaBlob.created_at)
                                  .order_by(MediaBlob.path)).all()
        for path, size, created_at in rows:
            yield StoredFile(path, size, created_at)

    def serve(self, path: str, max_age: int = MAX_AGE) -> Response:
        try:
            check_path(path)
        except InvalidMediaPath:
            raise NotFound() from None
        row = db.session.execute(select(MediaBlob.size, MediaBlob.created_at)
                                 .where(MediaBlob.path == path)).first()
        cached = self.cache_folder / path
        if row is None:
            cached.unlink(missing_ok=True)
            raise NotFound()
        size, created_at = row
        options = {"mimetype": content_type(path), "max_age": max_age, "conditional": True,
                   "last_modified": created_at,
                   # The same on every server, so a client's copy stays valid whichever
                   # server the load balancer picks (file names are never reused).
                   "etag": hashlib.sha256(f"{path}:{size}".encode()).hexdigest()[:32]}
        if not (cached.is_file() and cached.stat().st_size == size):
            data = db.session.scalar(select(MediaBlob.data).where(MediaBlob.path == path))
            if data is None:
                raise NotFound()
            if not self._cache(path, data):
                return send_file(io.BytesIO(data), **options)
        return send_file(cached, **options)

    def _cache(self, path: str, data: bytes) -> bool:
        """Keep a copy in this server's cache; a cache that cannot be written is skipped."""
        try:
            write_file(self.cache_folder / path, data)
        except OSError as exc:
            logger.warning("media cache %s not writable (%s): serving from the database",
                           self.cache_folder, exc)
            return False
        return True
