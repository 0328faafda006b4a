"""Indonesian first: the interface language of each request (Flask-Babel)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

from cms.extensions import babel
from cms.site import TIMEZONES, site_settings

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def site_language() -> str:
    """The language the admin chose for the site, if Warta speaks it; else the default."""
    language = site_settings()["language"]
    if language in current_app.config["LANGUAGES"]:
        return language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_locale() -> str:
    """The user's own choice, else ``?lang=``, else the site's language (Indonesian unless
    the admin chose otherwise); outside a request (``cms`` commands), the site's language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return site_language()
    # Without cookies nobody is signed in: skip looking the user up (most readers).
    if request.cookies and current_user and current_user.is_authenticated and (
            current_user.locale in languages):
        return current_user.locale
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    return site_language()


def select_timezone() -> str:
    """The site's zone (WIB, WITA or WIT) as chosen in the admin settings."""
    zone = site_settings()["timezone"]
    return zone if zone in TIMEZONES else current_app.config["BABEL_DEFAULT_TIMEZONE"]


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.add_template_global(get_locale, "get_locale")
