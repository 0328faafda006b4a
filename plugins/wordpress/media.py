"""WordPress attachments into the media library, from a local copy of ``wp-content/uploads``.

An attachment's file is found by its ``_wp_attached_file`` (``2024/05/foto.jpg``), or by
the part of its address after ``/wp-content/uploads/``; the same key finds an image in a
body, WordPress's resized copies (``foto-300x200.jpg``) included, so every link to it is
rewritten to the one imported image. A file outside the folder is never opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from plugins.wordpress.items import meta
from plugins.wordpress.wxr import Node

UPLOADS_MARK = "/wp-content/uploads/"
_SIZED = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")


@dataclass
class Attachment:
    wp_id: int
    guid: str
    link: str
    file: str  # relative to the uploads folder, "" when unknown
    alt: str
    caption: str


def upload_key(url: str) -> str:
    """``2024/05/foto.jpg`` for any address of that upload or of its resized copies."""
    path = unquote(urlsplit(url.strip()).path)
    if UPLOADS_MARK not in path:
        return ""
    return _SIZED.sub("", path.split(UPLOADS_MARK, 1)[1])


def attachment_of(node: Node) -> Attachment:
    postmeta = meta(node)
    file = postmeta.get("_wp_attached_file", "").strip() or upload_key(
        node.get("wp:attachment_url"))
    return Attachment(
        wp_id=int(node.get("wp:post_id")), guid=node.get("guid"), link=node.get("link"),
        file=file,
        alt=postmeta.get("_wp_attachment_image_alt", "").strip(),
        caption=" ".join(node.get("excerpt:encoded").split()))


def local_file(uploads: Path, relative: str) -> Path | None:
    """The file under ``uploads`` named ``relative``, or None if missing or outside it."""
    if not relative:
        return None
    root = uploads.resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate
