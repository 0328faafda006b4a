"""Where uploaded media lives: one interface, a folder or the database behind it.

Plugins keep media (the articles plugin's images and their responsive copies) through
:class:`MediaStorage` only, so a site chooses where the bytes go with one setting,
``MEDIA_STORAGE`` (``WARTA_MEDIA_STORAGE``):

``folder`` (the default)
    Files in ``UPLOADS_FOLDER`` (``instance/uploads``). One app server, or several that
    mount the same folder; nginx may serve it directly.
``database``
    Files in the site's database (:mod:`.database`), with a disk cache on each app server
    (``MEDIA_CACHE_FOLDER``, ``instance/media-cache``). Several app servers on one
    PostgreSQL share media with no new kind of server, the backup holds it, and losing an
    app server's disk loses nothing but its cache.

Paths are relative, ``/``-separated names such as ``2026/11/0f3a….jpg``: every method
refuses anything else (``..``, absolute paths, odd characters) with
:class:`InvalidMediaPath`, so no caller can reach outside the store. Why the database
rather than a shared mount, with the figures, is in ``docs/media.md``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from cms.config import ConfigurationError
from cms.storage.base import (
    MAX_AGE,
    InvalidMediaPath,
    MediaStorage,
    StoredFile,
    check_path,
    content_type,
)
from cms.storage.database import DatabaseStorage
from cms.storage.folder import FolderStorage

__all__ = ["MAX_AGE", "STORAGES", "DatabaseStorage", "FolderStorage", "InvalidMediaPath",
           "MediaStorage", "StoredFile", "check_path", "content_type", "get_media_storage",
           "init_app", "make_storage"]

#: The values ``MEDIA_STORAGE`` takes.
STORAGES = ("folder", "database")
_EXTENSION_KEY = "warta_media_storage"


def make_storage(app: Flask, kind: str | None = None) -> MediaStorage:
    """The store ``kind`` (by default the one ``MEDIA_STORAGE`` names) for ``app``.

    Raises :class:`ConfigurationError` for a kind Warta does not have.
    """
    kind = kind or app.config["MEDIA_STORAGE"]
    instance = Path(app.instance_path)
    if kind == "folder":
        return FolderStorage(Path(app.config.get("UPLOADS_FOLDER") or instance / "uploads"))
    if kind == "database":
        return DatabaseStorage(Path(app.config.get("MEDIA_CACHE_FOLDER")
                                    or instance / "media-cache"))
    raise ConfigurationError(
        f"MEDIA_STORAGE is {kind!r}: set it to one of {', '.join(STORAGES)} "
        "(see docs/media.md)")


def init_app(app: Flask) -> None:
    """Choose the site's store at start-up, so a wrong setting stops the boot."""
    app.config.setdefault("MEDIA_STORAGE", "folder")
    app.extensions[_EXTENSION_KEY] = make_storage(app)


def get_media_storage(app: Flask | None = None) -> MediaStorage:
    """The site's media store (``MEDIA_STORAGE``): where plugins save and serve media."""
    return (app or current_app).extensions[_EXTENSION_KEY]
