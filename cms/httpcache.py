"""HTTP caching for readers' pages: ETag and Last-Modified answers with 304 when unchanged.

Only anonymous GET and HEAD answers without cookies are shared-cacheable; anything for a
logged-in user or that sets a cookie is private. News changes often, so browsers and
proxies keep public pages only briefly and revalidate with the ETag.
"""

from __future__ import annotations

from flask import Flask, Response, request, session
from flask_login import current_user

PUBLIC_MAX_AGE = 60
PUBLIC_CACHE_CONTROL = f"public, max-age={PUBLIC_MAX_AGE}"


def is_public(response: Response) -> bool:
    """May this answer be shared with every reader (and kept by proxies and the page cache)?"""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.direct_passthrough
        and "Set-Cookie" not in response.headers
        and not session.modified  # e.g. a form's CSRF token: the cookie comes after this
        and not _signed_in()
        and not request.path.startswith("/admin")
    )


def _signed_in() -> bool:
    # Sign-in lives in the session or remember-me cookie: without cookies nobody is signed
    # in, and looking the user up (the busiest readers' case) can be skipped.
    return bool(request.cookies) and bool(current_user and current_user.is_authenticated)


def init_app(app: Flask) -> None:
    @app.after_request
    def conditional(response: Response) -> Response:
        if response.cache_control.max_age is not None or response.cache_control.no_store:
            return response  # the view decided (static files, feeds, site.css)
        if not is_public(response):
            response.cache_control.private = True
            response.cache_control.no_cache = True
            return response
        response.headers["Cache-Control"] = PUBLIC_CACHE_CONTROL
        response.vary.add("Cookie")
        response.add_etag()
        return response.make_conditional(request)
