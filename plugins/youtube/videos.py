"""Which videos an article has: its featured video and the blocks in its body.

Saving, import, the reader pages and the ``/video/`` listing all go through here, so
the rules (what is stored, what counts as an article with a video) live in one place.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import g
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, bindparam, delete, exists, or_, select

from cms.api import db
from plugins.articles.api import Article
from plugins.youtube.blocks import ID_ATTRIBUTE, canonical_blocks, embed_bare_urls, videos_in
from plugins.youtube.models import FeaturedVideo
from plugins.youtube.urls import InvalidYouTubeURL, YouTubeVideo, parse_youtube_url

#: How every stored block begins (see :func:`plugins.youtube.blocks.block_html`); the
#: sanitizer escapes ``<`` in text and attributes, so only a real block matches it.
BLOCK_MARKER = f'<figure {ID_ATTRIBUTE}="'
#: ``flask.g`` key: ``{article_id: featured video or None}``, see :func:`featured_video`.
_FEATURED = "youtube_featured"


def featured_video(article_id: int | None) -> YouTubeVideo | None:
    """The article's featured video, or ``None`` (also for a row that no longer validates).

    Remembered for the request: the article page asks above the body and again for the
    structured data after it. :func:`set_featured` and :func:`forget_article` forget it.
    """
    if article_id is None:
        return None
    known = g.setdefault(_FEATURED, {})
    if article_id not in known:
        known[article_id] = _featured_of([article_id]).get(article_id)
    return known[article_id]


def featured_url(article_id: int | None) -> str:
    """What the editor's field shows, rebuilt from the stored parts.

    It carries the start, playlist and Shorts form too, so saving the form again
    unchanged stores the same video the same way.
    """
    return video_url(featured_video(article_id))


def video_url(video: YouTubeVideo | None) -> str:
    """The address the editor's field shows for ``video`` (empty for none)."""
    if video is None:
        return ""
    query = {} if video.shorts else {"v": video.video_id}
    if video.start is not None:
        query["t"] = f"{video.start}s"
    if video.playlist is not None:
        query["list"] = video.playlist
    path = f"shorts/{video.video_id}" if video.shorts else "watch"
    return f"https://www.youtube.com/{path}" + (f"?{urlencode(query)}" if query else "")


def set_featured(article: Article, video: YouTubeVideo | None) -> None:
    """Store (or with ``None`` remove) the featured video, inside the caller's transaction."""
    g.get(_FEATURED, {}).pop(article.id, None)
    row = db.session.get(FeaturedVideo, article.id)
    if video is None:
        if row is not None:
            db.session.delete(row)
        return
    _store(row or FeaturedVideo(article_id=article.id), video)


def _store(row: FeaturedVideo, video: YouTubeVideo) -> None:
    row.video_id, row.start, row.playlist = video.video_id, video.start, video.playlist
    row.shorts = video.shorts
    db.session.add(row)


def import_batch(articles: list[Article],
                 records: list[dict[str, Any]]) -> dict[int, YouTubeVideo | None]:
    """Store the featured videos of a whole import batch; return each article's featured
    video afterwards.

    One query finds the featured videos the batch's articles have already (an import
    updating what it made before); a record without a video leaves its article's as it is.
    """
    rows = {row.article_id: row for row in db.session.scalars(
        select(FeaturedVideo).where(FeaturedVideo.article_id.in_(
            [article.id for article in articles])))}
    featured: dict[int, YouTubeVideo | None] = {}
    remembered = g.get(_FEATURED, {})
    for article, record in zip(articles, records, strict=True):
        remembered.pop(article.id, None)
        video = featured_from_record(record)
        row = rows.get(article.id)
        if video is not None:
            _store(row or FeaturedVideo(article_id=article.id), video)
        elif row is not None:
            try:
                video = row.video
            except InvalidYouTubeURL:
                video = None
        featured[article.id] = video
    return featured


def parse_featured(text: str) -> YouTubeVideo | None:
    """The editor field's value: empty means no featured video.

    :raises ValueError: with the parser's reason, prefixed so the writer knows which field.
    """
    if not text.strip():
        return None
    try:
        return parse_youtube_url(text)
    except InvalidYouTubeURL as exc:
        raise ValueError(_("Video utama: %(reason)s", reason=str(exc))) from None


def featured_from_record(record: dict[str, Any]) -> YouTubeVideo | None:
    """The featured video of one import line (``youtube_url`` or ``youtube_id``).

    :raises ValueError: for a value that is not a string, not a video, or two values
        naming different videos.
    """
    videos = []
    for key in ("youtube_url", "youtube_id"):
        value = record.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise ValueError(_("'%(key)s' harus berupa teks", key=key))
        try:
            videos.append(parse_youtube_url(value) if key == "youtube_url"
                          else YouTubeVideo(value.strip()))
        except InvalidYouTubeURL as exc:
            raise ValueError(_("'%(key)s': %(reason)s", key=key, reason=str(exc))) from None
    if len({video.video_id for video in videos}) > 1:
        raise ValueError(_("'youtube_url' dan 'youtube_id' menunjuk video yang berbeda"))
    return videos[0] if videos else None


def prepare_body(markup: str) -> str:
    """Bare video URLs become blocks and every block is rebuilt from validated values.

    :raises ValueError: when a block names no valid video.
    """
    return canonical_blocks(embed_bare_urls(markup))


def article_videos(article: Article) -> list[YouTubeVideo]:
    """The featured video first, then the body's, each video once."""
    videos: dict[str, YouTubeVideo] = {}
    for video in [featured_video(article.id), *videos_in(article.body or "")]:
        if video is not None:
            videos.setdefault(video.video_id, video)
    return list(videos.values())


def first_videos(articles: list[Any]) -> dict[int, YouTubeVideo]:
    """Each article's first video (featured, else the body's first), for listings.

    ``articles`` have an ``id`` and a ``body``. Featured videos come in one query for the
    whole list, not one per card.
    """
    found = _featured_of([article.id for article in articles])
    for article in articles:
        if article.id not in found:
            _add_body_video(found, article.id, article.body)
    return found


def card_videos(ids: list[int]) -> dict[int, YouTubeVideo]:
    """:func:`first_videos` for cards read without their bodies: the featured videos in
    one query, then the bodies of only the articles without one in a second."""
    found = _featured_of(ids)
    rest = [article_id for article_id in ids if article_id not in found]
    if rest:
        for article_id, body in db.session.execute(
                select(Article.id, Article.body).where(Article.id.in_(rest))):
            _add_body_video(found, article_id, body)
    return found


def _featured_of(ids: list[int]) -> dict[int, YouTubeVideo]:
    found: dict[int, YouTubeVideo] = {}
    if not ids:
        return found
    for row in db.session.execute(_FEATURED_OF, {"ids": ids}):
        try:
            found[row.article_id] = YouTubeVideo(row.video_id, row.start, row.playlist,
                                                 row.shorts)
        except InvalidYouTubeURL:
            continue
    return found


def _add_body_video(found: dict[int, YouTubeVideo], article_id: int, body: str | None) -> None:
    body_videos = videos_in(body or "")
    if body_videos:
        found[article_id] = body_videos[0]


#: Built once: the columns a :class:`YouTubeVideo` is made of, no ORM rows.
_FEATURED_OF = select(FeaturedVideo.article_id, FeaturedVideo.video_id, FeaturedVideo.start,
                      FeaturedVideo.playlist, FeaturedVideo.shorts).where(
    FeaturedVideo.article_id.in_(bindparam("ids", expanding=True)))


def has_video() -> ColumnElement[bool]:
    """SQL condition for articles with a featured video or a video block."""
    return or_(
        exists().where(FeaturedVideo.article_id == Article.id),
        Article.body.contains(BLOCK_MARKER, autoescape=True),
    )


def forget_article(article_id: int) -> None:
    """Drop the featured video of a deleted article.

    The foreign key cascades on PostgreSQL, but SQLite enforces foreign keys only when
    asked to, and a leftover row would attach itself to the next article given that id.
    """
    g.get(_FEATURED, {}).pop(article_id, None)
    db.session.execute(delete(FeaturedVideo).where(FeaturedVideo.article_id == article_id))
    db.session.commit()
