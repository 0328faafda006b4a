"""The site's logo: checked and re-encoded with Pillow, stored in the instance folder."""

from __future__ import annotations

import io
import secrets
import warnings
from pathlib import Path
from typing import BinaryIO

from flask import Flask, abort, current_app, send_from_directory
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 4000 * 4000
LOGO_BOX = (800, 240)


class LogoRejected(ValueError):
    """The upload is not a usable logo; the message says why."""


def logo_folder(app: Flask | None = None) -> Path:
    return Path((app or current_app).instance_path) / "site"


def store_logo(stream: BinaryIO) -> str:
    """Keep a re-encoded PNG (no metadata, at most 800×240); return its file name."""
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
    except (UnidentifiedImageError, OSError, Image.DecompressionBombWarning,
            Image.DecompressionBombError):
        raise LogoRejected(_("Logo harus berupa gambar PNG, JPEG atau WebP.")) from None
    image = image.convert("RGBA")
    image.thumbnail(LOGO_BOX)
    folder = logo_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"logo-{secrets.token_hex(6)}.png"
    image.save(folder / name, "PNG", optimize=True)
    return name


def _serve_logo(name: str):
    if not name.startswith("logo-") or "/" in name or not name.endswith(".png"):
        abort(404)
    return send_from_directory(logo_folder(), name, max_age=31536000)


def init_app(app: Flask) -> None:
    app.add_url_rule("/site/<name>", "site_logo", _serve_logo)
