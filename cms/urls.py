"""Absolute URLs for canonical links, feeds and sitemaps, all from the site's one origin.

The origin is ``SITE_URL`` when configured (``cms init`` writes it). Without it, the
scheme and host the request arrived with (after the trusted proxy's headers, see
:mod:`cms.proxies`) stand in, and every cache keys on that origin: a page made for one
host is never served to a reader of another.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from flask import Flask, current_app, request, url_for
from werkzeug.wsgi import get_host

from cms.proxies import request_environ, request_origin


def site_origin() -> str:
    """``scheme://host[:port]`` every absolute address of this site starts with.

    ``SITE_URL`` when configured; otherwise the request's own, so outside a request a
    site without ``SITE_URL`` has none (``RuntimeError``, as for ``request.host_url``).
    """
    return current_app.config.get("SITE_URL") or request.host_url.rstrip("/")


def absolute_address(path: str) -> str:
    """``path`` on this site as a full address; an address with a scheme stays as it is
    (a media store or a plugin may already give one)."""
    return path if "://" in path else site_origin() + path


def absolute_url(endpoint: str, **values: Any) -> str:
    """The address of ``endpoint`` on the site's origin (:func:`site_origin`)."""
    return site_origin() + url_for(endpoint, **values)


def page_address(app: Flask, environ: MutableMapping[str, Any]) -> str | None:
    """The origin, path and query a page for this request is rendered for.

    What the page cache keys on, worked out before the app sees the request, the way
    the app will see it. ``None`` for a host ``TRUSTED_HOSTS`` refuses: the app answers
    those with 400, so no stored page may answer them.
    """
    if request_origin(app, environ).refused_host is not None:
        return None
    seen = request_environ(app, environ)
    origin = app.config["SITE_URL"] or f"{seen['wsgi.url_scheme']}://{get_host(seen)}"
    return f"{origin}{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}"


def has_endpoint(endpoint: str) -> bool:
    """Whether a page exists (e.g. search), so a theme links only to what is there."""
    return endpoint in current_app.view_functions


def init_app(app: Flask) -> None:
    app.add_template_global(absolute_url, "absolute_url")
    app.add_template_global(site_origin, "site_origin")
    app.add_template_global(has_endpoint, "has_endpoint")
