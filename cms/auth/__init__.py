"""Login, logout, sessions that the server can revoke, and role checks."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cms.extensions import login_manager


def init_app(app: Flask) -> None:
    from cms.auth import sessions  # also registers the user loader
    from cms.auth.recovery import init_app as init_recovery
    from cms.auth.views import bp

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    login_manager.login_message_category = "info"
    app.session_interface = sessions.CookieSessionInterface()
    app.register_blueprint(bp)
    init_recovery(app)
