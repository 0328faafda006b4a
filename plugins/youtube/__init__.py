"""YouTube videos in articles: an editor button, pasted links, a featured video per
article, click-to-load players on the no-cookie host, and the ``/video/`` listing.

A built-in plugin on the same public API a partner uses. What is stored is only the
validated video id (with start, playlist and Shorts flag), never player markup; the
sanitizer keeps forbidding iframes, and the player is built for readers on click.
"""

from __future__ import annotations

from typing import Any

from cms.api import Plugin, SetupContext, clean_html, db, hookimpl
from plugins.youtube.api_fields import ApiFields


class YouTubePlugin(ApiFields, Plugin):
    name = "youtube"
    version = "1.0.0"
    title = "Video YouTube"
    description = (
        "Video YouTube di artikel: tombol editor, tautan yang ditempel, video utama, "
        "pemutar yang baru dimuat saat diklik, dan halaman video."
    )
    requires_cms = ">=0.1"
    requires_plugins = ("articles",)
    # Loaded after search when both run, so search's hook exists when ours registers.
    uses_plugins = ("search",)

    def setup(self, ctx: SetupContext) -> None:
        from plugins.youtube import cli, forms, render, views
        from plugins.youtube.models import MODELS

        ctx.add_models(*MODELS)
        ctx.add_migrations()
        ctx.add_blueprint(views.bp)
        ctx.add_blueprint(views.admin)
        ctx.add_cli(cli.youtube_group)
        ctx.add_settings(forms.YouTubeSettingsForm, forms.DEFAULT_SETTINGS)
        ctx.add_stylesheet("youtube.static", "facade.css", pages=render.VIDEO_PAGES)
        ctx.add_slot("article.before_body", render.before_body)
        ctx.add_slot("article.after_body", render.after_body)
        ctx.add_slot("home.blocks", render.home_block)

    @hookimpl
    def warta_sanitizer_allowlist(self) -> dict[str, Any]:
        from plugins.youtube.blocks import BLOCK_ATTRIBUTES

        return {"tags": ["figure"], "attributes": {"figure": list(BLOCK_ATTRIBUTES)}}

    @hookimpl
    def warta_content_security_policy(self, policy: dict[str, list[str]]) -> None:
        # Exactly the player's host and the thumbnails' host: nothing else of Google's.
        policy["frame-src"].append("https://www.youtube-nocookie.com")
        policy["img-src"].append("https://i.ytimg.com")

    @hookimpl
    def articles_form_fields(self) -> dict[str, Any]:
        from plugins.youtube.forms import editor_fields

        return editor_fields()

    @hookimpl
    def articles_form_values(self, article: Any) -> dict[str, Any]:
        from plugins.youtube.videos import featured_url

        return {"youtube_url": featured_url(article.id if article is not None else None)}

    @hookimpl
    def articles_save_fields(self, article: Any, values: dict[str, Any]) -> None:
        from plugins.youtube.videos import parse_featured, prepare_body, set_featured

        article.body = clean_html(prepare_body(article.body or ""))
        # Saves that do not come from the editor form carry no field: they keep the
        # featured video as it is (a restored revision's comes back through
        # articles_restore_fields).
        if "youtube_url" in values:
            set_featured(article, parse_featured(values["youtube_url"] or ""))
        _keep_thumbnails(article)

    @hookimpl
    def articles_import_batch(self, articles: list[Any], records: list[dict[str, Any]]
                              ) -> dict[int, dict[str, Any]]:
        """A whole import batch: bodies, featured videos and thumbnails in a few queries;
        the revisions keep the featured video as :meth:`articles_revision_fields` does."""
        from plugins.youtube.thumbnails import store_thumbnails
        from plugins.youtube.videos import import_batch, prepare_body, video_url, videos_in

        for article in articles:
            article.body = clean_html(prepare_body(article.body or ""))
        featured = import_batch(articles, records)
        store_thumbnails([*filter(None, featured.values()),
                          *(video for article in articles for video in videos_in(article.body))])
        return {article_id: {self.name: {"url": video_url(video)}}
                for article_id, video in featured.items()}

    @hookimpl
    def articles_check_import(self, record: dict[str, Any]) -> str | None:
        """A bad ``youtube_url`` or ``youtube_id`` is reported by line, before any write."""
        from plugins.youtube.videos import featured_from_record

        try:
            featured_from_record(record)
        except ValueError as exc:
            return str(exc)
        return None

    @hookimpl
    def articles_revision_fields(self, article: Any) -> dict[str, Any]:
        """Revisions keep the featured video as the editor shows it: readable in a
        comparison, and checked again like a pasted link when restored."""
        from plugins.youtube.videos import featured_url

        return {self.name: {"url": featured_url(article.id)}}

    @hookimpl
    def articles_restore_fields(self, article: Any, fields: dict[str, Any]) -> None:
        from plugins.youtube.videos import parse_featured, set_featured

        kept = fields.get(self.name)
        if kept is not None:
            set_featured(article, parse_featured(kept.get("url") or ""))
            _keep_thumbnails(article)

    @hookimpl
    def articles_changed(self, article: Any, action: str) -> None:
        from plugins.youtube.videos import forget_article

        if action == "deleted":
            forget_article(article.id)

    @hookimpl
    def articles_editor_scripts(self) -> list[str]:
        from flask import url_for

        parse = url_for("youtube_admin.parse")
        return [url_for("youtube.static", filename="editor-button.js", parse=parse)]

    @hookimpl
    def articles_filter_body(self, html: str, context: dict[str, Any]) -> str:
        from plugins.youtube.render import filter_body

        return filter_body(html, context)

    @hookimpl(optionalhook=True)
    def search_documents_fields(self, articles: list[Any]) -> dict[int, dict[str, Any]]:
        """Mark articles with a featured video or a video block, for search's video facet:
        the featured videos of many articles in one query.

        Optional: the plugin also runs on sites without search. Both kinds of video are
        saved with the article, so every change reaches the index through its save.
        """
        from plugins.youtube.videos import first_videos

        found = first_videos(articles)
        return {article.id: {"has_video": article.id in found} for article in articles}


def _keep_thumbnails(article: Any) -> None:
    """Fetch the thumbnails of the article's videos now, so readers never wait on it."""
    from plugins.youtube.thumbnails import store_thumbnails
    from plugins.youtube.videos import article_videos

    db.session.flush()
    store_thumbnails(article_videos(article))


plugin = YouTubePlugin()
