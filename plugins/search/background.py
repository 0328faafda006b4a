"""Applying the queue in a second process while a bulk import writes the articles.

Profiling ``cms import jsonl`` of 10,000 articles showed two thirds of the time in the
search writer: each batch of 500 was queued and then indexed in the importing process
before the next batch was written, so the database and the index took turns on one
core. Outside a request (a command), an import batch is queued as before, and a forked
child process applies the queue while the parent writes the next batch. The child
drains until the queue stays empty; when the command's application context ends, the
parent waits for it and applies whatever is left itself, so the command returns with
the index complete, as it did before.

Nothing about the queue's guarantees changes: rows are deleted only by the writer that
applied them, a child that dies leaves its rows queued, and the parent's final drain (or
the next save, or ``cms search check --fix``) applies them.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from typing import Any

from flask import Flask, g
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from cms.api import db
from plugins.search.queue import REBUILD_WAIT_SECONDS, queued_count

logger = logging.getLogger(__name__)

#: How long the child waits for the next batch before it stops.
IDLE_SECONDS = 1.0
_POLL_SECONDS = 0.1
#: How long the child's SQLite statements wait for the parent's batch to commit.
SQLITE_WAIT_MS = 120_000
_G_KEY = "search_background_drain"


def drain_in_background(app: Flask, backend: Any) -> None:
    """Have a child process apply the queue; started once per application context."""
    running = g.get(_G_KEY)
    if running is not None and running[0].is_alive():
        return
    context = multiprocessing.get_context("fork")
    child = context.Process(target=_drain_until_idle, args=(app, backend),
                            name="search-drain", daemon=True)
    child.start()
    setattr(g, _G_KEY, (child, backend))


def finish(_error: BaseException | None = None) -> None:
    """Teardown of the application context: wait for the child, then drain what is left."""
    running = g.pop(_G_KEY, None)
    if running is None:
        return
    child, backend = running
    child.join()
    if child.exitcode:
        logger.warning("search: the background writer exited with code %s; the rest of "
                       "the queue is applied here", child.exitcode)
    try:
        backend.drain(wait=REBUILD_WAIT_SECONDS)
    except Exception:
        logger.exception("search: applying the index queue failed; the changes stay queued")


def _wait_for_the_writer(connection: Any, _record: Any) -> None:
    """SQLite: wait while the importing parent commits a batch instead of failing.

    The parent holds the database's write lock for a whole batch; sqlite3's default of
    five seconds is not enough on a busy machine, and a read refused inside a plugin's
    ``search_document_fields`` would leave that plugin's fields out of a document.
    """
    connection.execute(f"PRAGMA busy_timeout = {SQLITE_WAIT_MS}")


def _drain_until_idle(app: Flask, backend: Any) -> None:
    with app.app_context():
        # The parent's pooled connections must not be used on both sides of the fork.
        db.engine.dispose(close=False)
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _wait_for_the_writer)
        idle_since = time.monotonic()
        while time.monotonic() - idle_since < IDLE_SECONDS:
            try:
                report = backend.drain(wait=_POLL_SECONDS)
            except OperationalError:  # SQLite busy with the parent's batch: try again
                db.session.rollback()
                report = None
            if report is not None and report.rows:
                idle_since = time.monotonic()
            elif not queued_count():
                time.sleep(_POLL_SECONDS)
            db.session.rollback()
