"""The newsroom's tables: articles, rubrik (categories), tags, revisions, media, autosaves."""

from __future__ import annotations

import enum
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    ForeignKey,
    Index,
    Row,
    String,
    Table,
    Text,
    and_,
    case,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cms.api import User, db, utcnow


class Status(enum.StrEnum):
    """Where an article is in the newsroom's workflow; stored as its string value."""

    DRAFT = "draft"
    REVIEW = "review"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    ARCHIVED = "archived"
    WITHDRAWN = "withdrawn"  # taken down with a public reason (press council guideline 5)


article_tag = Table(
    "articles_article_tag",
    db.metadata,
    Column("article_id", ForeignKey("articles_article.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("articles_tag.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_articles_article_tag_tag_id", "tag_id"),
)


class Category(db.Model):
    """A rubrik: the one section an article belongs to, perhaps under a parent rubrik whose
    page lists its articles too (placed with ``set_category_parent()``)."""

    __tablename__ = "articles_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles_category.id", ondelete="SET NULL"))

    parent: Mapped[Category | None] = relationship(remote_side=[id])


class Tag(db.Model):
    """A tag: any number per article, each with its own listing and feed."""

    __tablename__ = "articles_tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    slug: Mapped[str] = mapped_column(String(100), unique=True)


class Media(db.Model):
    """An uploaded image, re-encoded, with its responsive sizes."""

    __tablename__ = "articles_media"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(255))
    width: Mapped[int]
    height: Mapped[int]
    format: Mapped[str] = mapped_column(String(10))
    size_bytes: Mapped[int]
    variants_json: Mapped[str] = mapped_column("variants", Text, default="{}")
    caption: Mapped[str] = mapped_column(String(500), default="")
    credit: Mapped[str] = mapped_column(String(200), default="")
    alt: Mapped[str] = mapped_column(String(300), default="")
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    uploader: Mapped[User | None] = relationship()

    @property
    def variants(self) -> dict[int, str]:
        return parse_variants(self.variants_json)


def parse_variants(stored: str) -> dict[int, str]:
    """An image's resized copies by width, from the JSON its row keeps them in."""
    return {int(width): path for width, path in json.loads(stored).items()}


class Article(db.Model):
    """A news story with its workflow status; readers see it once :func:`visible_filter`
    says so. Plugins keep their own data about it in their own tables, keyed by its id."""

    __tablename__ = "articles_article"
    # Every listing filters on visibility and takes the newest few: one index per way in,
    # date before status so the database walks them newest first and stops at the page's
    # end (status last keeps the visibility test inside the index, for counts too).
    __table_args__ = (
        Index("ix_articles_article_status_published", "status", "published_at"),
        Index("ix_articles_article_published_at", "published_at", "status"),
        Index("ix_articles_article_category_newest", "category_id", "published_at", "status"),
        Index("ix_articles_article_author_newest", "author_id", "published_at", "status"),
        # The newsroom's list sorts by these, narrowed to one writer's own for a journalist.
        Index("ix_articles_article_updated_at", "updated_at"),
        Index("ix_articles_article_created_at", "created_at"),
        Index("ix_articles_article_title", "title"),
        Index("ix_articles_article_author_updated", "author_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    dateline: Mapped[str] = mapped_column(String(80), default="")
    lead: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT.value)
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    byline: Mapped[str] = mapped_column(String(40), default="")
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles_category.id", ondelete="SET NULL"), index=True
    )
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles_media.id", ondelete="SET NULL")
    )
    image_caption: Mapped[str] = mapped_column(String(500), default="")
    image_credit: Mapped[str] = mapped_column(String(200), default="")
    image_alt: Mapped[str] = mapped_column(String(300), default="")
    seo_title: Mapped[str] = mapped_column(String(200), default="")
    seo_description: Mapped[str] = mapped_column(String(300), default="")
    # Optimistic locking: a save names the version it started from.
    version: Mapped[int] = mapped_column(default=1)

    author: Mapped[User | None] = relationship()
    category: Mapped[Category | None] = relationship()
    image: Mapped[Media | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=article_tag, order_by=Tag.name)
    credits: Mapped[list[ArticleAuthor]] = relationship(
        order_by="ArticleAuthor.position", cascade="all, delete-orphan",
        passive_deletes=True)

    @property
    def is_public(self) -> bool:
        return public_at(self, utcnow())

    @property
    def display_status(self) -> str:
        """Scheduled articles whose time has come are published, with no cron involved."""
        if self.status == Status.SCHEDULED and self.is_public:
            return Status.PUBLISHED.value
        return self.status

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.slug!r} {self.status}>"


def public_at(article: Article | Row, now: datetime) -> bool:
    """The rule of :func:`visible_filter`, for an article (or a row of its columns)."""
    return (
        article.status in (Status.PUBLISHED, Status.SCHEDULED)
        and article.published_at is not None
        and article.published_at <= now
    )


def visible_filter(now: datetime | ColumnElement[datetime] | None = None):
    """SQL condition for articles readers may see now (scheduled ones once their time comes)."""
    if now is None:
        now = utcnow()
    return and_(
        Article.status.in_((Status.PUBLISHED.value, Status.SCHEDULED.value)),
        Article.published_at <= now,
    )


def effective_status(now: datetime | None = None) -> ColumnElement[str]:
    """SQL for :attr:`Article.display_status`: a scheduled article whose time has come
    counts as published, on the dashboard and in the newsroom's status filter alike."""
    return case((live_schedule(now), Status.PUBLISHED.value), else_=Article.status)


def has_status(status: Status, now: datetime | None = None) -> ColumnElement[bool]:
    """SQL condition "the newsroom would show this article as ``status``" (see
    :func:`effective_status`), written so the status indexes still serve it."""
    if status == Status.SCHEDULED:
        return and_(Article.status == Status.SCHEDULED.value, ~live_schedule(now))
    if status == Status.PUBLISHED:
        return or_(Article.status == Status.PUBLISHED.value, live_schedule(now))
    return Article.status == status.value


def live_schedule(now: datetime | None = None) -> ColumnElement[bool]:
    """A scheduled article whose publication time has passed."""
    return and_(Article.status == Status.SCHEDULED.value,
                Article.published_at <= (now or utcnow()))


class CreditRole(enum.StrEnum):
    """What a person did on a story, beside its main author; stored as its string value."""

    REPORTER = "reporter"
    WRITER = "writer"
    PHOTOGRAPHER = "photographer"
    EDITOR = "editor"


class ArticleAuthor(db.Model):
    """A co-author of an article with their credit, in the order the byline lists them.

    The article's ``author`` stays its main author (who wrote it in, or the import's
    ``dc:creator``); these are the others credited beside them.
    """

    __tablename__ = "articles_article_author"
    # The author page finds a person's articles from this side.
    __table_args__ = (Index("ix_articles_article_author_user", "user_id", "article_id"),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles_article.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship()


def worked_on(user_id: int) -> ColumnElement[bool]:
    """SQL condition: ``user_id`` is the article's main author or one of its co-authors."""
    return or_(Article.author_id == user_id,
               Article.id.in_(select(ArticleAuthor.article_id)
                              .where(ArticleAuthor.user_id == user_id)))


class Revision(db.Model):
    """A snapshot taken at every save; history is never rewritten."""

    __tablename__ = "articles_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles_article.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(String(200), default="")
    data_json: Mapped[str] = mapped_column("data", Text)

    user: Mapped[User | None] = relationship()

    @property
    def data(self) -> dict[str, Any]:
        return json.loads(self.data_json)


class SlugRedirect(db.Model):
    """An old slug of a published article, answered with a 301 to the current one."""

    __tablename__ = "articles_slug_redirect"

    old_slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles_article.id", ondelete="CASCADE"))


class Autosave(db.Model):
    """The newest unsaved text of one writer in one editor, kept apart from the article."""

    __tablename__ = "articles_autosave"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles_article.id", ondelete="CASCADE"), index=True
    )
    draft_key: Mapped[str] = mapped_column(String(64), unique=True)
    data_json: Mapped[str] = mapped_column("data", Text)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def data(self) -> dict[str, Any]:
        return json.loads(self.data_json)


class Presence(db.Model):
    """Who has an article open in the editor, refreshed by the editor's autosave."""

    __tablename__ = "articles_presence"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles_article.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()




class ViewCount(db.Model):
    """Page views per article per day, added in batches (see viewcount.py)."""

    __tablename__ = "articles_view_count"
    # Most-read sums the last days' counts: read them by day, not the whole table.
    __table_args__ = (Index("ix_articles_view_count_day", "day", "article_id", "count"),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles_article.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


MODELS = (Category, Tag, Media, Article, ArticleAuthor, Revision, SlugRedirect, Autosave, Presence,
          ViewCount)
