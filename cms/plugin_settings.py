"""Plugin settings: what an admin saved in a plugin's settings form, over its defaults.

A plugin declares its form and defaults with ``ctx.add_settings``; the plugin manager
hands the defaults of every started plugin in at :func:`init_app`, so this module needs
nothing from it. Saving moves the page cache's generation: readers see the change on
their next request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app, g

from cms import pagecache
from cms.settings import get_setting, set_setting

# Where the defaults are kept in ``app.extensions``, and the settings read this request.
DEFAULTS_KEY = "warta.plugin_settings"
REQUEST_KEY = "warta_plugin_settings"


def init_app(app: Flask, defaults: Mapping[str, Mapping[str, Any]]) -> None:
    """Keep each started plugin's declared defaults (plugin name → defaults)."""
    app.extensions[DEFAULTS_KEY] = {name: dict(values) for name, values in defaults.items()}


def plugin_settings(name: str) -> dict[str, Any]:
    """A plugin's settings: what an admin saved over the defaults the plugin declared.

    Read from the database once per request (a page asks many times); a copy each call,
    so callers may change what they get.
    """
    known = g.setdefault(REQUEST_KEY, {})
    if name not in known:
        defaults = current_app.extensions[DEFAULTS_KEY].get(name, {})
        known[name] = {**defaults, **(get_setting(f"plugin.{name}", {}) or {})}
    return dict(known[name])


def save_plugin_settings(name: str, values: dict[str, Any]) -> None:
    """Store form values; dates and decimals are kept as text, JSON cannot hold them."""
    set_setting(f"plugin.{name}", {key: _json_safe(value) for key, value in values.items()})
    g.pop(REQUEST_KEY, None)
    pagecache.invalidate()


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
