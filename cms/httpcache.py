"""HTTP caching for readers' pages: ETag and Last-Modified answers with 304 when unchanged.

Only anonymous GET and HEAD answers without cookies are shared-cacheable; anything for a
logged-in user or that sets a cookie is private. News changes often, so browsers and
proxies keep public pages only briefly and revalidate with the ETag.
"""

from __future__ import annotations

import hashlib

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
        and not has_header(response, "Set-Cookie")
        and not session.modified  # e.g. a form's CSRF token: the cookie comes after this
        and not _signed_in()
        and not request.path.startswith("/admin")
    )


def has_header(response: Response, name: str) -> bool:
    """Like ``name in response.headers``, which in werkzeug builds and catches an exception
    for every header that is missing: most of them, on every page."""
    name = name.lower()
    return any(key.lower() == name for key, _value in response.headers)


def _signed_in() -> bool:
    # Sign-in lives in the session or remember-me cookie: without cookies nobody is signed
    # in, and looking the user up (the busiest readers' case) can be skipped.
    return bool(request.cookies) and bool(current_user and current_user.is_authenticated)


def init_app(app: Flask) -> None:
    @app.after_request
    def conditional(response: Response) -> Response:
        if has_header(response, "Cache-Control") and (
                response.cache_control.max_age is not None or response.cache_control.no_store):
            return response  # the view decided (static files, feeds, site.css)
        if not is_public(response):
            response.cache_control.private = True
            response.cache_control.no_cache = True
            return response
        response.headers["Cache-Control"] = PUBLIC_CACHE_CONTROL
        if has_header(response, "Vary"):
            response.vary.add("Cookie")
        else:
            response.headers["Vary"] = "Cookie"
        return unchanged_or_full(response)


def unchanged_or_full(response: Response) -> Response:
    """Tag the page with a hash of its body, and answer 304 when the browser holds it.

    werkzeug's ``make_conditional`` does this too, along with ranges and dates that pages
    never use, at several times the cost on every page served.
    """
    etag = hashlib.sha1(response.get_data()).hexdigest()
    response.set_etag(etag)
    if request.if_none_match.contains_weak(etag):  # weak comparison, as RFC 9110 asks
        response.status_code = 304
    return response
