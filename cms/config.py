"""Configuration defaults and the order in which a site overrides them."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.sansio.utils import host_is_trusted

from cms import ratelimit

ENV_PREFIX = "WARTA"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """A site cannot start with the configuration it was given."""


class DefaultConfig:
    """Values every site starts from; ``instance/config.py`` and ``WARTA_*`` override them."""

    SITE_NAME = "Warta"
    # The site's one public origin, e.g. "https://kabarkediri.id" (`cms init` asks for it):
    # every absolute address (canonical links, og:url, feeds, sitemaps, robots.txt) is
    # built from it, never from the Host or X-Forwarded-* headers of a request.
    SITE_URL: str | None = None
    # With PROXY_FIX, whose X-Forwarded-For/Proto/Host count: addresses or networks of the
    # reverse proxy, and "unix" for one that connects through a Unix socket. A client that
    # reaches the app directly cannot choose its address (the login limit counts by it).
    TRUSTED_PROXIES = ["127.0.0.1", "::1", "unix"]
    # None: requests for any host get the site (its addresses come from SITE_URL anyway);
    # a list (e.g. ["kabarkediri.id", "www.kabarkediri.id"]) answers other hosts with 400.
    TRUSTED_HOSTS: list[str] | None = None
    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    PLUGINS_FOLDER = str(PROJECT_ROOT / "plugins")
    EXTRA_PLUGIN_FOLDERS: list[str] = []
    # None: every discovered plugin may load (its stored state decides); a list limits them.
    PLUGINS: list[str] | None = None
    SAFE_MODE = False

    THEMES_FOLDER = str(PROJECT_ROOT / "themes")
    THEME = None  # None: the theme chosen with `cms themes use`, else "default"

    # nh3 by default: bleach's time grows with the square of an article's elements
    # (see cms/sanitize.py); WARTA_SANITIZER=bleach keeps the older backend.
    SANITIZER = "nh3"

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = ("id", "en")

    # Large enough for a 2 MB article plus its form fields; uploads are checked again per type.
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 8 * 1024 * 1024

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # also set for every request that arrives over HTTPS
    SESSION_COOKIE_NAME = "warta_session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    REMEMBER_COOKIE_NAME = "warta_remember"
    SESSION_LIFETIME = timedelta(days=14)  # idle time after which a login ends
    SESSION_MAX_AGE = timedelta(days=30)  # a login ends after this, however active
    PROXY_FIX = False

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; autosave keeps both
    # None: a SQLite file in the instance, shared by every worker of this server
    # (cms/ratelimit.py); "redis://…" for several servers; "memory://" counts per process.
    RATELIMIT_STORAGE_URI: str | None = None
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute; 50 per hour"

    # The page cache: a folder in the instance by default; WARTA_CACHE_TYPE=RedisCache and
    # WARTA_CACHE_REDIS_URL=redis://… when several app servers share it.
    PAGE_CACHE = True
    # Template fragments (cms.fragments) in the same store; the timeout bounds how long
    # slowly moving parts such as "most read" stay as they were.
    FRAGMENT_CACHE = True
    FRAGMENT_TIMEOUT = 300
    CACHE_TYPE = "FileSystemCache"
    CACHE_DIR: str | None = None
    CACHE_DEFAULT_TIMEOUT = 300
    # Pages and fragments that name what they show (cms.cachetags) are emptied by the
    # changes that touch them, so they may stay longer than those that do not.
    CACHE_PRECISE_TIMEOUT = 86400
    CACHE_THRESHOLD = 20000

    PASSWORD_MIN_LENGTH = 8
    PASSWORD_MAX_LENGTH = 256


def instance_path() -> str:
    """``WARTA_INSTANCE`` when set, else ``./instance`` of the working directory."""
    return os.path.abspath(os.environ.get(f"{ENV_PREFIX}_INSTANCE") or "instance")


def load(app: Flask, test_config: Mapping[str, Any] | None = None) -> None:
    """Apply defaults, instance file, environment and test mapping, in that order."""
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(ENV_PREFIX)
    if test_config is not None:
        app.config.from_mapping(test_config)
    _derive(app)


def _as_list(value: Any, separator: str, name: str) -> list[str] | None:
    """A list from a list or a separated string (how an environment variable gives it)."""
    if value is None:
        return None
    if isinstance(value, str):
        return [part.strip() for part in value.split(separator) if part.strip()]
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigurationError(
        f"{name} must be a list of strings or a string separated by {separator!r}"
    )


def _derive(app: Flask) -> None:
    config = app.config
    config["EXTRA_PLUGIN_FOLDERS"] = _as_list(config["EXTRA_PLUGIN_FOLDERS"], os.pathsep,
                                              "EXTRA_PLUGIN_FOLDERS") or []
    config["PLUGINS"] = _as_list(config["PLUGINS"], ",", "PLUGINS")
    _derive_origin(config)
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = config.get("DATABASE_URL") or (
            "sqlite:///" + os.path.join(app.instance_path, "warta.db")
        )
    config["PERMANENT_SESSION_LIFETIME"] = config["SESSION_LIFETIME"]
    config["PAGE_CACHE"] = as_bool(config.get("PAGE_CACHE"))
    config["FRAGMENT_CACHE"] = as_bool(config.get("FRAGMENT_CACHE"))
    if config["CACHE_TYPE"] == "FileSystemCache" and not config.get("CACHE_DIR"):
        config["CACHE_DIR"] = os.path.join(app.instance_path, "cache")
    config["SAFE_MODE"] = as_bool(config.get("SAFE_MODE"))
    if not config.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = ratelimit.storage_uri(
            os.path.join(app.instance_path, "ratelimits.sqlite3"))
    if not config.get("SECRET_KEY"):
        if config.get("TESTING") or config.get("DEBUG"):
            config["SECRET_KEY"] = "warta-development-only"
        else:
            raise ConfigurationError(
                f"SECRET_KEY is not set for the instance at {app.instance_path}: "
                "run `cms init` to create one, or set WARTA_SECRET_KEY."
            )


def _derive_origin(config: dict[str, Any]) -> None:
    """Check the settings that decide which addresses the site answers for and links to."""
    config["SITE_URL"] = parse_site_url(config.get("SITE_URL"))
    config["TRUSTED_HOSTS"] = _as_list(config.get("TRUSTED_HOSTS"), ",", "TRUSTED_HOSTS")
    if config["TRUSTED_HOSTS"] and not (
            config["SITE_URL"] and host_is_trusted(urlsplit(config["SITE_URL"]).netloc,
                                                   config["TRUSTED_HOSTS"])):
        raise ConfigurationError(
            "TRUSTED_HOSTS must include the host of SITE_URL (and SITE_URL must be set): "
            "otherwise the site would refuse its own address"
        )
    proxies = _as_list(config.get("TRUSTED_PROXIES"), ",", "TRUSTED_PROXIES") or []
    for entry in proxies:
        if entry != "unix":
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ConfigurationError(
                    f"TRUSTED_PROXIES: {entry!r} is not an IP address or network; list the "
                    "reverse proxy's address (e.g. 10.0.0.5 or 10.0.0.0/24) or \"unix\""
                ) from None
    config["TRUSTED_PROXIES"] = proxies


def parse_site_url(value: Any) -> str | None:
    """``value`` as an origin (``scheme://host[:port]``, lower case), or ``None`` when unset.

    Only an origin: a path would be added twice to addresses built with ``url_for``, which
    already carries the prefix the app is mounted under.
    """
    if value is None or not str(value).strip():
        return None
    try:
        parts = urlsplit(str(value).strip())
        valid = (parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
                 and parts.port != 0 and parts.username is None and parts.path in ("", "/")
                 and not parts.query and not parts.fragment)
    except ValueError:  # a port that is not a number, a broken IPv6 address
        valid = False
    if not valid:
        raise ConfigurationError(
            f"SITE_URL must be the site's public address, scheme and host only, such as "
            f"https://kabarkediri.id (got {value!r})"
        )
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def as_bool(value: Any) -> bool:
    """``"1"``, ``"true"``, ``"yes"``, ``"on"`` (any case) and truthy values are true."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)
