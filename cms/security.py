"""Security headers on every response, cookies marked Secure over HTTPS, and the trusted
reverse proxy (:mod:`cms.proxies`)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, request

from cms import proxies
from cms.hooks import call_hook

logger = logging.getLogger(__name__)

#: The Content-Security-Policy the core and default theme satisfy; plugins add sources
#: through the ``warta_content_security_policy`` hook.
BASE_CSP: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}


#: Sources no plugin may add: they would switch off what the policy is for.
FORBIDDEN_SOURCES = {
    "script-src": {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"},
    "object-src": None,
    "base-uri": None,
    "frame-ancestors": None,
    "default-src": {"*", "'unsafe-inline'", "'unsafe-eval'"},
}


#: Sent on every response unless the view set its own value.
FIXED_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


class UnsafePolicyError(ValueError):
    """A plugin asked for a Content-Security-Policy source that is never allowed."""


def check_additions(original: dict[str, list[str]], policy: dict[str, list[str]]) -> None:
    """Refuse unknown directives and dangerous sources added to ``policy``."""
    for name, sources in policy.items():
        if name not in BASE_CSP:
            raise UnsafePolicyError(f"unknown Content-Security-Policy directive {name!r}")
        added = set(sources) - set(original.get(name, ()))
        if not added or name not in FORBIDDEN_SOURCES:
            continue
        forbidden = FORBIDDEN_SOURCES[name]
        refused = added if forbidden is None else added & forbidden
        if refused:
            raise UnsafePolicyError(
                f"{name} may not be widened with {', '.join(sorted(refused))}"
            )


def extend_csp_for_request(**directives: list[str]) -> None:
    """Allow more sources on this response only, e.g. the rich-text editor's inline styles.

    Directive names take underscores: ``extend_csp_for_request(style_src=["'unsafe-inline'"])``.
    """
    wanted = {name.replace("_", "-"): list(sources) for name, sources in directives.items()}
    check_additions({}, wanted)
    extra = g.setdefault("warta_csp_extra", {})
    for name, sources in wanted.items():
        extra.setdefault(name, []).extend(sources)


def _csp_for_response(app: Flask) -> str:
    if "warta.csp" not in app.extensions:
        app.extensions["warta.csp"] = build_policy(app)
        app.extensions["warta.csp_header"] = render_policy(app.extensions["warta.csp"])
    extra = g.get("warta_csp_extra")
    if not extra:
        return app.extensions["warta.csp_header"]
    policy = {name: list(sources) for name, sources in app.extensions["warta.csp"].items()}
    for name, sources in extra.items():
        policy.setdefault(name, []).extend(sources)
    return render_policy(policy)


class WartaResponse(Response):
    """Every cookie set over HTTPS is Secure: session, remember-me, and plugins' own."""

    def set_cookie(self, key: str, *args: Any, secure: bool = False, **kwargs: Any) -> None:
        secure = secure or (has_request_context() and request.is_secure)
        super().set_cookie(key, *args, secure=secure, **kwargs)


def build_policy(app: Flask) -> dict[str, list[str]]:
    """The site's policy: the core's plus what plugins add through the hook."""
    policy = {name: list(sources) for name, sources in BASE_CSP.items()}
    with app.app_context():
        call_hook("warta_content_security_policy", policy=policy)
    try:
        check_additions(BASE_CSP, policy)
    except UnsafePolicyError:
        logger.exception("a plugin asked for an unsafe Content-Security-Policy; using the core's")
        return {name: list(sources) for name, sources in BASE_CSP.items()}
    return policy


def render_policy(policy: dict[str, list[str]]) -> str:
    parts = []
    for name, sources in policy.items():
        kept = [s for s in dict.fromkeys(sources) if s != "'none'" or len(sources) == 1]
        parts.append(f"{name} {' '.join(kept)}")
    return "; ".join(parts)


def served_over_https() -> bool:
    """Whether readers reach the site over HTTPS: ``SITE_URL`` says so when it is set.

    Asked of the site rather than of the request, so that a stored page carries the same
    headers whichever scheme the request that made it arrived with. Browsers ignore
    Strict-Transport-Security sent over plain HTTP, so sending it there does no harm.
    """
    site_url = current_app.config.get("SITE_URL")
    return site_url.startswith("https:") if site_url else request.is_secure


def init_app(app: Flask) -> None:
    app.response_class = WartaResponse
    proxies.init_app(app)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        # One pass over the headers a view set: werkzeug's setdefault raises and catches
        # an exception for every header that is missing, which is most of them.
        headers = response.headers
        present = {name.lower() for name, _value in headers}
        wanted = [("Content-Security-Policy", _csp_for_response(app)), *FIXED_HEADERS]
        if served_over_https():
            wanted.append(("Strict-Transport-Security", "max-age=31536000"))
        headers.extend((name, value) for name, value in wanted if name.lower() not in present)
        return response
