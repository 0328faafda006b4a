"""Keeping the PostgreSQL index (``search_document``) in step with the database.

Changes take the same durable path as with Whoosh: ``articles_changed`` queues the
article's id in ``search_queue`` right after the article's commit. What differs is who
applies the queue and when. PostgreSQL lets many processes write at once, so there is
no single writer: the process that queued the change applies it straight away, before
the save's response (a reader never sees an unpublished article after the editor's
page has reloaded), and any process can apply what others left behind.

Why nothing is lost or applied out of order with several processes:

- **Rows are claimed, not shared.** A drain takes a batch of queue rows with
  ``FOR UPDATE SKIP LOCKED``: two drains never apply the same row, and neither waits
  for the other's rows. A row is deleted in the transaction that wrote its document,
  so a process killed at any point leaves its rows queued, and the rollback leaves the
  index as it was.
- **One writer per article.** Before reading an article, a drain takes a transaction
  advisory lock on its id (in id order, so two drains cannot deadlock). The article is
  read after the lock is granted, so whoever writes an article's document last has also
  read it last: an older read can never overwrite a newer one.
- **A rebuild is one transaction.** ``cms search reindex`` locks ``search_document``
  against writers (``EXCLUSIVE``: readers go on reading the old rows), replaces every
  row, applies what was queued meanwhile and commits: readers see the old index or the
  new one, never a mix. Drains that find the rebuild's lock give up at once and leave
  their rows queued; the rebuild applies them, before its commit or right after.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import tzinfo
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from sqlalchemy import delete, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import scoped_session

from cms.api import SearchDocument, db
from plugins.search.analysis import STOP_WORDS, analyze, tokenize
from plugins.search.dependencies import index_changed
from plugins.search.documents import (
    article_documents,
    fingerprint,
    indexed_fields,
    load_articles,
)
from plugins.search.models import INDEX_VERSION, IndexedArticle, IndexedWord, QueueEntry
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
from plugins.search.settings import SearchSettings

logger = logging.getLogger(__name__)

#: The first key of the advisory locks taken per article (any constant no other part of
#: the site uses: the second key is the article's id).
LOCK_SPACE = 0x5EA6C4
# PostgreSQL keeps positions up to 16,383 and at most 256 positions per lexeme; later
# ones would be clamped or dropped by the server anyway.
MAX_POSITION = 16_383
MAX_POSITIONS_PER_TERM = 256
# SQLSTATE lock_not_available: LOCK TABLE … NOWAIT, or lock_timeout, gave up.
_LOCK_NOT_AVAILABLE = "55P03"


# Documents ------------------------------------------------------------------------------

def tsvector_text(parts: Iterable[tuple[str, str]], stemmer: str) -> str:
    """The ``tsvector`` input for ``(text, weight)`` parts, analyzed by Warta, not PostgreSQL.

    Positions run on across the parts as in the Whoosh index's ``content`` field (stop
    words leave no gap), so phrases match the same way on both backends. Every term is
    quoted, so the server takes it as it is, with no parsing or normalizing of its own.
    """
    positions: dict[str, list[str]] = {}
    position = 0
    for part, weight in parts:
        for term in analyze(part, stemmer):
            position = min(position + 1, MAX_POSITION)
            entry = f"{position}{weight}"
            seen = positions.setdefault(term, [])
            if len(seen) < MAX_POSITIONS_PER_TERM and (not seen or seen[-1] != entry):
                seen.append(entry)
    return " ".join(f"{quote_term(term)}:{','.join(entries)}"
                    for term, entries in positions.items())


def quote_term(term: str) -> str:
    """``term`` as a quoted lexeme of ``tsvector``/``tsquery`` input.

    Terms come from the analyzer (letters and digits only); the escaping is there so a
    future analyzer change can never turn a term into query syntax.
    """
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def document_row(document: SearchDocument, zone: tzinfo, stemmer: str) -> dict[str, Any]:
    """The ``search_document`` row of ``document``: same facets and fingerprint as Whoosh's."""
    fields = indexed_fields(document, zone)
    extra = document.fields
    content = tsvector_text([(fields["title"], "A"), (fields["lead"], "B"),
                             (fields["body"], "C"), (fields["tags"], "D"),
                             (fields["author"], "D"), (extra["text"], "D")], stemmer)
    head = tsvector_text([(fields["title"], "A"), (fields["lead"], "B")], stemmer)
    spell = sorted({word for word in tokenize(fields["words"]) if word not in STOP_WORDS})
    return {
        "article_id": int(document.id), "content": content, "head": head, "spell": spell,
        "title": fields["title"], "lead": fields["lead"], "body": fields["body"],
        "slug": fields["slug"], "category": fields["category"],
        "category_name": fields["category_name"], "year": fields["year"],
        "kind": fields["kind"], "video": fields["video"], "published": fields["published"],
        "stemmer": stemmer, "fingerprint": fingerprint(document),
    }


# Writing ---------------------------------------------------------------------------------

def _lock_index(session: scoped_session, mode: str, wait: float) -> None:
    """Lock ``search_document`` in ``mode``, waiting at most ``wait`` seconds.

    Drains take ROW EXCLUSIVE (they do not block each other), a rebuild EXCLUSIVE (it
    blocks drains, never readers). Raises ``OperationalError`` (lock not available)
    when the time is up.
    """
    if wait > 0:
        session.execute(text("SELECT set_config('lock_timeout', :ms, true)"),
                        {"ms": f"{max(1, int(wait * 1000))}ms"})
        session.execute(text(f"LOCK TABLE search_document IN {mode} MODE"))
        session.execute(text("SELECT set_config('lock_timeout', '0', true)"))
    else:
        session.execute(text(f"LOCK TABLE search_document IN {mode} MODE NOWAIT"))


def _lock_busy(exc: OperationalError) -> bool:
    return getattr(exc.orig, "sqlstate", None) == _LOCK_NOT_AVAILABLE


def _claim(session: scoped_session) -> list[Any]:
    """A batch of queue rows no other drain holds, locked until this transaction ends."""
    return session.execute(
        select(QueueEntry.id, QueueEntry.article_id).order_by(QueueEntry.id)
        .limit(BATCH_SIZE).with_for_update(skip_locked=True)
    ).all()


def _apply(session: scoped_session, settings: SearchSettings, rows: list[Any],
           report: DrainReport) -> None:
    """Write the current state of the rows' articles, then delete the rows."""
    ids = sorted({row.article_id for row in rows})
    session.execute(text("SELECT count(pg_advisory_xact_lock(:space, i)) "
                         "FROM unnest(CAST(:ids AS integer[])) AS i"),
                    {"space": LOCK_SPACE, "ids": ids})
    articles = load_articles(ids)
    gone = set(ids) - {article.id for article in articles}
    documents = _rows(settings, articles)
    if documents:
        upsert = pg_insert(IndexedArticle)
        session.execute(upsert.on_conflict_do_update(
            index_elements=[IndexedArticle.article_id],
            set_={name: upsert.excluded[name] for name in documents[0] if name != "article_id"},
        ), documents)
        _add_words(session, documents)
    if gone:
        session.execute(delete(IndexedArticle).where(IndexedArticle.article_id.in_(gone)))
    session.execute(delete(QueueEntry).where(QueueEntry.id.in_([row.id for row in rows])))
    report.rows += len(rows)
    report.indexed += len(articles)
    report.removed += len(gone)


def _rows(settings: SearchSettings, articles: list[Any]) -> list[dict[str, Any]]:
    return [document_row(document, settings.timezone, settings.stemmer)
            for document in article_documents(articles)]


def _add_words(session: scoped_session, documents: list[dict[str, Any]]) -> None:
    """Add new words to ``search_word``, sorted: two writers adding the same new words
    take their row locks in the same order, so they cannot deadlock."""
    words = sorted({word for document in documents for word in document["spell"]})
    if words:
        session.execute(text(
            "INSERT INTO search_word (word) SELECT w FROM unnest(CAST(:words AS text[])) AS w "
            "ORDER BY w ON CONFLICT DO NOTHING"), {"words": words})


def drain(settings: SearchSettings, wait: float = 0.0) -> DrainReport:
    """Apply queued changes, batch by batch, until no unclaimed row is left.

    ``busy`` in the report means a rebuild holds the index for longer than ``wait``
    seconds: the rows stay queued and the rebuild applies them.
    """
    session = db.session
    report = DrainReport()
    while True:
        try:
            _lock_index(session, "ROW EXCLUSIVE", wait)
            rows = _claim(session)
            if not rows:
                session.commit()
                break
            _apply(session, settings, rows, report)
            session.commit()
        except OperationalError as exc:
            session.rollback()
            if not _lock_busy(exc):
                raise
            report.busy = True
            break
        finally:
            session.expunge_all()
    if report.rows:
        _changed()
    return report


def schedule_drain(app: Flask, settings: SearchSettings) -> None:
    """Apply the queue now, in the save's own request, and never raise.

    Unlike Whoosh's single writer, nobody here waits for a lock held by another
    process, so applying a change costs the save a few milliseconds; in exchange an
    unpublished article is out of the index before the editor's next page loads. Runs
    in an application context of its own, with its own database session, so the
    caller's session is left as it was. On failure the rows stay queued.
    """
    try:
        with app.app_context():
            drain(settings)
    except Exception:
        logger.exception("search: applying the index queue failed; the changes stay queued")


def rebuild(settings: SearchSettings, progress: Callable[[int], None] | None = None,
            wait: float = REBUILD_WAIT_SECONDS) -> int:
    """Replace every document in one transaction, apply what queued meanwhile, commit.

    Raises :class:`~plugins.search.queue.IndexBusy` if another rebuild (or a long
    drain) keeps the index locked for ``wait`` seconds.
    """
    session = db.session
    try:
        _lock_index(session, "EXCLUSIVE", wait)
    except OperationalError as exc:
        session.rollback()
        if not _lock_busy(exc):
            raise
        raise IndexBusy(_("proses lain sudah %(seconds).0f dtk menulis indeks",
                          seconds=wait)) from None
    count = 0
    try:
        session.execute(delete(IndexedArticle))
        session.execute(delete(IndexedWord))
        ids = indexable_ids()
        for start in range(0, len(ids), BATCH_SIZE):
            documents = _rows(settings, load_articles(ids[start:start + BATCH_SIZE]))
            if documents:
                session.execute(insert(IndexedArticle), documents)
                _add_words(session, documents)
            count += len(documents)
            session.expunge_all()
            if progress is not None:
                progress(len(ids[start:start + BATCH_SIZE]))
        while rows := _claim(session):
            _apply(session, settings, rows, DrainReport())
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.expunge_all()
    _changed()
    _vacuum()
    if queued_count():
        drain(settings)
    return count


def _changed() -> None:
    """Tell every process the index changed (after the commit: see ``INDEX_VERSION``).

    Answers a process computed before this point are kept under the old version and no
    longer served; the page cache is emptied too, for pages showing search results.
    """
    db.session.execute(select(INDEX_VERSION.next_value()))
    db.session.commit()
    index_changed()


def _vacuum() -> None:
    """Let the space of the replaced rows be reused, and refresh the planner's statistics."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE search_document"))
        connection.execute(text("VACUUM ANALYZE search_word"))


def check(settings: SearchSettings,
          progress: Callable[[int], None] | None = None) -> CheckReport:
    """Compare every indexable article's document with its row in ``search_document``."""
    report = CheckReport(queued=queued_count())
    indexed = dict(db.session.execute(
        select(IndexedArticle.article_id, IndexedArticle.fingerprint)).all())
    stemmers = set(db.session.scalars(select(IndexedArticle.stemmer).distinct()))
    configured = settings.stemmer
    if stemmers:
        report.stemmer = next((s for s in sorted(stemmers) if s != configured), configured)
    return compare_with_database(report, indexed, progress)
