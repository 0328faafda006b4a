"""Agenda Kegiatan: upcoming events of community information groups and government offices."""

from __future__ import annotations

from cms.api import Plugin, Role, SetupContext


class AgendaPlugin(Plugin):
    name = "agenda"
    version = "1.0.0"
    title = "Agenda Kegiatan"
    description = "Kalender kegiatan KIM dan instansi: halaman /agenda/ dan blok agenda."
    requires_cms = ">=0.1,<1"

    def setup(self, ctx: SetupContext) -> None:
        from warta_agenda import views
        from warta_agenda.forms import SettingsForm
        from warta_agenda.models import Event

        ctx.add_models(Event)
        ctx.add_migrations()
        ctx.add_blueprint(views.public)
        ctx.add_blueprint(views.admin)
        ctx.add_admin_menu("Agenda", "agenda_admin.index", Role.EDITOR)
        ctx.add_slot("sidebar", views.sidebar_block)
        ctx.add_slot("home.blocks", views.home_block)
        ctx.add_settings(SettingsForm, {"upcoming": 5})


plugin = AgendaPlugin()
