"""Security headers on every response, and cookies marked Secure over HTTPS."""

from __future__ import annotations

from flask import Flask, Response, request
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


class SessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or request.is_secure


def build_csp(app: Flask) -> str:
    policy = {name: list(sources) for name, sources in BASE_CSP.items()}
    with app.app_context():
        call_hook("warta_content_security_policy", policy=policy)
    for sources in policy.values():
        if len(sources) > 1 and "'none'" in sources:
            sources.remove("'none'")
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    if app.config["PROXY_FIX"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        if "warta.csp" not in app.extensions:
            app.extensions["warta.csp"] = build_csp(app)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", app.extensions["warta.csp"])
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
