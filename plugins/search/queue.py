"""The queue of index changes both backends drain, and what a drain or a check reports.

A request that changes an article adds a row to ``search_queue`` (committed on its own,
right after the article's commit); the backend's writer applies it, re-reading the
article's *current* state from the database, so a row applied twice or late is harmless
and a writer killed at any point leaves its rows for the next one. How each backend
drains it: :mod:`plugins.search.whoosh.indexing`, :mod:`plugins.search.postgres.indexing`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cms.api import db
from plugins.articles.api import Article
from plugins.search.documents import (
    article_documents,
    fingerprint,
    indexable_filter,
    load_articles,
)
from plugins.search.models import QueueEntry

logger = logging.getLogger(__name__)

#: Queue rows applied per index commit; also the article batch of a rebuild.
BATCH_SIZE = 500
#: How long ``reindex`` waits for a running writer before giving up.
REBUILD_WAIT_SECONDS = 60.0


class IndexBusy(RuntimeError):
    """Another process holds the index for writing for longer than we may wait."""


@dataclass
class DrainReport:
    """What one drain did; ``busy`` means another process was already writing."""

    rows: int = 0
    indexed: int = 0
    removed: int = 0
    busy: bool = False


@dataclass
class CheckReport:
    """Differences between the database and the index (article ids)."""

    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    queued: int = 0
    indexed: int = 0
    expected: int = 0
    stemmer: str | None = None

    @property
    def consistent(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def enqueue(article_ids: Iterable[int], action: str) -> bool:
    """Record that articles changed, in a transaction of its own; False if that failed.

    Its own session, so nothing the caller left pending is committed with it. A failure
    is logged, never raised: the article is already saved, and ``cms search check``
    finds what the index missed.
    """
    ids = list(article_ids)
    try:
        with Session(db.engine) as session:
            session.add_all(QueueEntry(article_id=i, action=action) for i in ids)
            session.commit()
    except SQLAlchemyError:
        logger.exception("search: could not queue %s of articles %s", action, ids)
        return False
    return True


def queued_count() -> int:
    return db.session.scalar(select(func.count()).select_from(QueueEntry)) or 0


def indexable_ids() -> list[int]:
    """Every article the index should hold, by id."""
    return list(db.session.scalars(
        select(Article.id).where(indexable_filter()).order_by(Article.id)))


def compare_with_database(report: CheckReport, indexed: dict[int, str],
                          progress: Callable[[int], None] | None = None) -> CheckReport:
    """Fill ``report`` from what a backend holds (``{article id: fingerprint}``) against
    what the database says each indexable article's document is now."""
    report.indexed = len(indexed)
    ids = indexable_ids()
    report.expected = len(ids)
    for start in range(0, len(ids), BATCH_SIZE):
        for document in article_documents(load_articles(ids[start:start + BATCH_SIZE])):
            article_id = int(document.id)
            stored = indexed.pop(article_id, None)
            if stored is None:
                report.missing.append(article_id)
            elif stored != fingerprint(document):
                report.stale.append(article_id)
        db.session.expunge_all()
        if progress is not None:
            progress(len(ids[start:start + BATCH_SIZE]))
    report.extra = sorted(indexed)
    return report
