"""Advertorials: paid articles labelled everywhere readers meet them, sponsors and their
contracts, partners who write for their sponsor, and proof-of-publication reports.

A built-in plugin on the same public API a partner uses. The press council's guideline
for online media (Pedoman Pemberitaan Media Siber, point 6) requires every paid item to
carry a label such as "Advertorial", "Iklan", "Ads" or "Sponsored"; this plugin makes the
label impossible to forget: publishing is refused without it, and every surface the
articles plugin offers (cards, the article page, feeds, sitemaps) asks for it.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from cms.api import Plugin, Role, SetupContext, hookimpl, plugin_settings
from plugins.advertorial.api_fields import ApiFields


class AdvertorialPlugin(ApiFields, Plugin):
    name = "advertorial"
    version = "1.0.0"
    title = "Advertorial"
    description = ("Advertorial berlabel di semua tampilan, sponsor dan kontraknya, akun mitra, "
                   "serta laporan bukti tayang.")
    requires_cms = ">=0.1"
    requires_plugins = ("articles",)
    uses_plugins = ("search",)

    def setup(self, ctx: SetupContext) -> None:
        from plugins.advertorial import admin, cli, dashboard, forms, labels, portal, views
        from plugins.advertorial.models import MODELS

        ctx.add_models(*MODELS)
        ctx.add_migrations()
        for blueprint in (views.bp, admin.bp, portal.bp):
            ctx.add_blueprint(blueprint)
        ctx.add_admin_menu(_l("Advertorial"), "advertorial_admin.index", Role.EDITOR)
        ctx.add_settings(forms.AdvertorialSettingsForm, forms.DEFAULT_SETTINGS)
        ctx.add_cli(cli.advertorial_group)
        ctx.add_slot("head", labels.head)
        ctx.add_slot("article.before_body", labels.disclosure)
        ctx.add_slot("home.blocks", views.home_block)
        ctx.add_slot("admin.dashboard", dashboard.widget)
        # Asked by the articles plugin's article page for its JSON-LD.
        ctx.add_template_global("article_schema_type", labels.schema_type)
        ctx.add_template_global("article_sponsor_schema", labels.sponsor_schema)

    @hookimpl
    def articles_form_fields(self) -> dict[str, Any]:
        from plugins.advertorial.marking import form_fields

        return form_fields()

    @hookimpl
    def articles_form_values(self, article: Any) -> dict[str, Any]:
        from plugins.advertorial.marking import form_values

        return form_values(article)

    @hookimpl
    def articles_save_fields(self, article: Any, values: dict[str, Any]) -> None:
        from plugins.advertorial.marking import save_fields

        save_fields(article, values)

    @hookimpl
    def articles_check_publish(self, article: Any) -> str | None:
        from plugins.advertorial.marking import check_publish

        return check_publish(article)

    @hookimpl
    def articles_changed(self, article: Any, action: str) -> None:
        from plugins.advertorial.marking import forget_article, warn_about_contract

        if action == "deleted":
            forget_article(article.id)
        elif action in ("saved", "published"):
            warn_about_contract(article)

    @hookimpl
    def articles_import_batch(self, articles: list[Any], records: list[dict[str, Any]]
                              ) -> dict[int, dict[str, Any]]:
        """A whole import batch's markings in one query; the revisions keep each one."""
        from plugins.advertorial.marking import import_batch

        return {article_id: {self.name: fields}
                for article_id, fields in import_batch(articles, records).items()}

    @hookimpl
    def articles_item_labels(self, articles: list[Any], surface: str) -> dict[int, str]:
        from plugins.advertorial.labels import labels_for

        # The same label on every surface: cards, feed titles, and the news sitemap
        # (where a label means "leave it out").
        return labels_for(article.id for article in articles)

    @hookimpl
    def articles_filter_body(self, html: str, context: dict[str, Any]) -> str:
        from plugins.advertorial.labels import marking_of
        from plugins.advertorial.links import mark_sponsored_links, site_hosts

        article = context.get("article")
        if article is None or marking_of(article) is None:
            return html
        return mark_sponsored_links(html, site_hosts())

    @hookimpl
    def articles_can_write(self, user: Any) -> bool | None:
        """A partner linked to a sponsor writes (drafts only: publishing needs an editor)."""
        from plugins.advertorial.partners import partner_link

        return True if partner_link(user) is not None else None

    @hookimpl
    def articles_exclude_from(self, block: str) -> Any:
        """Keep advertorials out of the headline and "most read" unless the site wants them."""
        from plugins.advertorial.labels import advertorial_ids

        if block in ("headline", "most_read") and plugin_settings(self.name)[
                "keep_out_of_top_blocks"]:
            return advertorial_ids()
        return None

    @hookimpl
    def articles_admin_filters(self) -> dict[str, tuple[str, Any]]:
        """The newsroom's list shows only advertorials, or only news."""
        from plugins.advertorial.labels import advertorial_ids

        return {"advertorial": (_l("Advertorial"), advertorial_ids())}

    @hookimpl
    def articles_revision_fields(self, article: Any) -> dict[str, Any]:
        """Revisions keep the marking, so restoring one brings back its sponsor too."""
        from plugins.advertorial.marking import revision_fields

        return {self.name: revision_fields(article)}

    @hookimpl
    def articles_restore_fields(self, article: Any, fields: dict[str, Any]) -> None:
        from plugins.advertorial.marking import restore_fields

        restore_fields(article, fields.get(self.name))

    @hookimpl
    def articles_check_import(self, record: dict[str, Any]) -> str | None:
        """A bad ``advertorial`` or ``sponsor`` is reported by line, not by failed batch."""
        from plugins.advertorial.marking import check_import

        return check_import(record)

    # The search plugin is optional (``uses_plugins``): without it this hook has no
    # specification, and ``optionalhook`` lets the plugin start all the same.
    @hookimpl(optionalhook=True)
    def search_documents_fields(self, articles: list[Any]) -> dict[int, dict[str, Any]]:
        """The advertorials among many articles, with their sponsors, in one query."""
        from plugins.advertorial.labels import markings_of

        return {article_id: {"advertorial": True, "text": row.sponsor.name if row.sponsor else ""}
                for article_id, row in markings_of(article.id for article in articles).items()}

plugin = AdvertorialPlugin()
