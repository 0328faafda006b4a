"""Core tables only: users and their sessions, site settings, plugin state.

Plugins never alter these; they add tables of their own prefixed with their name.
"""

from cms.models.plugin_state import PluginState
from cms.models.setting import Setting
from cms.models.user import ROLES, RecoveryCode, RememberedDevice, Role, User, UserSession

__all__ = [
    "ROLES", "PluginState", "RecoveryCode", "RememberedDevice", "Role", "Setting", "User",
    "UserSession",
]
