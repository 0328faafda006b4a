"""What the concurrency tests run in child processes.

Children are started with ``spawn`` (a fresh interpreter, as gunicorn workers and cron
jobs are separate programs), so these functions must be importable by name. Each child
exits with the number of errors it logged: 0 is success.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

from whoosh.writing import SegmentWriter

from cms import create_app
from cms.extensions import db
from cms.models import User
from plugins.articles import services
from plugins.articles.models import Article
from plugins.search.backends import backend_of
from plugins.search.postgres import indexing as postgres_indexing


class _ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        sys.stderr.write(self.format(record) + "\n")


def _start(config: dict[str, Any]):
    counter = _ErrorCounter()
    logging.getLogger().addHandler(counter)
    return create_app(config), counter


def publish_articles(config: dict[str, Any], editor_id: int, titles: list[str],
                     barrier: Any) -> None:
    """Save and publish each title as the newsroom does: enqueue, then try to drain."""
    app, errors = _start(config)
    barrier.wait()
    for title in titles:
        with app.test_request_context():
            user = db.session.get(User, editor_id)
            article = services.save_article(
                user, services.ArticleInput(title=title, body=f"<p>{title} di desa.</p>"))
            services.publish(user, article)
    sys.exit(min(errors.count, 100))


def rebuild_index(config: dict[str, Any], times: int, barrier: Any) -> None:
    """Rebuild the index repeatedly while others publish."""
    app, errors = _start(config)
    barrier.wait()
    with app.app_context():
        for _ in range(times):
            backend_of(app).rebuild()
    sys.exit(min(errors.count, 100))


def drain_and_hang_in_commit(config: dict[str, Any], marker: str) -> None:
    """Drain, but stop for good inside the index commit, after the segment is written
    and before the table of contents that would make it visible (the parent kills us)."""
    app, _errors = _start(config)

    def hang(self, segments):
        Path(marker).write_text("in commit")
        time.sleep(120)

    SegmentWriter._commit_toc = hang
    with app.app_context():
        backend_of(app).drain()


def drain_slowly(config: dict[str, Any], marker: str) -> None:
    """Drain with every document slowed down, so a kill lands at a random point."""
    app, _errors = _start(config)
    original = SegmentWriter.update_document

    def slow(self, **fields):
        time.sleep(0.002)
        return original(self, **fields)

    SegmentWriter.update_document = slow
    Path(marker).write_text("draining")
    with app.app_context():
        backend_of(app).drain()


def edit_article(config: dict[str, Any], editor_id: int, article_id: int, worker: int,
                 times: int, barrier: Any) -> None:
    """Save the same article over and over, as editors in several workers would."""
    app, errors = _start(config)
    barrier.wait()
    for number in range(times):
        with app.test_request_context():
            user = db.session.get(User, editor_id)
            article = db.session.get(Article, article_id)
            services.save_article(user, services.ArticleInput(
                title=f"Sengketa lahan versi {worker}x{number}",
                body=f"<p>Penulis {worker} suntingan {number}.</p>"), article)
    sys.exit(min(errors.count, 100))


def drain_and_die_in_transaction(config: dict[str, Any], marker: str) -> None:
    """Apply the queue to PostgreSQL, but stop for good before the commit (the parent
    kills us while the transaction is open)."""
    app, _errors = _start(config)
    apply = postgres_indexing._apply

    def apply_then_hang(*args: Any) -> None:
        apply(*args)
        Path(marker).write_text("applied, not committed")
        time.sleep(120)

    postgres_indexing._apply = apply_then_hang
    with app.app_context():
        backend_of(app).drain()
