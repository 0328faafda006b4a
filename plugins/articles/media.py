"""The media library: uploads become re-encoded images in the site's media store and a row.

The store (``MEDIA_STORAGE``: the instance's uploads folder, or the database for several
app servers) is the core's, reached through :func:`cms.api.get_media_storage`; this
module only decides which names are served and under which address.

Each uploader has a storage quota (``ARTICLES_UPLOAD_QUOTA_BYTES``, the stored originals
counted): past it, uploads are refused with the figures until images are deleted or the
quota is raised. Responsive copies are not counted; they add about a third.
"""

from __future__ import annotations

import json
import re
from typing import BinaryIO

from flask import Response, abort, current_app
from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from werkzeug.datastructures import FileStorage

from cms.api import User, db, get_media_storage
from plugins.articles.addresses import address
from plugins.articles.images import (
    ImageRejected,
    ImageTooLarge,
    StoredImage,
    describe_bytes,
    store_image,
)
from plugins.articles.models import Article, Media, visible_filter
from plugins.articles.permissions import is_editor

__all__ = ["ImageRejected", "ImageTooLarge", "QuotaExceeded", "import_image", "save_upload",
           "serve_upload", "srcset_for", "url_for_media"]

DEFAULT_QUOTA_BYTES = 2 * 1024 * 1024 * 1024
DEFAULT_MAX_SIDE = 12_000


class QuotaExceeded(ImageRejected):
    """The uploader's stored images already fill their quota."""


def used_bytes(user: User) -> int:
    """What *user*'s uploads take in the media store (their originals)."""
    return db.session.scalar(select(func.coalesce(func.sum(Media.size_bytes), 0))
                             .where(Media.uploader_id == user.id))


def _check_quota(user: User) -> None:
    quota = current_app.config.get("ARTICLES_UPLOAD_QUOTA_BYTES", DEFAULT_QUOTA_BYTES)
    if not quota:
        return
    used = used_bytes(user)
    if used >= quota:
        raise QuotaExceeded(_(
            "Kuota penyimpanan gambar Anda penuh: %(used)s dari %(quota)s terpakai. "
            "Hapus gambar yang tidak dipakai atau minta admin menaikkan "
            "ARTICLES_UPLOAD_QUOTA_BYTES.", used=describe_bytes(used),
            quota=describe_bytes(quota)))

SERVED_PATH = re.compile(r"^\d{4}/\d{2}/[a-f0-9]{8,64}(-\d{2,5})?\.(jpg|png|webp|gif)$")


def is_served_path(path: str) -> bool:
    """Only names Warta generated are served, so nothing else in the folder leaks."""
    return bool(SERVED_PATH.match(path))


def serve_upload(path: str) -> Response:
    """The stored image ``path`` (or a responsive copy), from whichever store the site uses."""
    if not is_served_path(path):
        abort(404)
    return get_media_storage().serve(path)


def url_for_media(path: str) -> str:
    """The public address of a stored image file (a :class:`Media` path or variant)."""
    return address("articles_files.uploaded", "path", path)


def library_query(user: User) -> Select:
    """The images *user* sees in the media library, newest first.

    Editors see every upload. Anyone else sees their own uploads and the images already
    public as an article's main image: another writer's photos for a story not yet
    published stay out of sight (see docs/media.md).
    """
    query = select(Media).order_by(Media.created_at.desc())
    if is_editor(user):
        return query
    public = select(Article.image_id).where(Article.image_id.is_not(None), visible_filter())
    return query.where((Media.uploader_id == user.id) | Media.id.in_(public))


def save_upload(upload: FileStorage | None, user: User, caption: str = "", credit: str = "",
                alt: str = "") -> Media:
    """Store an uploaded image in the media library and commit it.

    Raises :class:`ImageRejected` (or :class:`ImageTooLarge`) with the reason to show.
    """
    if upload is None or not upload.filename:
        raise ImageRejected(_("Pilih berkas gambar untuk diunggah."))
    _check_quota(user)
    stored: StoredImage = store_image(
        upload.stream, get_media_storage(),
        max_bytes=current_app.config.get("ARTICLES_MAX_IMAGE_BYTES", 10 * 1024 * 1024),
        max_side=current_app.config.get("ARTICLES_MAX_IMAGE_SIDE", DEFAULT_MAX_SIDE),
    )
    item = add_media(stored, caption, credit, alt, uploader=user)
    db.session.commit()
    return item


def import_image(data: BinaryIO, caption: str = "", credit: str = "",
                 alt: str = "") -> Media:
    """Store an image brought in by an import (no uploader, no quota), not committed.

    Checked and re-encoded like any upload, so a file that is not an image, or too large,
    is refused with :class:`ImageRejected` (or :class:`ImageTooLarge`) and its reason.
    The caller commits with the rest of its batch.
    """
    stored: StoredImage = store_image(
        data, get_media_storage(),
        max_bytes=current_app.config.get("ARTICLES_MAX_IMAGE_BYTES", 10 * 1024 * 1024),
        max_side=current_app.config.get("ARTICLES_MAX_IMAGE_SIDE", DEFAULT_MAX_SIDE),
    )
    return add_media(stored, caption, credit, alt)


def add_media(stored: StoredImage, caption: str = "", credit: str = "", alt: str = "",
              uploader: User | None = None) -> Media:
    """The library row for an image already in the media store (added, not committed)."""
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
