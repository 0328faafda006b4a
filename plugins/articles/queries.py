"""What readers' pages list, each a bounded number of queries however many articles show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, bindparam, extract, func, select, union_all
from sqlalchemy.orm import defer, selectinload

from cms.api import User, call_hook, db, depends_on, remembered
from plugins.articles import frontpage, models, rubrik
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


def public_articles(*, with_body: bool = False) -> Select:
    """Readers' articles with what every card shows loaded up front (no query per card).

    Cards never show the body, the largest column by far, so listings leave it out unless
    asked (``with_body``): reading it is most of a listing's database time.
    """
    query = (
        select(Article).where(visible_filter())
        .options(*CARD_RELATIONS).order_by(Article.published_at.desc(), Article.id.desc())
    )
    return query if with_body else query.options(defer(Article.body))


#: Built once: the statement is the same for every article page, only its values differ.
_ARTICLE_BY_SLUG = select(Article.id, Article.version, Article.status,
                          Article.published_at).where(Article.slug == bindparam("slug"))


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
            self._article = db.session.get(Article, self.id)
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


def cards(ids: list[int]) -> list[Article]:
    """The articles ``ids`` chose, in that order, loaded for cards, hidden ones dropped.

    For lists ranked by an earlier query: selecting by key alone lets the database look the
    few rows up directly, where repeating the visibility test in SQL makes it walk the
    listing index; visibility is checked here instead.
    """
    if not ids:
        return []
    found = {a.id: a for a in db.session.scalars(
        select(Article).where(Article.id.in_(ids))
        .options(*CARD_RELATIONS, defer(Article.body)))}
    return [found[i] for i in ids if i in found and found[i].is_public]


def latest_articles(limit: int = 10) -> list[Article]:
    """Newest articles readers may see, for themes and other plugins' blocks."""
    return db.session.scalars(public_articles().limit(limit)).all()


def nav_categories(limit: int = 8) -> list[Category]:
    return db.session.scalars(
        select(Category).order_by(Category.position, Category.name).limit(limit)).all()


@dataclass
class HomePage:
    headline: Article | None
    latest: list[Article]
    sections: list[tuple[Category, list[Article]]]
    most_read: list[Article]


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


def category_sections() -> list[tuple[Category, list[Article]]]:
    """The newest few articles of each leading rubrik, in one query for all rubrik."""
    categories = nav_categories(HOME_SECTIONS)
    if not categories:
        return []
    # One small indexed LIMIT per rubrik, glued into a single statement.
    newest = [
        select(Article.id).where(visible_filter(), Article.category_id == category.id)
        .order_by(Article.published_at.desc()).limit(SECTION_SIZE).subquery().select()
        for category in categories
    ]
    items = cards(db.session.scalars(union_all(*newest)).all())
    by_category: dict[int, list[Article]] = {}
    for item in items:
        by_category.setdefault(item.category_id, []).append(item)
    return [(c, by_category[c.id]) for c in categories if c.id in by_category]


def most_read(limit: int = 5, days: int = 7) -> list[Article]:
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


def neighbours(article: Article) -> tuple[Article | None, Article | None]:
    """The previous (older) and next (newer) public articles."""
    older = db.session.scalar(
        select(Article).where(visible_filter(), Article.published_at < article.published_at)
        .order_by(Article.published_at.desc()).limit(1))
    newer = db.session.scalar(
        select(Article).where(visible_filter(), Article.published_at > article.published_at)
        .order_by(Article.published_at.asc()).limit(1))
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
