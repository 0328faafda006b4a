"""What readers' pages list, each a bounded number of queries however many articles show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, bindparam, extract, func, select, union_all
from sqlalchemy.orm import defer, joinedload, selectinload

from cms.api import User, call_hook, db, depends_on, remembered
from plugins.articles import frontpage, models, rubrik
from plugins.articles.cards import Card, CardRubrik, load_cards, navigation
from plugins.articles.dependencies import (
    RELATED_COUNT,
    article_dep,
    earlier_in_rubrik,
    newest_dep,
    position_dep,
    related_dep,
    tag_dep,
)
from plugins.articles.models import (
    Article,
    Category,
    Status,
    Tag,
    ViewCount,
    article_tag,
    visible_filter,
    worked_on,
)

HOME_SECTIONS = 6
SECTION_SIZE = 4
#: What a card shows besides the article's own columns.
CARD_RELATIONS = (selectinload(Article.category), selectinload(Article.image),
                  selectinload(Article.author))


#: Readers' listings before the visibility test (which holds the clock), built once.
_NEWEST_FIRST = (Article.published_at.desc(), Article.id.desc())
_LISTED = {True: select(Article).options(*CARD_RELATIONS).order_by(*_NEWEST_FIRST)}
_LISTED[False] = _LISTED[True].options(defer(Article.body))
#: The newest public ids, the clock and the number as values.
_NEWEST_IDS = (select(Article.id).where(visible_filter(bindparam("now")))
               .order_by(*_NEWEST_FIRST).limit(bindparam("limit")))


def public_articles(*, with_body: bool = False) -> Select:
    """Readers' articles with what every card shows loaded up front (no query per card).

    Cards never show the body, the largest column by far, so listings leave it out unless
    asked (``with_body``): reading it is most of a listing's database time.
    """
    return _LISTED[with_body].where(visible_filter())


#: Built once: the statement is the same for every article page, only its values differ.
_ARTICLE_BY_SLUG = select(Article.id, Article.version, Article.status,
                          Article.published_at).where(Article.slug == bindparam("slug"))


#: What the article page shows of the article's own relations besides its tags.
_ARTICLE_PAGE_RELATIONS = (joinedload(Article.category), joinedload(Article.image),
                           joinedload(Article.author))


class ArticlePage:
    """A readers' article found by its address: its id and version at once, the rest
    (body, rubrik, author, tags…) loaded only when a template asks for it. The page's
    cached fragments, keyed on id and version, usually hold everything shown."""

    __slots__ = ("id", "version", "_article")

    def __init__(self, article_id: int, version: int) -> None:
        self.id = article_id
        self.version = version
        self._article: Article | None = None

    def __getattr__(self, name: str) -> Any:
        depends_on(article_dep(self.id))  # whichever fragment asks shows the article
        if self._article is None:
            # Its rubrik, image and author with it, by primary key: one statement, not four.
            self._article = db.session.get(Article, self.id, options=_ARTICLE_PAGE_RELATIONS)
        return getattr(self._article, name)


def public_article(slug: str) -> ArticlePage | None:
    """One readers' article by its address, or None.

    Which article an address names changes only with an edit (or a scheduled time, which
    moves the content generation too), so each process remembers it per generation.
    """
    found = remembered("article.by_slug", slug, compute=lambda: _find_public(slug))
    return ArticlePage(*found) if found else None


def _find_public(slug: str) -> tuple[int, int] | None:
    with db.engine.connect() as connection:  # no session: a cached page needs none
        found = connection.execute(_ARTICLE_BY_SLUG, {"slug": slug}).first()
    # Slugs are unique: whether readers may see it is decided here, by the same rule
    # and clock as visible_filter().
    if found is None or not models.public_at(found, models.utcnow()):
        return None
    depends_on(article_dep(found.id))
    return found.id, found.version


def cards(ids: list[int]) -> list[Card]:
    """The articles ``ids`` chose, in that order, read for cards, hidden ones dropped.

    For lists ranked by an earlier query: selecting by key alone lets the database look the
    few rows up directly, where repeating the visibility test in SQL makes it walk the
    listing index; visibility is checked here instead.
    """
    return load_cards(ids)


def newest_ids(query: Select, limit: int, offset: int = 0) -> list[int]:
    """The ids of the first ``limit`` articles of a listing statement (its order kept)."""
    return list(db.session.scalars(
        query.with_only_columns(Article.id).limit(limit).offset(offset)))


def listed_cards(query: Select, limit: int, offset: int = 0) -> list[Card]:
    """The first ``limit`` articles (after ``offset``) of a :func:`public_articles`
    statement, read as cards: two light statements instead of the ORM's four."""
    return cards(newest_ids(query, limit, offset))


def latest_articles(limit: int = 10) -> list[Card]:
    """Newest articles readers may see, for themes and other plugins' blocks."""
    return cards(list(db.session.scalars(_NEWEST_IDS,
                                         {"now": models.utcnow(), "limit": limit})))


def nav_categories(limit: int = 8) -> list[CardRubrik]:
    """The rubrik of the menu: id, name and slug read at once, anything else on demand."""
    return navigation(limit)


@dataclass
class HomePage:
    headline: Card | None
    latest: list[Card]
    sections: list[tuple[CardRubrik, list[Card]]]
    most_read: list[Card]


def left_out_of(block: str, column: ColumnElement[int] = Article.id) -> list:
    """SQL conditions keeping out of ``block`` what plugins bar from it (advertorials);
    ``column`` holds the article id to test."""
    return [column.not_in(ids) for ids in call_hook("articles_exclude_from", block=block)]


def home_page() -> HomePage:
    latest = latest_articles(13)
    candidates = latest
    barred = left_out_of("headline")
    if barred and latest:
        allowed = set(db.session.scalars(select(Article.id).where(
            Article.id.in_([a.id for a in latest]), *barred)))
        candidates = [a for a in latest if a.id in allowed]
    headline = next((a for a in candidates if a.image_id),
                    candidates[0] if candidates else None)
    rest = [a for a in latest if a is not headline][:12]
    headline, rest = frontpage.put_pins_first(frontpage.HOME, headline, rest, 12, barred)
    return HomePage(headline, rest, category_sections(), most_read())


def category_sections() -> list[tuple[CardRubrik, list[Card]]]:
    """The newest few articles of each leading rubrik, in one query for all rubrik."""
    categories = nav_categories(HOME_SECTIONS)
    if not categories:
        return []
    values = {f"rubrik_{n}": category.id for n, category in enumerate(categories)}
    items = cards(list(db.session.scalars(_sections_statement(len(categories)),
                                          {**values, "now": models.utcnow()})))
    by_category: dict[int, list[Card]] = {}
    for item in items:
        by_category.setdefault(item.category_id, []).append(item)
    return [(c, by_category[c.id]) for c in categories if c.id in by_category]


@cache
def _sections_statement(count: int) -> Select:
    """The newest few ids of ``count`` rubrik: one small indexed LIMIT per rubrik, glued
    into a single statement; built once per number of rubrik, the ids and clock values."""
    return union_all(*(
        select(Article.id)
        .where(visible_filter(bindparam("now")), Article.category_id == bindparam(f"rubrik_{n}"))
        .order_by(Article.published_at.desc()).limit(SECTION_SIZE).subquery().select()
        for n in range(count)))


def most_read(limit: int = 5, days: int = 7) -> list[Card]:
    """Most viewed in the last ``days`` days, counted on the server (see viewcount.py).

    Ranked from the counts alone (read by day), then the leaders loaded if readers may
    see them: a statement joining the two makes the database walk every public article.
    When hidden or barred articles crowd the leaders, a longer list is ranked.
    """
    since = (models.utcnow() - timedelta(days=days)).date()
    views = func.sum(ViewCount.count)
    barred = left_out_of("most_read", ViewCount.article_id)
    wanted = limit * 3
    while True:
        ranked = db.session.scalars(
            select(ViewCount.article_id).where(ViewCount.day >= since, *barred)
            .group_by(ViewCount.article_id).order_by(views.desc(), ViewCount.article_id.desc())
            .limit(wanted)).all()
        found = cards(ranked)
        if len(found) >= limit or len(ranked) < wanted:
            return found[:limit]
        wanted *= 4


def related_articles(article: Article, limit: int = RELATED_COUNT) -> list[Article]:
    """The stories just before this one in its rubrik, newest first; the rubrik's newest
    when it has too few before it, then articles sharing a tag.

    Stories published later never enter the list, so a publish changes only the few
    pages whose list it joins (``related:<id>``, moved by ``invalidate_article``), not
    every page of the rubrik.
    """
    found: list[Article] = []
    if article.category_id:
        ids = db.session.scalars(
            select(Article.id).where(visible_filter(), earlier_in_rubrik(article))
            .order_by(Article.published_at.desc(), Article.id.desc()).limit(limit)).all()
        found = cards(ids)
        # A longer list than the one a publish looks after moves with any story there.
        depends_on(related_dep(article.id) if limit <= RELATED_COUNT
                   else newest_dep(article.category_id))
        if len(found) < limit:
            depends_on(newest_dep(article.category_id))
            found += db.session.scalars(
                public_articles().where(Article.category_id == article.category_id,
                                        Article.id.not_in([article.id, *ids]))
                .limit(limit - len(found))).all()
        depends_on(*(article_dep(a.id) for a in found))  # what each shows of itself
    if len(found) < limit and article.tags:
        tag_ids = [t.id for t in article.tags]
        depends_on(*(tag_dep(i) for i in tag_ids))  # any change of a story tagged so
        sharing = select(article_tag.c.article_id).where(article_tag.c.tag_id.in_(tag_ids))
        extra = db.session.scalars(
            public_articles().where(Article.id.in_(sharing),
                                    Article.id.not_in([article.id, *(a.id for a in found)]))
            .limit(limit - len(found))).all()
        found = [*found, *extra]
    return found


def neighbours(article: Article) -> tuple[Card | None, Card | None]:
    """The previous (older) and next (newer) public articles."""
    around = union_all(
        select(Article.id).where(visible_filter(), Article.published_at < article.published_at)
        .order_by(Article.published_at.desc()).limit(1).subquery().select(),
        select(Article.id).where(visible_filter(), Article.published_at > article.published_at)
        .order_by(Article.published_at.asc()).limit(1).subquery().select())
    found = {card.id: card for card in cards(list(db.session.scalars(around)))}
    ids = list(found)
    older = next((found[i] for i in ids if found[i].published_at < article.published_at), None)
    newer = next((found[i] for i in ids if found[i].published_at > article.published_at), None)
    # Their titles show; a story published between them moves the article's position.
    depends_on(position_dep(article.id),
               *(article_dep(a.id) for a in (older, newer) if a is not None))
    return older, newer


def in_category(category: Category | Row, *, with_body: bool = False) -> Select:
    """A rubrik's articles and those of every rubrik below it, in one indexed query."""
    ids = rubrik.listed_ids(category.id)
    where = Article.category_id == ids[0] if len(ids) == 1 else Article.category_id.in_(ids)
    return public_articles(with_body=with_body).where(where)


def with_tag(tag: Tag | Row, *, with_body: bool = False) -> Select:
    return public_articles(with_body=with_body).where(
        Article.id.in_(select(article_tag.c.article_id).where(article_tag.c.tag_id == tag.id)))


def by_author(author: User) -> Select:
    """Every article the person worked on: as main author or credited beside them."""
    return public_articles().where(worked_on(author.id))


def in_month(year: int, month: int) -> Select:
    start = datetime(year, month, 1)
    end = datetime(year + (month == 12), month % 12 + 1, 1)
    return public_articles().where(Article.published_at >= start, Article.published_at < end)


def archive_months(limit: int = 24) -> list[tuple[int, int, int]]:
    """(year, month, count) of the newest months that have articles."""
    year = extract("year", Article.published_at)
    month = extract("month", Article.published_at)
    rows = db.session.execute(
        select(year, month, func.count()).where(visible_filter())
        .group_by(year, month).order_by(year.desc(), month.desc()).limit(limit)).all()
    return [(int(y), int(m), n) for y, m, n in rows]


def next_scheduled() -> datetime | None:
    """When the next article waiting for its time becomes public."""
    return db.session.scalar(select(func.min(Article.published_at)).where(
        Article.status.in_((Status.PUBLISHED.value, Status.SCHEDULED.value)),
        Article.published_at > models.utcnow()))


def last_change() -> datetime | None:
    """When any public article last changed: the Last-Modified of listings and feeds."""
    return db.session.scalar(select(func.max(Article.updated_at)).where(visible_filter()))
