"""The site's brand: its logos (light and dark), favicon and social card.

Uploads are checked and re-encoded with Pillow and kept in the site's media store (under
``site/``), so they are in backups and every app server serves them. Pages,
feeds, JSON-LD and social cards ask for the brand through the template globals set up in
:func:`init_app`, so a site that sets its logo sees it everywhere at once. The social
card (the ``og:image`` of pages without an image of their own) is drawn from the site's
name, colour and logo the first time it is asked for, and kept in this server's instance
folder (it can always be drawn again).
"""

from __future__ import annotations

import hashlib
import io
import secrets
import warnings
from pathlib import Path
from typing import BinaryIO

from flask import Flask, abort, current_app, send_from_directory, url_for
from flask_babel import gettext as _
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from cms.site import COLOR, DEFAULT_ACCENT, site_settings
from cms.storage import get_media_storage
from cms.urls import site_origin

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 4000 * 4000
LOGO_BOX = (800, 240)
FAVICON_SIZE = 512
#: Open Graph's recommended size; Facebook, WhatsApp and X crop others.
SOCIAL_SIZE = (1200, 630)
#: What each kind of upload is stored as: name prefix and the box it is fitted into.
KINDS = {"logo": ("logo", LOGO_BOX), "logo_dark": ("logo", LOGO_BOX),
         "favicon": ("icon", (FAVICON_SIZE, FAVICON_SIZE))}


class LogoRejected(ValueError):
    """The upload is not a usable logo; the message says why."""


def logo_folder(app: Flask | None = None) -> Path:
    """This server's folder of social cards (and of brand files from before the media store)."""
    return Path((app or current_app).instance_path) / "site"


def _stored(name: str) -> str:
    """Where a brand file lives in the media store."""
    return f"site/{name}"


def _open_image(stream: BinaryIO) -> Image.Image:
    data = stream.read(MAX_LOGO_BYTES + 1)
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRejected(_("Logo paling besar 2 MB."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=["PNG", "JPEG", "WEBP"])
            if image.width * image.height > MAX_LOGO_PIXELS:
                raise LogoRejected(_("Logo terlalu besar resolusinya."))
            image.load()
    # Pillow's decoders also raise ValueError, SyntaxError and EOFError on crafted files.
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
            Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise LogoRejected(_("Logo harus berupa gambar PNG, JPEG atau WebP.")) from None
    return image.convert("RGBA")


def store_image(stream: BinaryIO, kind: str = "logo") -> str:
    """Keep a re-encoded PNG (no metadata) fitted into the box of ``kind``; return its name.

    :param kind: a key of :data:`KINDS`: ``"logo"``, ``"logo_dark"`` or ``"favicon"``
        (made square, on a transparent background, so browsers' tabs show it whole).
    """
    prefix, box = KINDS[kind]
    image = _open_image(stream)
    image.thumbnail(box)
    if kind == "favicon":
        square = Image.new("RGBA", (max(image.size),) * 2, (0, 0, 0, 0))
        square.paste(image, ((square.width - image.width) // 2,
                             (square.height - image.height) // 2))
        image = square
    name = f"{prefix}-{secrets.token_hex(6)}.png"
    encoded = io.BytesIO()
    image.save(encoded, "PNG", optimize=True)
    get_media_storage().save(_stored(name), encoded.getvalue())
    return name


def _accent() -> str:
    accent = site_settings().get("accent_color") or ""
    return accent if COLOR.match(accent) else DEFAULT_ACCENT


def theme_color() -> str:
    """The browser's toolbar colour on phones: the site's own, else its accent colour."""
    color = site_settings().get("theme_color") or ""
    return color if COLOR.match(color) else _accent()


def _stored_url(key: str) -> str | None:
    name = site_settings().get(key) or ""
    return url_for("site_logo", name=name) if name else None


def logo_url() -> str | None:
    return _stored_url("logo")


def dark_logo_url() -> str | None:
    """The logo for dark backgrounds (``prefers-color-scheme: dark``), if the site has one."""
    return _stored_url("logo_dark")


def favicon_url() -> str:
    """The site's icon, or Warta's own."""
    return _stored_url("favicon") or url_for("static", filename="favicon.svg")


def absolute_logo_url() -> str | None:
    """The logo as a full address, for JSON-LD's publisher and feeds."""
    path = logo_url()
    return site_origin() + path if path else None


def _social_key() -> str:
    settings = site_settings()
    parts = (settings.get("site_name") or "", _accent(), settings.get("logo") or "")
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:12]


def social_image_url() -> str:
    """The site-wide ``og:image``: a card with the site's logo (or name) on its colour."""
    return site_origin() + url_for("site_logo", name=f"social-{_social_key()}.png")


def _draw_social_card(path: Path) -> None:
    settings = site_settings()
    card = Image.new("RGB", SOCIAL_SIZE, _accent())
    panel = Image.new("RGB", (SOCIAL_SIZE[0] - 120, SOCIAL_SIZE[1] - 120), "#ffffff")
    card.paste(panel, (60, 60))
    logo = settings.get("logo") or ""
    storage = get_media_storage()
    if logo and storage.exists(_stored(logo)):
        with Image.open(io.BytesIO(storage.read(_stored(logo)))) as image:
            image = image.convert("RGBA")
            image.thumbnail((panel.width - 120, panel.height - 120))
            card.paste(image, ((SOCIAL_SIZE[0] - image.width) // 2,
                               (SOCIAL_SIZE[1] - image.height) // 2), image)
    else:
        draw = ImageDraw.Draw(card)
        font = ImageFont.load_default(size=96)
        text = settings.get("site_name") or ""
        draw.text((SOCIAL_SIZE[0] // 2, SOCIAL_SIZE[1] // 2), text, fill="#111111",
                  font=font, anchor="mm")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{secrets.token_hex(4)}.part")
    card.save(temporary, "PNG", optimize=True)
    temporary.replace(path)  # readers never get half a file


def _serve_brand_file(name: str):
    prefix = name.split("-", 1)[0]
    if prefix not in ("logo", "icon", "social") or "/" in name or not name.endswith(".png"):
        abort(404)
    if prefix == "social":
        if name != f"social-{_social_key()}.png":
            abort(404)  # an old card: the pages that named it are gone
        path = logo_folder() / name
        if not path.is_file():
            _draw_social_card(path)
        return send_from_directory(logo_folder(), name, max_age=31536000)
    storage = get_media_storage()
    if not storage.exists(_stored(name)):
        earlier = logo_folder() / name
        if earlier.is_file():  # kept in the instance folder by an earlier Warta: move it in
            storage.save(_stored(name), earlier.read_bytes())
    return storage.serve(_stored(name), max_age=31536000)


def init_app(app: Flask) -> None:
    app.add_url_rule("/site/<name>", "site_logo", _serve_brand_file)
    for function in (logo_url, dark_logo_url, favicon_url, theme_color, absolute_logo_url,
                     social_image_url):
        app.add_template_global(function, f"brand_{function.__name__}")
