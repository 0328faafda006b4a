"""Warta's page cache: readers' pages are served from a shared cache until content changes.

Only what :mod:`cms.httpcache` calls public is stored (anonymous GET/HEAD, no cookie).
Any change a reader could see calls :func:`invalidate`, which moves a generation token:
every worker then misses on its next request, so no stale page outlives a publish.
The store is Flask-Caching's (a folder in the instance by default, Redis in production).
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, g, request

from cms.extensions import cache
from cms.httpcache import is_public

GENERATION_KEY = "warta:page:generation"
SKIPPED_PREFIXES = ("/admin", "/login", "/logout", "/account", "/static", "/theme/", "/_")


def invalidate() -> None:
    """Forget every cached page (call after publishing, editing or changing settings)."""
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=0)


def _key() -> str | None:
    if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED_PREFIXES):
        return None
    if request.cookies.get(current_app.config["SESSION_COOKIE_NAME"]) or request.cookies.get(
            current_app.config["REMEMBER_COOKIE_NAME"]):
        return None  # someone with a session may see a personalised page
    generation = cache.get(GENERATION_KEY) or "0"
    return f"warta:page:{generation}:{request.full_path}"


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
        if key and not g.get("warta_page_hit") and is_public(response):
            headers = [(k, v) for k, v in response.headers.items()
                       if k in ("Content-Type", "Cache-Control", "Last-Modified")]
            cache.set(key, (response.get_data(), response.status_code, headers))
        return response
