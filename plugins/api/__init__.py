"""The read API for apps and partners: ``/api/v1/`` described by a generated OpenAPI 3.1
document, JSON Feed 1.1 beside the RSS feeds, partners' API keys, and signed webhooks.

A built-in plugin on the same public API a partner uses. Other plugins add their fields
(an advertorial's sponsor, an article's video, its corrections) through the hooks in
:mod:`plugins.api.hookspecs`.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cms.api import CMS_VERSION, Plugin, Role, SetupContext, hookimpl


class ApiPlugin(Plugin):
    name = "api"
    version = CMS_VERSION
    title = "API"
    description = ("API baca untuk aplikasi dan mitra (OpenAPI), JSON Feed, kunci API mitra, "
                   "dan webhook bertanda tangan.")
    requires_cms = ">=0.1"
    requires_plugins = ("articles",)
    # Loaded after these, so their fields and filters reach the API when they run.
    uses_plugins = ("advertorial", "youtube", "redaksi", "pages", "search")

    def setup(self, ctx: SetupContext) -> None:
        from plugins.api import admin, cli, feeds, hookspecs, views
        from plugins.api.models import MODELS

        ctx.add_hookspecs(hookspecs)
        ctx.add_models(*MODELS)
        ctx.add_migrations()
        for blueprint in (views.bp, feeds.bp, admin.bp):
            ctx.add_blueprint(blueprint)
        ctx.add_slot("head", feeds.head_link)
        ctx.add_admin_menu(_l("API & webhook"), "api_admin.index", Role.ADMIN)
        ctx.add_cli(cli.api_group)
        ctx.add_cli(cli.webhooks_group)

    @hookimpl(tryfirst=True)
    def warta_not_found(self, path: str) -> Any:
        """An unknown address under ``/api/v1/`` answers a problem, not the 404 page."""
        from plugins.api.openapi import PREFIX
        from plugins.api.problems import problem

        if path == PREFIX or path.startswith(PREFIX + "/"):
            from plugins.api.views import CORS_HEADERS

            response = problem(404, _("Alamat ini tidak ada di API. Daftar alamatnya: "
                                      "%(url)s", url=PREFIX + "/docs"))
            response.headers.update(CORS_HEADERS)
            return response
        return None

    @hookimpl
    def articles_changing(self, article: Any, action: str) -> None:
        """Queue the change's webhook events in its own transaction (never failing the save)."""
        from plugins.api.webhooks import record_change

        record_change(article, action)

    @hookimpl
    def articles_changed(self, article: Any, action: str) -> None:
        """Once the change is committed, its queued events can go out."""
        from plugins.api.webhooks import wake_if_queued

        wake_if_queued(current_app._get_current_object())


plugin = ApiPlugin()
