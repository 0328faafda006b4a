"""The Whoosh backend's single writer: draining the queue, rebuilds, checks.

Every change to the index takes one path: a row in ``search_queue``
(:mod:`plugins.search.queue`). The queue is drained by whichever process first takes the
index folder's writer lock; everyone else leaves their rows for it and returns at once.
So:

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
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, after_this_request, g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import delete, select

from cms.api import db, invalidate
from plugins.search.dependencies import index_changed
from plugins.search.documents import article_documents, indexed_fields, load_articles
from plugins.search.models import QueueEntry
from plugins.search.queue import (
    BATCH_SIZE,
    REBUILD_WAIT_SECONDS,
    CheckReport,
    DrainReport,
    IndexBusy,
    compare_with_database,
    indexable_ids,
    queued_count,
)
from plugins.search.settings import SearchSettings, settings_of
from plugins.search.whoosh import building
from plugins.search.whoosh.schema import build_schema, read_column, stemmer_of
from plugins.search.whoosh.store import IndexStore

logger = logging.getLogger(__name__)



# Applying the queue -------------------------------------------------------------------

def schedule_drain(app: Flask, settings: SearchSettings) -> None:
    """Drain the queue once the current request's response is sent (now, outside one).

    In a request the drain runs from the response's ``close``, after the last byte went
    out, so the writer who saved waits for nothing. Contexts that never produce a
    response (a test request context, a failed request) drain when they end instead
    (:func:`drain_at_teardown`).
    """
    if not has_request_context():
        drain_quietly(app, settings)
        return
    if g.get("search_drain_scheduled"):
        return
    g.search_drain_scheduled = True

    @after_this_request
    def drain_after_response(response: Response) -> Response:
        response.call_on_close(lambda: drain_quietly(app, settings))
        g.search_drain_handed_off = True
        return response


def drain_at_teardown(app: Flask) -> None:
    """Teardown fallback of :func:`schedule_drain` for requests that never sent a response."""
    if g.get("search_drain_scheduled") and not g.get("search_drain_handed_off"):
        g.search_drain_scheduled = False
        drain_quietly(app, settings_of(app))


def drain_quietly(app: Flask, settings: SearchSettings) -> DrainReport | None:
    """Drain in a fresh application context; log failures instead of raising them.

    Called after a save: whatever goes wrong with the index, the save has succeeded and
    the rows stay queued for the next drain.
    """
    try:
        with app.app_context():
            return drain(settings)
    except Exception:
        logger.exception("search: draining the index queue failed; the changes stay queued")
        return None


def drain(settings: SearchSettings, wait: float = 0.0) -> DrainReport:
    """Apply queued changes if no other process is writing; return what was done.

    Loops until the queue is empty *after* releasing the lock: a row queued by a process
    whose own attempt found the lock taken is picked up here instead of waiting for the
    next save.
    """
    store = IndexStore(settings.index_path)
    report = DrainReport()
    while True:
        with store.locked(wait) as taken:
            if not taken:
                report.busy = True
                break
            _drain_locked(store, settings, report)
        db.session.rollback()
        if not queued_count():
            break
        wait = 0.0
    if report.rows:
        # Search pages cached since the save that queued these do not show the change.
        index_changed()
    return report


def _drain_locked(store: IndexStore, settings: SearchSettings, report: DrainReport) -> None:
    ix = store.open_for_writing(build_schema(settings.stemmer))
    try:
        while True:
            rows = db.session.execute(
                select(QueueEntry.id, QueueEntry.article_id)
                .order_by(QueueEntry.id).limit(BATCH_SIZE)
            ).all()
            if not rows:
                return
            _write_rows(ix, settings, rows, report)
            # Only the rows read above: rows queued meanwhile may describe newer changes.
            db.session.execute(delete(QueueEntry).where(QueueEntry.id.in_([r.id for r in rows])))
            db.session.commit()
            db.session.expunge_all()
            report.rows += len(rows)
    finally:
        ix.close()


def _write_rows(ix: Any, settings: SearchSettings, rows: list[Any],
                report: DrainReport) -> None:
    """One index commit for ``rows``: their old documents deleted, current ones added.

    Whoosh's ``update_document`` opens a searcher per document to find the one it
    replaces (a sixth of a drain's time during an import); here one searcher finds them
    all. Each article is added once, however often it was queued: a document added in
    this writer could not be replaced before the commit. Written with the rebuild's
    codec (no zlib, packed positions), which reads and writes faster.
    """
    ids = sorted({row.article_id for row in rows})
    names = set(ix.schema.names())
    writer = ix.writer(codec=building.codec())
    try:
        with writer.searcher() as searcher:
            for article_id in ids:
                writer.delete_by_term("id", str(article_id), searcher=searcher)
        found = 0
        for document in article_documents(load_articles(ids)):
            fields = indexed_fields(document, settings.timezone)
            # An index built before a field was added takes the fields it has.
            writer.add_document(**{k: v for k, v in fields.items() if k in names})
            found += 1
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    report.indexed += found
    report.removed += len(ids) - found


# Rebuild and check --------------------------------------------------------------------

def rebuild(app: Flask, settings: SearchSettings,
            progress: Callable[[int], None] | None = None,
            wait: float = REBUILD_WAIT_SECONDS) -> int:
    """Build a new generation from the database, swap it in, drain what queued meanwhile.

    Raises :class:`~plugins.search.queue.IndexBusy` if the writer lock stays taken for
    ``wait`` seconds.
    """
    store = IndexStore(settings.index_path)
    with store.locked(wait) as taken:
        if not taken:
            raise IndexBusy(_("proses lain sudah %(seconds).0f dtk menulis indeks",
                              seconds=wait))
        build, ix = store.new_build(build_schema(settings.stemmer))
        try:
            try:
                count = building.fill(app, settings, ix, indexable_ids(), BATCH_SIZE, progress)
            finally:
                ix.close()
        except BaseException:
            store.remove_old()
            raise
        store.publish(build)
        _drain_locked(store, settings, DrainReport())
        store.remove_old()
    invalidate()
    db.session.rollback()
    if queued_count():
        drain(settings)
    return count


def check(settings: SearchSettings,
          progress: Callable[[int], None] | None = None) -> CheckReport:
    """Compare every indexable article's document with the index's copy."""
    report = CheckReport(queued=queued_count())
    indexed: dict[int, str] = {}
    ix = IndexStore(settings.index_path).open_current()
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
