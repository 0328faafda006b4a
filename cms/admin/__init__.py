"""The newsroom shell at ``/admin/``: dashboard, menus, plugins, themes, users, settings."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from cms.models import Role
from cms.pluginmanager import PluginRecord, Status, get_manager


def failed_plugins() -> list[PluginRecord]:
    """Failed plugins an admin has not switched off, for the banner on every admin page.

    The banner stays until the plugin is fixed (it starts) or disabled; other roles cannot
    act on it and do not see it.
    """
    if not (current_user.is_authenticated and current_user.has_role(Role.ADMIN)):
        return []
    manager = get_manager()
    failed = [record for record in manager.records.values() if record.status is Status.FAILED]
    if not failed:
        return []
    stored = manager.stored_states()
    return sorted((record for record in failed if stored.get(record.name, True)),
                  key=lambda record: record.name)


def init_app(app: Flask) -> None:
    from cms.admin.menu import menu_for
    from cms.admin.views import bp

    app.register_blueprint(bp, url_prefix="/admin")
    app.add_template_global(menu_for, "admin_menu")
    app.add_template_global(failed_plugins, "failed_plugins")
