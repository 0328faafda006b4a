"""The newsroom shell at ``/admin/``: dashboard, menus, plugins, themes, users, settings."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from cms.admin.menu import menu_for
    from cms.admin.views import bp

    app.register_blueprint(bp, url_prefix="/admin")
    app.add_template_global(menu_for, "admin_menu")
