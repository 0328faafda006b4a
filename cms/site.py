"""Site-wide settings editors see in the admin (name, tagline, language)."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g

from cms.settings import get_setting, set_setting

SITE_SETTINGS = ("site_name", "tagline", "language")
SETTING_KEY = "site"


def site_settings() -> dict[str, Any]:
    """The stored settings over the configured defaults, read once per request."""
    if "warta_site" not in g:
        config = current_app.config
        defaults = {
            "site_name": config["SITE_NAME"],
            "tagline": config.get("SITE_TAGLINE", ""),
            "language": config["BABEL_DEFAULT_LOCALE"],
        }
        g.warta_site = {**defaults, **(get_setting(SETTING_KEY, {}) or {})}
    return g.warta_site


def update_site_settings(values: dict[str, Any]) -> None:
    stored = get_setting(SETTING_KEY, {}) or {}
    stored.update({k: v for k, v in values.items() if k in SITE_SETTINGS})
    set_setting(SETTING_KEY, stored)
    g.pop("warta_site", None)


def init_app(app: Flask) -> None:
    app.add_template_global(site_settings, "site")
