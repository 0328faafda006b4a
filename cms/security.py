"""Security headers on every response, and cookies marked Secure over HTTPS."""

from __future__ import annotations

from flask import Flask, Response, g, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from cms.pluginmanager import call_hook

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


def extend_csp_for_request(**directives: list[str]) -> None:
    """Allow more sources on this response only, e.g. the rich-text editor's inline styles.

    Directive names take underscores: ``extend_csp_for_request(style_src=["'unsafe-inline'"])``.
    """
    extra = g.setdefault("warta_csp_extra", {})
    for name, sources in directives.items():
        extra.setdefault(name.replace("_", "-"), []).extend(sources)


def _csp_for_response(app: Flask) -> str:
    if "warta.csp" not in app.extensions:
        app.extensions["warta.csp"] = build_policy(app)
    extra = g.get("warta_csp_extra")
    if not extra:
        return render_policy(app.extensions["warta.csp"])
    policy = {name: list(sources) for name, sources in app.extensions["warta.csp"].items()}
    for name, sources in extra.items():
        policy.setdefault(name, []).extend(sources)
    return render_policy(policy)


class SessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or request.is_secure


def build_policy(app: Flask) -> dict[str, list[str]]:
    """The site's policy: the core's plus what plugins add through the hook."""
    policy = {name: list(sources) for name, sources in BASE_CSP.items()}
    with app.app_context():
        call_hook("warta_content_security_policy", policy=policy)
    return policy


def render_policy(policy: dict[str, list[str]]) -> str:
    parts = []
    for name, sources in policy.items():
        kept = [s for s in dict.fromkeys(sources) if s != "'none'" or len(sources) == 1]
        parts.append(f"{name} {' '.join(kept)}")
    return "; ".join(parts)


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    if app.config["PROXY_FIX"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", _csp_for_response(app))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
