"""The front page's tables: stories an editor pinned to a page, and breaking news."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, ForeignKey, Index, String, UniqueConstraint, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cms.api import User, db, utcnow
from plugins.articles.models import Article

#: The key of the home page's placements; a rubrik's is ``rubrik:<id>``.
HOME = "home"


class Placement(db.Model):
    """A story an editor pinned to the top of a page (``page_key``), at ``position``
    (0 is the headline), until ``expires_at`` (naive UTC) or for good when that is empty."""

    __tablename__ = "articles_placement"
    __table_args__ = (
        UniqueConstraint("page_key", "article_id", name="uq_articles_placement_page_article"),
        Index("ix_articles_placement_page_position", "page_key", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles_article.id", ondelete="CASCADE"), index=True)
    page_key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime | None]
    placed_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    placed_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship()
    placer: Mapped[User | None] = relationship()


class Breaking(db.Model):
    """A story shown as breaking news on every public page until ``expires_at``."""

    __tablename__ = "articles_breaking"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles_article.id", ondelete="CASCADE"), unique=True)
    expires_at: Mapped[datetime | None]
    placed_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    placed_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship()
    placer: Mapped[User | None] = relationship()


def in_force(model: type[Placement] | type[Breaking], now: datetime) -> ColumnElement[bool]:
    """SQL condition: the pin or banner has not expired at ``now``."""
    return or_(model.expires_at.is_(None), model.expires_at > now)


MODELS = (Placement, Breaking)
