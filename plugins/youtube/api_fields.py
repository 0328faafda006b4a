"""The YouTube plugin's part of the read API and JSON Feed (the api plugin's hooks).

An article's ``video`` is its first video (the featured one, else the body's first), with
the addresses an app needs to play it without ever building a player from user input.
Mixed into the plugin class; modules are imported only when a hook is called.
"""

from __future__ import annotations

from typing import Any

from cms.api import hookimpl


class ApiFields:
    """The api plugin's hooks, implemented for videos."""

    @hookimpl(optionalhook=True)
    def api_article_fields(self, articles: list[Any]) -> dict[int, dict[str, Any]]:
        from sqlalchemy import select

        from cms.api import db
        from plugins.articles.api import Article
        from plugins.youtube.videos import first_videos, has_video

        # Lists come without bodies: read the bodies of the few articles with a video
        # in one query, rather than one per article.
        with_video = db.session.execute(select(Article.id, Article.body).where(
            Article.id.in_([article.id for article in articles]), has_video())).all()
        found = first_videos(with_video)
        return {article.id: {"video": {
            "id": found[article.id].video_id, "start": found[article.id].start,
            "shorts": found[article.id].shorts, "watch_url": found[article.id].watch_url,
            "embed_url": found[article.id].embed_url,
            "thumbnail_url": found[article.id].thumbnail_url,
        } if article.id in found else None} for article in articles}

    @hookimpl(optionalhook=True)
    def api_article_schema(self) -> dict[str, Any]:
        uri = {"type": "string", "format": "uri"}
        return {"video": {
            "description": "The article's first YouTube video (null when it has none).",
            "oneOf": [{"type": "null"}, {
                "type": "object",
                "required": ["id", "start", "shorts", "watch_url", "embed_url",
                             "thumbnail_url"],
                "properties": {"id": {"type": "string"},
                               "start": {"type": ["integer", "null"]},
                               "shorts": {"type": "boolean"}, "watch_url": uri,
                               "embed_url": uri, "thumbnail_url": uri}}]}}

    @hookimpl(optionalhook=True)
    def api_article_selection(self, name: str, value: str) -> Any:
        if name != "video":
            return None
        from sqlalchemy import select

        from plugins.articles.api import Article
        from plugins.youtube.videos import has_video

        return select(Article.id).where(has_video())
