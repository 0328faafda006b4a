"""Warta's page cache: readers' pages are served from a shared cache until content changes.

Only what :mod:`cms.httpcache` calls public is stored (anonymous GET/HEAD, no cookie).
Any change a reader could see calls :func:`invalidate`, which moves a generation token:
every worker then misses on its next request, so no stale page outlives a publish.
The store is Flask-Caching's (a folder in the instance by default, Redis in production).
"""

from __future__ import annotations

import hashlib
import secrets

from flask import Flask, Response, current_app, g, request

from cms.extensions import cache
from cms.httpcache import is_public

GENERATION_KEY = "warta:page:generation"
SKIPPED_PREFIXES = ("/admin", "/login", "/logout", "/account", "/static", "/theme/", "/_")


def invalidate() -> None:
    """Forget every cached page (call after publishing, editing or changing settings)."""
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=0)


def do_not_store() -> None:
    """Keep this answer out of the page cache (browsers may still cache it briefly).

    For pages with unbounded variety, such as search results: storing every distinct
    query would fill the shared store with pages nobody asks for twice.
    """
    g.warta_page_skip = True


def _key() -> str | None:
    if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED_PREFIXES):
        return None
    if request.cookies.get(current_app.config["SESSION_COOKIE_NAME"]) or request.cookies.get(
            current_app.config["REMEMBER_COOKIE_NAME"]):
        return None  # someone with a session may see a personalised page
    generation = cache.get(GENERATION_KEY) or "0"
    return f"warta:page:{_site_fingerprint()}:{generation}:{request.full_path}"


def _site_fingerprint() -> str:
    """Which plugins (and versions) and theme this process runs: a site started with other
    plugins or another theme never serves pages cached before the change."""
    app = current_app
    if "warta.page_fingerprint" not in app.extensions:
        from cms.pluginmanager import get_manager
        from cms.themes import get_registry

        loaded = sorted(f"{r.name}:{r.plugin.version}" for r in get_manager(app).loaded())
        theme = get_registry().active
        text = ",".join(loaded) + f"|{theme.name if theme else ''}"
        app.extensions["warta.page_fingerprint"] = hashlib.sha256(text.encode()).hexdigest()[:12]
    return app.extensions["warta.page_fingerprint"]


def init_app(app: Flask) -> None:
    if not app.config["PAGE_CACHE"]:
        return

    @app.before_request
    def serve_cached() -> Response | None:
        key = _key()
        if key is None:
            return None
        g.warta_page_key = key
        stored = cache.get(key)
        if stored is None:
            return None
        body, status, headers = stored
        g.warta_page_hit = True
        return Response(body, status=status, headers=headers)

    @app.after_request
    def store(response: Response) -> Response:
        key = g.get("warta_page_key")
        if (key and not g.get("warta_page_hit") and not g.get("warta_page_skip")
                and is_public(response)):
            headers = [(k, v) for k, v in response.headers.items()
                       if k in ("Content-Type", "Cache-Control", "Last-Modified")]
            cache.set(key, (response.get_data(), response.status_code, headers))
        return response
