"""The search plugin's one table: the queue of index changes waiting for the writer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cms.extensions import db
from cms.models.user import utcnow


class QueueEntry(db.Model):
    """One article that changed and must be re-read into the index.

    The row says only *which* article changed: the writer reads the article's state from
    the database when it drains the queue, so rows can be applied twice or out of order
    and the index still ends up matching the database. No foreign key: a deleted
    article's row must survive its article, or the deletion would never reach the index.
    """

    __tablename__ = "search_queue"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(20))
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)


MODELS = (QueueEntry,)
