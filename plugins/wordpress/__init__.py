"""The move from WordPress: ``cms import wordpress`` and the old addresses that keep working.

A built-in plugin on the public API only: articles are written by the articles plugin's
importer (every plugin's import fields and checks apply, as for ``cms import jsonl``),
pages through the pages plugin's api, and the old permalinks answer 301 through the core's
``warta_not_found`` hook.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from cms.api import CMS_VERSION, Plugin, Role, SetupContext, hookimpl


class WordpressPlugin(Plugin):
    name = "wordpress"
    version = CMS_VERSION
    title = "Impor WordPress"
    description = "Pindah dari WordPress: impor arsip, media, dan alamat lama yang tetap hidup."
    requires_cms = ">=0.1"
    requires_plugins = ("articles",)
    uses_plugins = ("pages", "advertorial", "youtube")

    def setup(self, ctx: SetupContext) -> None:
        from plugins.articles.api import import_group
        from plugins.wordpress import admin, cli, redirects
        from plugins.wordpress.models import MODELS

        ctx.add_models(*MODELS)
        ctx.add_migrations()
        ctx.add_blueprint(redirects.bp)
        ctx.add_blueprint(admin.bp)
        ctx.add_admin_menu(_l("Impor WordPress"), "wordpress_admin.index", Role.ADMIN)
        import_group.add_command(cli.import_wordpress_command)

    @hookimpl
    def warta_not_found(self, path: str) -> Any:
        from plugins.wordpress.redirects import not_found

        return not_found(path)

    @hookimpl
    def articles_import_fields(self, article: Any, record: dict[str, Any]) -> None:
        from plugins.wordpress.importer import import_fields

        import_fields(article, record)


plugin = WordpressPlugin()
