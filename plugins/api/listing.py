"""Readers' articles as the read API lists them: filters, and keyset pages that stay put.

Pages are cut on ``(published_at, id)``, newest first: a cursor names the last article a
client has, and the next page starts after it. An article published meanwhile lands
before the client's position, never shifting the pages it has still to read (as an
offset would, repeating one article and skipping another).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, and_, or_, select

from cms.api import call_hook, db
from plugins.api.problems import BadParameter
from plugins.api.serialize import decode_cursor
from plugins.articles.api import Article, Category, Tag, in_category, public_articles

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
#: Time in a cursor, as the database stores it (naive UTC, microseconds kept).
CURSOR_TIME = "%Y-%m-%dT%H:%M:%S.%f"


@dataclass
class Filters:
    """What a client narrowed the list to; every field optional."""

    rubrik: str | None = None
    tag: str | None = None
    author: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    updated_since: datetime | None = None
    advertorial: bool | None = None
    video: bool | None = None
    sponsor: str | None = None


def _selection(name: str, value: str) -> list[Any]:
    return [found for found in call_hook("api_article_selection", name=name, value=value)
            if found is not None]


def filtered(filters: Filters) -> Select:
    """Readers' articles narrowed by ``filters``; a rubrik or tag that does not exist is a
    400 rather than an empty list, so a typo does not pass for a quiet rubrik."""
    query = public_articles()
    if filters.rubrik is not None:
        found = db.session.scalar(select(Category).where(Category.slug == filters.rubrik))
        if found is None:
            raise BadParameter("rubrik", _("Rubrik %(slug)s tidak ada.", slug=filters.rubrik))
        query = in_category(found)
    if filters.tag is not None:
        found_tag = db.session.scalar(select(Tag).where(Tag.slug == filters.tag))
        if found_tag is None:
            raise BadParameter("tag", _("Tag %(slug)s tidak ada.", slug=filters.tag))
        query = query.where(Article.tags.any(Tag.id == found_tag.id))
    if filters.author is not None:
        query = query.where(Article.author_id == filters.author)
    if filters.since is not None:
        query = query.where(Article.published_at >= filters.since)
    if filters.until is not None:
        query = query.where(Article.published_at <= filters.until)
    if filters.updated_since is not None:
        query = query.where(Article.updated_at >= filters.updated_since)
    for name, value in (("advertorial", filters.advertorial), ("video", filters.video)):
        if value is None:
            continue
        selections = _selection(name, "true")
        if value:
            query = query.where(Article.id.in_(selections[0]) if selections else False)
        else:
            query = query.where(*[Article.id.not_in(ids) for ids in selections])
    if filters.sponsor is not None:
        selections = _selection("sponsor", filters.sponsor)
        query = query.where(Article.id.in_(selections[0]) if selections else False)
    return query


def parse_cursor(text: str) -> tuple[datetime, int]:
    """A cursor of the article list: the ``(published_at, id)`` a page ended at."""
    when, article_id = decode_cursor(text, str, int)
    try:
        return datetime.strptime(when, CURSOR_TIME), article_id
    except ValueError:
        raise ValueError(_("Kursor tidak dikenal; pakai nilai next_cursor apa adanya.")) \
            from None


def page(query: Select, cursor: tuple[datetime, int] | None,
         limit: int) -> tuple[list[Article], tuple | None]:
    """One page after ``cursor`` (see :func:`parse_cursor`), and the next page's cursor."""
    if cursor is not None:
        after, after_id = cursor
        query = query.where(or_(Article.published_at < after,
                                and_(Article.published_at == after, Article.id < after_id)))
    items = db.session.scalars(query.limit(limit + 1)).unique().all()
    following = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        following = (last.published_at.strftime(CURSOR_TIME), last.id)
    return items, following
