"""Core tables only: users and their sessions, site settings, plugin state.

Plugins never alter these; they add tables of their own prefixed with their name.
"""

from cms.models.plugin_state import PluginState
from cms.models.setting import Setting
from cms.models.user import ROLES, Role, User, UserSession

__all__ = ["ROLES", "PluginState", "Role", "Setting", "User", "UserSession"]
