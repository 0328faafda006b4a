"""What readers get: click-to-load facades, the page's script and structured data.

Nothing here talks to YouTube's player. A facade is the thumbnail, a play button and a
plain link to the video; ``facade.js`` swaps in the privacy-enhanced (no-cookie) player
only when the reader clicks, so a page with videos loads as fast and leaks as little as
one without.
"""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup

from cms.api import iso_datetime
from plugins.articles.api import Article, listed_cards, public_articles
from plugins.youtube.blocks import replace_blocks
from plugins.youtube.thumbnails import absolute_thumbnail, preload, thumbnail_src
from plugins.youtube.urls import YouTubeVideo
from plugins.youtube.videos import (
    article_videos,
    card_videos,
    featured_video,
    first_videos,
    has_video,
)

HOME_BLOCK_SIZE = 4
#: Public pages whose markup can hold facades; only they get the stylesheet.
VIDEO_PAGES = frozenset({"articles.article", "articles_admin.preview", "youtube.index",
                         "public.home"})


def player_url(video: YouTubeVideo) -> str:
    """The iframe address: the no-cookie embed with the start, playing at once (one click)."""
    separator = "&" if "?" in video.embed_url else "?"
    return f"{video.embed_url}{separator}autoplay=1"


def facade(video: YouTubeVideo, title: str) -> Markup:
    """One click-to-load player, from the theme-overridable ``facade.html``."""
    return Markup(render_template(
        "plugins/youtube/facade.html", video=video, title=title,
        player_url=player_url(video), thumbnail=thumbnail_src(video),
    ))


def video_title(article: Article | None) -> str:
    """The iframe's accessible name; YouTube's own title would need a call to YouTube."""
    if article is None:
        return _("Video YouTube")
    return _("Video YouTube: %(title)s", title=article.title)


def filter_body(html: str, context: dict[str, Any]) -> str:
    """Replace each video block with a facade; a block with an invalid id disappears."""
    title = video_title(context.get("article"))

    def render(video: YouTubeVideo | None, attributes: dict[str, str]) -> str:
        return str(facade(video, title)) if video is not None else ""

    return replace_blocks(html, render)


def before_body(article: Article) -> Markup | None:
    """The featured video, above the body."""
    video = featured_video(article.id)
    if video is None:
        return None
    return facade(video, video_title(article))


def after_body(article: Article) -> Markup | None:
    """The player script and ``VideoObject`` data, only on articles that have a video."""
    videos = article_videos(article)
    if not videos:
        return None
    return Markup(render_template("plugins/youtube/after_body.html",
                                  structured_data=structured_data(article, videos)))


def structured_data(article: Article, videos: list[YouTubeVideo]) -> list[dict[str, Any]]:
    """schema.org ``VideoObject`` items, so search engines can show the videos.

    ``uploadDate`` is required; the video's own date would need YouTube's API, so the
    article's publication time stands in (the video was on the site from then).
    """
    published = article.published_at or article.updated_at
    description = article.seo_description or article.lead or article.title
    return [
        {
            "@context": "https://schema.org",
            "@type": "VideoObject",
            "name": article.title,
            "description": description,
            "thumbnailUrl": [absolute_thumbnail(video)],
            "uploadDate": iso_datetime(published),
            "embedUrl": video.embed_url,
            "url": video.watch_url,
        }
        for video in videos
    ]


def home_block() -> Markup | None:
    """The home page's "Video" block: the newest articles with a video, read as cards."""
    cards = listed_cards(public_articles().where(has_video()), HOME_BLOCK_SIZE)
    if not cards:
        return None
    videos = card_videos([card.id for card in cards])
    return Markup(render_template("plugins/youtube/home_block.html",
                                  items=_with_thumbnails(cards, videos)))


def list_items(articles: list[Article]) -> list[tuple[Article, str | None]]:
    """Each article with the thumbnail of its first video, for listings."""
    return _with_thumbnails(articles, first_videos(articles))


def _with_thumbnails(articles: list[Any],
                     videos: dict[int, YouTubeVideo]) -> list[tuple[Any, str | None]]:
    preload(videos.values())
    return [(article, thumbnail_src(videos[article.id]) if article.id in videos else None)
            for article in articles]
