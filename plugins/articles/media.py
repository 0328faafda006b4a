"""The media library: uploads become re-encoded images in ``instance/uploads`` and a row."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask import Flask, current_app, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from cms.api import User, db
from plugins.articles.images import ImageRejected, ImageTooLarge, StoredImage, store_image
from plugins.articles.models import Media

__all__ = ["ImageRejected", "ImageTooLarge", "save_upload", "srcset_for", "url_for_media"]

SERVED_PATH = re.compile(r"^\d{4}/\d{2}/[a-f0-9]{8,64}(-\d{2,5})?\.(jpg|png|webp|gif)$")


def uploads_folder(app: Flask | None = None) -> Path:
    app = app or current_app
    return Path(app.config.get("UPLOADS_FOLDER") or Path(app.instance_path) / "uploads")


def is_served_path(path: str) -> bool:
    """Only names Warta generated are served, so nothing else in the folder leaks."""
    return bool(SERVED_PATH.match(path))


def url_for_media(path: str) -> str:
    """The public address of a stored image file (a :class:`Media` path or variant)."""
    return url_for("articles_files.uploaded", path=path)


def save_upload(upload: FileStorage | None, user: User, caption: str = "", credit: str = "",
                alt: str = "") -> Media:
    """Store an uploaded image in the media library and commit it.

    Raises :class:`ImageRejected` (or :class:`ImageTooLarge`) with the reason to show.
    """
    if upload is None or not upload.filename:
        raise ImageRejected(_("Pilih berkas gambar untuk diunggah."))
    stored: StoredImage = store_image(
        upload.stream, uploads_folder(),
        max_bytes=current_app.config.get("ARTICLES_MAX_IMAGE_BYTES", 10 * 1024 * 1024),
    )
    item = add_media(stored, caption, credit, alt, uploader=user)
    db.session.commit()
    return item


def add_media(stored: StoredImage, caption: str = "", credit: str = "", alt: str = "",
              uploader: User | None = None) -> Media:
    """The library row for an image already stored on disk (added, not committed)."""
    item = Media(path=stored.path, width=stored.width, height=stored.height,
                 format=stored.format, size_bytes=stored.size_bytes,
                 variants_json=json.dumps({str(w): p for w, p in stored.variants.items()}),
                 caption=(caption or "")[:500], credit=(credit or "")[:200],
                 alt=(alt or "")[:300], uploader_id=uploader.id if uploader else None)
    db.session.add(item)
    db.session.flush()
    return item


def srcset_for(item: Media) -> str:
    """``srcset`` for responsive images, the original included at its own width."""
    entries = {width: path for width, path in item.variants.items()}
    entries.setdefault(item.width, item.path)
    return ", ".join(f"{url_for_media(path)} {width}w" for width, path in sorted(entries.items()))
