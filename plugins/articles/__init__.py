"""The newsroom: articles, rubrik, tags, the web editor, revisions, media and bulk import.

A built-in plugin on the same public API a partner uses.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from cms.api import CMS_VERSION, Plugin, Role, SetupContext, hookimpl


class ArticlesPlugin(Plugin):
    name = "articles"
    version = CMS_VERSION
    title = "Artikel"
    description = "Artikel, rubrik, tag, editor, revisi, media dan impor massal."
    requires_cms = ">=0.1"

    def setup(self, ctx: SetupContext) -> None:
        from plugins.articles import (
            cli,
            credits,
            dashboard,
            dateline,
            desk,
            feeds,
            frontpage,
            frontpage_models,
            frontpage_views,
            hookspecs,
            labels,
            media,
            newsroom,
            picker_views,
            public,
            queries,
        )
        from plugins.articles.models import MODELS

        ctx.add_hookspecs(hookspecs)
        ctx.add_models(*MODELS, *frontpage_models.MODELS)
        ctx.add_migrations()
        for blueprint in (newsroom.bp, desk.bp, desk.files, public.bp, feeds.bp,
                          frontpage_views.bp, picker_views.bp):
            ctx.add_blueprint(blueprint)
        ctx.add_admin_menu(_l("Artikel"), "articles_admin.index", Role.JOURNALIST)
        ctx.add_admin_menu(_l("Media"), "articles_desk.media_library", Role.JOURNALIST)
        ctx.add_admin_menu(_l("Rubrik"), "articles_desk.categories", Role.EDITOR)
        ctx.add_admin_menu(_l("Halaman depan"), "articles_front_page.index", Role.EDITOR)
        ctx.add_slot("admin.dashboard", dashboard.widget)
        ctx.add_slot("header.after_nav", frontpage.breaking_banner)
        ctx.add_cli(cli.import_group)
        for name in ("latest_articles", "home_page", "nav_categories", "most_read",
                     "archive_months", "related_articles"):
            ctx.add_template_global(name, getattr(queries, name))
        ctx.add_template_global("article_neighbours", queries.neighbours)
        for name in ("category_url", "tag_url", "author_url"):
            ctx.add_template_global(name, getattr(public, name))
        ctx.add_template_global("article_status_label", newsroom.status_label)
        ctx.add_template_global("article_url", public.article_url)
        ctx.add_template_global("article_body", public.body_html)
        ctx.add_template_global("article_text", dateline.article_text)
        ctx.add_template_global("article_shows_lead", dateline.show_lead)
        ctx.add_settings(dateline.DatelineSettingsForm, dateline.DEFAULT_SETTINGS)
        ctx.add_template_global("article_label", labels.article_label)
        ctx.add_template_global("media_url", media.url_for_media)
        ctx.add_template_global("photo_credit", credits.bare_credit)
        ctx.add_template_global("article_credit_groups", credits.credit_groups)
        ctx.add_template_global("article_authors_schema", credits.authors_schema)
        ctx.add_template_global("media_srcset", media.srcset_for)
        ctx.add_stylesheet("articles.static", "gallery.css",
                           pages=("articles.article", "articles_admin.preview"))

    @hookimpl
    def warta_sanitizer_allowlist(self) -> dict[str, Any]:
        """Galleries are figures of class ``warta-gallery`` (the save drops other classes)."""
        from plugins.articles.media_body import ALLOWLIST

        return ALLOWLIST

    @hookimpl
    def articles_save_fields(self, article: Any, values: dict[str, Any]) -> None:
        """Galleries keep only library images, each with alternative text."""
        from plugins.articles.media_body import normalize_body

        article.body = normalize_body(article.body or "")

    @hookimpl
    def articles_import_batch(self, articles: list[Any]) -> None:
        """An imported archive's galleries are held to the same rule as saved ones."""
        from plugins.articles.media_body import normalize_body

        for article in articles:
            article.body = normalize_body(article.body or "")

    @hookimpl
    def articles_filter_body(self, html: str, context: dict[str, Any]) -> str:
        """Library images get the featured image's responsive sizes; galleries swipe."""
        from plugins.articles.media_body import render_body

        return render_body(html)

    @hookimpl
    def warta_sitemaps(self) -> list[str]:
        from plugins.articles.feeds import sitemap_urls

        return sitemap_urls()

    @hookimpl
    def warta_next_change(self) -> datetime | None:
        """A scheduled article appears on its own, and a front-page pin or breaking banner
        runs out on its own: caches must drop at the first of those times."""
        from plugins.articles.frontpage import next_expiry
        from plugins.articles.queries import next_scheduled

        return min(filter(None, (next_scheduled(), next_expiry())), default=None)

    @hookimpl
    def warta_demo_content(self, app: Any) -> str:
        from plugins.articles.demo import load_demo

        return load_demo()


plugin = ArticlesPlugin()
