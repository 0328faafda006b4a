"""Most-read without a third-party tracker: views are counted in memory and written in batches.

A reader's browser reports the view with a beacon (so cached pages count too); the beacon
answers at once and never waits on the database. Each worker process flushes its counts
every few seconds, adding them to ``articles_view_count`` with one statement per article.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections import Counter
from datetime import date

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError

from cms.api import db, utcnow
from plugins.articles.models import ViewCount

logger = logging.getLogger(__name__)

FLUSH_EVERY_SECONDS = 10.0


class ViewCounter:
    def __init__(self, app: Flask, interval: float = FLUSH_EVERY_SECONDS) -> None:
        self.app = app
        self.interval = interval
        self._counts: Counter[tuple[int, date]] = Counter()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def record(self, article_id: int) -> None:
        with self._lock:
            self._counts[(article_id, utcnow().date())] += 1
        if self._thread is None and not self.app.testing:
            self._start()

    def pending(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def flush(self) -> int:
        """Write what was counted; on a database error keep the counts for the next try."""
        with self._lock:
            batch, self._counts = self._counts, Counter()
        if not batch:
            return 0
        with self.app.app_context():
            try:
                for (article_id, day), views in batch.items():
                    self._add(article_id, day, views)
                db.session.commit()
            except SQLAlchemyError:
                db.session.rollback()
                with self._lock:
                    self._counts.update(batch)
                logger.exception("could not write %d page views; will retry", len(batch))
                return 0
        return sum(batch.values())

    @staticmethod
    def _add(article_id: int, day: date, views: int) -> None:
        changed = db.session.execute(
            update(ViewCount).where(ViewCount.article_id == article_id, ViewCount.day == day)
            .values(count=ViewCount.count + views)).rowcount
        if not changed:
            exists = db.session.scalar(select(ViewCount.article_id).where(
                ViewCount.article_id == article_id, ViewCount.day == day))
            if exists is None:
                db.session.add(ViewCount(article_id=article_id, day=day, count=views))

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="warta-views", daemon=True)
            self._thread.start()
        atexit.register(self.flush)

    def _run(self) -> None:
        while not self._wake.wait(self.interval):
            self.flush()


def get_counter(app: Flask) -> ViewCounter:
    counter = app.extensions.get("articles.views")
    if counter is None:
        counter = app.extensions["articles.views"] = ViewCounter(app)
    return counter
