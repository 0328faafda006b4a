"""Which cached pages show an article, named as tags (``cms.api.depends_on``).

Readers' pages name what they show: an article's page ``article:<id>`` (and those of the
related and neighbouring stories it shows), a listing its rubrik, tag, author or month.
After a change, :func:`invalidate_article` moves the tags of every page that showed the
article before and of every page that shows it now; the rest of the site stays cached.

An article's "related" stories are the ones just before it in its rubrik
(:func:`earlier_in_rubrik`): a new story never enters the list of an older one, so a
publish re-renders the few pages whose list it joins instead of every page of the rubrik.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select

from cms.api import db, invalidate_tags
from plugins.articles.models import Article, visible_filter
from plugins.articles.rubrik import ancestor_ids

#: How many related stories an article's page shows; the pages a new story's arrival
#: changes are found for this many.
RELATED_COUNT = 4


def article_dep(article_id: int) -> str:
    """The tag of whatever shows the article itself: its page, its card, a block about it."""
    return f"article:{article_id}"


def position_dep(article_id: int) -> str:
    """Which stories are the article's previous and next: a story published between
    them moves it."""
    return f"position:{article_id}"


def rubrik_dep(category_id: int) -> str:
    return f"rubrik:{category_id}"


def tag_dep(tag_id: int) -> str:
    return f"tag:{tag_id}"


def author_dep(author_id: int) -> str:
    return f"author:{author_id}"


def month_dep(year: int, month: int) -> str:
    return f"month:{year:04d}-{month:02d}"


def related_dep(article_id: int) -> str:
    """Which stories are the article's related ones (those just before it in its rubrik):
    a story published among them moves it."""
    return f"related:{article_id}"


def newest_dep(category_id: int) -> str:
    """Which stories are a rubrik's newest, shown as related only by its oldest stories
    (too few before them): moved by a story that arrives, leaves or changes its date
    there, not by an edit of its text."""
    return f"newest:{category_id}"


def earlier_in_rubrik(article: Article) -> ColumnElement[bool]:
    """The stories of ``article``'s rubrik published before it, newest first in
    ``(published_at, id)`` order: its related stories are the first of them."""
    when = article.published_at
    return and_(Article.category_id == article.category_id, Article.published_at <= when,
                or_(Article.published_at < when, Article.id < article.id))


def _joined(article: Article) -> list[int]:
    """The stories whose related list ``article`` is in: the :data:`RELATED_COUNT`
    published just after it in its rubrik (the mirror of :func:`earlier_in_rubrik`)."""
    when = article.published_at
    return db.session.scalars(
        select(Article.id).where(
            visible_filter(), Article.category_id == article.category_id,
            Article.published_at >= when,
            or_(Article.published_at > when, Article.id > article.id))
        .order_by(Article.published_at, Article.id).limit(RELATED_COUNT)).all()


@dataclass(frozen=True)
class Shown:
    """Where an article shows at one moment: the tags of the pages showing it, and its
    place among the stories (public, date and rubrik), which its neighbours and its
    rubrik's "related" lists depend on."""

    tags: frozenset[str]
    place: tuple[bool, datetime | None, int | None] | None


def shown_in(article: Article) -> Shown:
    """The tags of the pages that show ``article`` as it is now: its own, its rubrik's and
    every rubrik's above it (a rubrik lists those below it), its tags', its authors' (the
    credited ones too) and its month's. Nothing but its own for an article readers cannot see."""
    if article.id is None:
        return Shown(frozenset(), None)
    tags = {article_dep(article.id)}
    if not article.is_public:
        return Shown(frozenset(tags), (False, None, None))
    if article.category_id is not None:
        tags.update(rubrik_dep(i) for i in ancestor_ids(article.category_id))
    tags.update(tag_dep(t.id) for t in article.tags if t.id is not None)
    if article.author_id is not None:
        tags.add(author_dep(article.author_id))
    # Co-authors' pages list it too.
    tags.update(author_dep(credit.user_id) for credit in article.credits
                if credit.user_id is not None)
    when: datetime = article.published_at
    tags.add(month_dep(when.year, when.month))
    return Shown(frozenset(tags), (True, when, article.category_id))


def invalidate_article(article: Article | None, before: Shown,
                       neighbours: tuple[Article | None, Article | None] = (None, None)) -> None:
    """After the commit: forget what showed the article (``before``, from
    :func:`shown_in` ahead of the change) and what shows it now (nothing once it is
    deleted). When its place changed, also the pages of the stories on either side of it
    (``neighbours``), whose previous/next links may now lead to it, those whose related
    list it joins, and what lists its rubrik's newest stories.

    Where it was before needs nothing more: every page that listed it there depends on
    its ``article:<id>``."""
    now = shown_in(article) if article is not None else Shown(frozenset(), None)
    tags = set(before.tags | now.tags)
    if before.place != now.place:
        tags.update(newest_dep(shown.place[2]) for shown in (before, now)
                    if shown.place and shown.place[2] is not None)
        tags.update(position_dep(n.id) for n in neighbours if n is not None)
        if article is not None and now.place and now.place[0] and now.place[2] is not None:
            tags.update(related_dep(i) for i in _joined(article))
    invalidate_tags(*tags)
