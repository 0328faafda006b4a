"""Keeping the index in step with the database: the queue, the single writer, rebuilds.

Every change to the index takes one path. A request that changes an article adds a row
to ``search_queue`` (committed on its own, right after the article's commit). The queue
is drained by whichever process first takes the index folder's writer lock; everyone
else leaves their rows for it and returns at once. So:

- no request waits for the index or sees ``LockError``: taking the lock never blocks,
  and a busy lock only means someone else is writing;
- no change is lost: a row is deleted only after the index commit that applied it, so a
  writer killed at any point leaves its rows for the next one;
- applying a row twice or late is harmless: the writer reads the article's *current*
  state from the database, and an article that is no longer public is removed.

A rebuild holds the lock from its first read to the swap, then drains what queued up
meanwhile into the new generation, so changes made during a rebuild are not lost either.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, Response, after_this_request, current_app, g, has_request_context
from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cms import pagecache
from cms.extensions import db
from plugins.articles.models import Article
from plugins.search import building
from plugins.search.analysis import DEFAULT_STEMMER
from plugins.search.documents import (
    article_document,
    fingerprint,
    indexable_filter,
    load_articles,
)
from plugins.search.models import QueueEntry
from plugins.search.schema import build_schema, read_column, stemmer_of, whoosh_fields
from plugins.search.store import IndexStore

logger = logging.getLogger(__name__)

#: Queue rows applied per index commit; also the article batch of a rebuild.
BATCH_SIZE = 500
#: How long ``reindex`` waits for a running drain before giving up.
REBUILD_WAIT_SECONDS = 60.0


class IndexBusy(RuntimeError):
    """Another process holds the writer lock for longer than we may wait."""


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


def store_for(app: Flask) -> IndexStore:
    """The index folder of ``app``: ``SEARCH_INDEX_PATH`` or ``<instance>/search-index``."""
    configured = app.config.get("SEARCH_INDEX_PATH")
    return IndexStore(Path(configured) if configured else Path(app.instance_path) / "search-index")


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _stemmer() -> str:
    return current_app.config.get("SEARCH_STEMMER") or DEFAULT_STEMMER


# Queue ------------------------------------------------------------------------------

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


def schedule_drain(app: Flask) -> None:
    """Drain the queue once the current request's response is sent (now, outside one).

    In a request the drain runs from the response's ``close``, after the last byte went
    out, so the writer who saved waits for nothing. Contexts that never produce a
    response (a test request context, a failed request) drain when they end instead.
    """
    if not has_request_context():
        drain_quietly(app)
        return
    if g.get("search_drain_scheduled"):
        return
    g.search_drain_scheduled = True

    @after_this_request
    def drain_after_response(response: Response) -> Response:
        response.call_on_close(lambda: drain_quietly(app))
        g.search_drain_handed_off = True
        return response


def drain_at_teardown(app: Flask) -> None:
    """Teardown fallback of :func:`schedule_drain` for requests that never sent a response."""
    if g.get("search_drain_scheduled") and not g.get("search_drain_handed_off"):
        g.search_drain_scheduled = False
        drain_quietly(app)


def drain_quietly(app: Flask) -> DrainReport | None:
    """Drain in a fresh application context; log failures instead of raising them.

    Called after a save: whatever goes wrong with the index, the save has succeeded and
    the rows stay queued for the next drain.
    """
    try:
        with app.app_context():
            return drain(app)
    except Exception:
        logger.exception("search: draining the index queue failed; the changes stay queued")
        return None


def drain(app: Flask, wait: float = 0.0) -> DrainReport:
    """Apply queued changes if no other process is writing; return what was done.

    Loops until the queue is empty *after* releasing the lock: a row queued by a process
    whose own attempt found the lock taken is picked up here instead of waiting for the
    next save.
    """
    store = store_for(app)
    report = DrainReport()
    while True:
        with store.locked(wait) as taken:
            if not taken:
                report.busy = True
                break
            _drain_locked(store, report)
        db.session.rollback()
        if not queued_count():
            break
        wait = 0.0
    if report.rows:
        # The save that queued these already emptied the page cache, but a search page
        # rendered before this drain may have been cached since, without the change.
        pagecache.invalidate()
    return report


def _drain_locked(store: IndexStore, report: DrainReport) -> None:
    ix = store.open_for_writing(build_schema(_stemmer()))
    zone = _zone()
    try:
        while True:
            rows = db.session.execute(
                select(QueueEntry.id, QueueEntry.article_id)
                .order_by(QueueEntry.id).limit(BATCH_SIZE)
            ).all()
            if not rows:
                return
            ids = sorted({row.article_id for row in rows})
            articles = load_articles(ids)
            gone = set(ids) - {article.id for article in articles}
            writer = ix.writer()
            try:
                for article in articles:
                    writer.update_document(**whoosh_fields(article_document(article), zone))
                for article_id in gone:
                    writer.delete_by_term("id", str(article_id))
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
            # Only the rows read above: rows queued meanwhile may describe newer changes.
            db.session.execute(delete(QueueEntry).where(QueueEntry.id.in_([r.id for r in rows])))
            db.session.commit()
            db.session.expunge_all()
            report.rows += len(rows)
            report.indexed += len(articles)
            report.removed += len(gone)
    finally:
        ix.close()


# Rebuild and check --------------------------------------------------------------------

def indexable_ids() -> list[int]:
    return list(db.session.scalars(
        select(Article.id).where(indexable_filter()).order_by(Article.id)))


def rebuild(app: Flask, progress: Callable[[int], None] | None = None,
            wait: float = REBUILD_WAIT_SECONDS) -> int:
    """Build a new generation from the database, swap it in, drain what queued meanwhile.

    Raises :class:`IndexBusy` if the writer lock stays taken for ``wait`` seconds.
    """
    store = store_for(app)
    zone = _zone()
    with store.locked(wait) as taken:
        if not taken:
            raise IndexBusy(f"another process has been writing the index for {wait:.0f} s")
        build, ix = store.new_build(build_schema(_stemmer()))
        try:
            try:
                count = building.fill(app, ix, indexable_ids(), BATCH_SIZE, zone, progress)
            finally:
                ix.close()
        except BaseException:
            store.remove_old()
            raise
        store.publish(build)
        _drain_locked(store, DrainReport())
        store.remove_old()
    pagecache.invalidate()
    db.session.rollback()
    if queued_count():
        drain(app)
    return count


def check(app: Flask, progress: Callable[[int], None] | None = None) -> CheckReport:
    """Compare every indexable article's document with the index's copy."""
    report = CheckReport(queued=queued_count())
    indexed: dict[int, str] = {}
    ix = store_for(app).open_current()
    if ix is not None:
        report.stemmer = stemmer_of(ix.schema)
        with ix.searcher() as searcher:
            reader = searcher.reader()
            ids = read_column(reader, "id")
            prints = read_column(reader, "fingerprint")
            for docnum in reader.all_doc_ids():
                indexed[int(ids[docnum])] = prints[docnum]
        ix.close()
    return compare_with_database(report, indexed, progress)


def compare_with_database(report: CheckReport, indexed: dict[int, str],
                          progress: Callable[[int], None] | None = None) -> CheckReport:
    """Fill ``report`` from what a backend holds (``{article id: fingerprint}``) against
    what the database says each indexable article's document is now."""
    report.indexed = len(indexed)
    ids = indexable_ids()
    report.expected = len(ids)
    for start in range(0, len(ids), BATCH_SIZE):
        for article in load_articles(ids[start:start + BATCH_SIZE]):
            stored = indexed.pop(article.id, None)
            if stored is None:
                report.missing.append(article.id)
            elif stored != fingerprint(article_document(article)):
                report.stale.append(article.id)
        db.session.expunge_all()
        if progress is not None:
            progress(len(ids[start:start + BATCH_SIZE]))
    report.extra = sorted(indexed)
    return report
