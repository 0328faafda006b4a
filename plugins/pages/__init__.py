"""Static pages (Redaksi, Tentang Kami, Pedoman Media Siber, Kontak), editable by editors."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from cms.api import CMS_VERSION, Plugin, Role, SetupContext, hookimpl


class PagesPlugin(Plugin):
    name = "pages"
    version = CMS_VERSION
    title = "Halaman statis"
    description = "Halaman Redaksi, Tentang Kami, Pedoman Media Siber, Kontak, dan lainnya."
    requires_cms = ">=0.1"
    requires_plugins = ("articles",)  # shares the editor and slug rules

    def setup(self, ctx: SetupContext) -> None:
        from plugins.pages import views
        from plugins.pages.models import Page

        ctx.add_models(Page)
        ctx.add_migrations()
        ctx.add_blueprint(views.public)
        ctx.add_blueprint(views.admin)
        ctx.add_admin_menu(_l("Halaman"), "pages_admin.index", Role.EDITOR)
        ctx.add_slot("footer", views.footer_links)

    @hookimpl
    def warta_instance_created(self, app: Any) -> str:
        from plugins.pages.starter import create_starter_pages

        return f"{create_starter_pages()} halaman"


plugin = PagesPlugin()
