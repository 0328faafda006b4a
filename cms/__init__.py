"""Warta: a Flask CMS for Indonesian regional news sites.

The application factory lives here, as in Flask's tutorial: every subsystem exposes
``init_app(app)`` and is wired in the order below, so that a plugin sees a complete
core when its declarations are applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

__version__ = "0.1.0"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build a Warta site.

    Configuration is layered: defaults, then ``instance/config.py``, then ``WARTA_*``
    environment variables, then ``test_config``. The instance folder is ``./instance``
    unless ``WARTA_INSTANCE`` names another.
    """
    # Imported here rather than at the top: each core module imports the ``cms`` package
    # first, so the package itself imports none of them (docs/architecture.md).
    from cms import (
        admin,
        auth,
        branding,
        config,
        dates,
        errors,
        extensions,
        fragments,
        health,
        httpcache,
        i18n,
        logs,
        mail,
        pagecache,
        pluginmanager,
        public,
        sanitize,
        security,
        site,
        slots,
        storage,
        templating,
        themes,
        urls,
    )

    app = Flask(
        __name__,
        instance_path=config.instance_path(),
        instance_relative_config=True,
    )
    templating.init_app(app)
    config.load(app, test_config)
    extensions.init_app(app)
    storage.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    httpcache.init_app(app)
    pagecache.init_app(app)
    fragments.init_app(app)
    site.init_app(app)
    dates.init_app(app)
    branding.init_app(app)
    urls.init_app(app)
    errors.init_app(app)
    mail.init_app(app)
    auth.init_app(app)
    admin.init_app(app)
    public.init_app(app)
    slots.init_app(app)
    manager = pluginmanager.init_app(app)
    theme = themes.init_app(app, manager.template_folders).active
    pagecache.describe_site(app, manager.versions(), theme.name if theme else None)
    sanitize.init_app(app, manager.sanitizer_allowlists())
    manager.app_ready(app)
    health.init_app(app)
    logs.init_app(app)  # last: its middleware wraps every other
    return app
