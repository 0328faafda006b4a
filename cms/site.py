"""Site-wide settings editors see in the admin: name, tagline, language, time zone, colour,
logo, and the small stylesheet that carries the colour to every theme."""

from __future__ import annotations

import hashlib
import re
import time
from typing import Any

from flask import Flask, Response, current_app, g, request, url_for

from cms import pagecache
from cms.settings import get_setting, set_setting

SITE_SETTINGS = ("site_name", "tagline", "language", "timezone", "accent_color", "logo",
                 "logo_dark", "favicon", "theme_color")
#: Settings that are uploaded images (see :mod:`cms.branding`), not typed values.
BRAND_UPLOADS = ("logo", "logo_dark", "favicon")
SETTING_KEY = "site"
#: Indonesia's three time zones, with the abbreviations readers expect after a time.
TIMEZONES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_ACCENT = "#c0392b"
# Settings change rarely and every page needs them: several workers may serve a new value
# a few seconds late, which is the price of not reading the database on every request.
CACHE_SECONDS = 5.0


def _defaults() -> dict[str, Any]:
    config = current_app.config
    return {
        "site_name": config["SITE_NAME"],
        "tagline": config.get("SITE_TAGLINE", ""),
        "language": config["BABEL_DEFAULT_LOCALE"],
        "timezone": config["BABEL_DEFAULT_TIMEZONE"],
        "accent_color": DEFAULT_ACCENT,
        "logo": "",
        "logo_dark": "",
        "favicon": "",
        "theme_color": "",
    }


def site_settings() -> dict[str, Any]:
    """The stored settings over the configured defaults."""
    cache = current_app.extensions.setdefault("warta.site", {"at": 0.0, "values": None})
    if "warta_site" not in g:
        if cache["values"] is None or time.monotonic() - cache["at"] > CACHE_SECONDS:
            cache["values"] = {**_defaults(), **(get_setting(SETTING_KEY, {}) or {})}
            cache["at"] = time.monotonic()
        g.warta_site = cache["values"]
    return g.warta_site


def update_site_settings(values: dict[str, Any]) -> None:
    stored = get_setting(SETTING_KEY, {}) or {}
    stored.update({k: v for k, v in values.items() if k in SITE_SETTINGS})
    set_setting(SETTING_KEY, stored)
    current_app.extensions["warta.site"] = {"at": 0.0, "values": None}
    pagecache.invalidate()
    g.pop("warta_site", None)


def timezone_abbreviation() -> str:
    return TIMEZONES.get(site_settings()["timezone"], "")


def site_stylesheet() -> str:
    accent = site_settings()["accent_color"]
    if not COLOR.match(accent or ""):
        accent = DEFAULT_ACCENT
    return f":root {{ --accent: {accent}; }}\n"


def site_css_url() -> str:
    digest = hashlib.sha256(site_stylesheet().encode()).hexdigest()[:10]
    return url_for("site_css", v=digest)


def _serve_site_css() -> Response:
    response = Response(site_stylesheet(), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 31536000 if request.args.get("v") else 60
    return response


def init_app(app: Flask) -> None:
    app.add_template_global(site_settings, "site")
    app.add_template_global(site_css_url, "site_css_url")
    app.add_url_rule("/site.css", "site_css", _serve_site_css)
