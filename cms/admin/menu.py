"""The newsroom menu: the core's entries plus those plugins declare, filtered by role."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from cms.models import Role, User
from cms.plugin import AdminMenuItem
from cms.pluginmanager import get_manager

CORE_MENU = (
    AdminMenuItem(_l("Dasbor"), "admin.dashboard", Role.PARTNER),
    AdminMenuItem(_l("Pengaturan"), "admin.settings", Role.EDITOR),
    AdminMenuItem(_l("Pengguna"), "admin.users", Role.ADMIN),
    AdminMenuItem(_l("Plugin"), "admin.plugins", Role.ADMIN),
    AdminMenuItem(_l("Tema"), "admin.themes", Role.ADMIN),
)


def menu_for(user: User) -> list[AdminMenuItem]:
    """Entries this user may open; one whose endpoint does not exist is left out."""
    if not user.is_authenticated:
        return []
    items = [CORE_MENU[0], *get_manager().admin_menu, *CORE_MENU[1:]]
    endpoints = current_app.view_functions
    return [item for item in items if user.has_role(item.min_role) and item.endpoint in endpoints]
