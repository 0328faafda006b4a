"""Most-read without a third-party tracker: views are counted in memory and written in batches.

A reader's browser reports the view with a beacon (so cached pages count too); the beacon
answers at once and never waits on the database. Each worker process flushes its counts
every few seconds, adding them to ``articles_view_count`` with one statement per article.

The beacon is anonymous, so the count is what a sponsor's proof of publication reports:
a *view* is one reader (an address and browser) opening a published article, counted
once per :data:`REPEAT_WINDOW_SECONDS`; crawlers and scripts that name themselves are not
counted, an address sending more than the beacon's rate limits is refused
(``ARTICLES_VIEW_RATE_LIMIT``, default 300 a minute, and
``ARTICLES_VIEW_RATE_LIMIT_PER_ARTICLE``, 10 an hour for one article, so a changing user
agent does not help), and an id that names no published article is dropped when the
batch is written. Repeats are recognised per worker process: with four workers a reader
may be counted up to four times in a window, never more than the per-article limit.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable
from datetime import date

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from cms.api import TimedCache, db, utcnow
from plugins.articles.models import Article, ViewCount, visible_filter

logger = logging.getLogger(__name__)

FLUSH_EVERY_SECONDS = 10.0
#: Distinct (article, day) pairs a worker holds between flushes; beyond, new pairs wait.
MAX_PENDING_KEYS = 10_000
#: A reader opening the same article again within this many seconds is not counted again.
REPEAT_WINDOW_SECONDS = 30 * 60
#: (reader, article) pairs a worker remembers; beyond, the least recent are forgotten.
MAX_REMEMBERED_VIEWS = 50_000
#: Articles checked per query when a batch is written.
_CHUNK = 500

#: User agents of crawlers, link previews, monitors and scripts (none of them is a reader).
BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|fetch|preview|monitor|uptime|lighthouse|headless"
    r"|curl|wget|python|httpx|aiohttp|go-http|java/|okhttp|libwww|perl|ruby|php|scrapy"
    r"|facebookexternalhit|whatsapp|telegram",
    re.IGNORECASE,
)


def is_bot(user_agent: str | None) -> bool:
    """True for an empty user agent or one that names a crawler or a script."""
    return not user_agent or bool(BOT_AGENTS.search(user_agent))


def reader_key(address: str | None, user_agent: str | None) -> bytes:
    """Who read, as a short digest: the address is not kept in memory as it came."""
    return hashlib.blake2b(f"{address}|{user_agent}".encode("utf-8", "replace"),
                           digest_size=12).digest()


class ViewCounter:
    def __init__(self, app: Flask, interval: float = FLUSH_EVERY_SECONDS) -> None:
        self.app = app
        self.interval = interval
        self._counts: Counter[tuple[int, date]] = Counter()
        self._recent: TimedCache[bool] = TimedCache(MAX_REMEMBERED_VIEWS,
                                                    ttl=REPEAT_WINDOW_SECONDS)
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def record(self, article_id: int, reader: bytes | None = None) -> bool:
        """Count one view of *article_id* by *reader* (see :func:`reader_key`).

        :returns: whether it was counted: not a repeat, and room left in the batch.
        """
        key = (article_id, utcnow().date())
        with self._lock:
            if key not in self._counts and len(self._counts) >= MAX_PENDING_KEYS:
                return False
            if reader is not None:
                if self._recent.get((reader, article_id)):
                    return False
                self._recent.put((reader, article_id), True)
            self._counts[key] += 1
        if self._thread is None and not self.app.testing:
            self._start()
        return True

    def pending(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def flush(self) -> int:
        """Write what was counted for published articles; other ids are dropped.

        When the database cannot be reached the counts are kept (within
        :data:`MAX_PENDING_KEYS`) for the next try; a row the database refuses (an article
        deleted meanwhile) is dropped alone, never holding back the others.
        """
        with self._lock:
            batch, self._counts = self._counts, Counter()
        if not batch:
            return 0
        with self.app.app_context():
            try:
                batch = self._published_only(batch)
                written = self._write_all(batch)
            except SQLAlchemyError:
                db.session.rollback()
                self._keep(batch)
                logger.exception("could not write %d page views; will retry", len(batch))
                return 0
        return written

    @staticmethod
    def _published_only(batch: Counter[tuple[int, date]]) -> Counter[tuple[int, date]]:
        ids = sorted({article_id for article_id, _day in batch})
        published: set[int] = set()
        for start in range(0, len(ids), _CHUNK):
            published.update(db.session.scalars(select(Article.id).where(
                Article.id.in_(ids[start:start + _CHUNK]), visible_filter())))
        if len(published) < len(ids):
            logger.info("dropped views of %d ids that name no published article",
                        len(ids) - len(published))
        return Counter({key: views for key, views in batch.items() if key[0] in published})

    def _write_all(self, batch: Counter[tuple[int, date]]) -> int:
        try:
            for (article_id, day), views in batch.items():
                self._add(article_id, day, views)
            db.session.commit()
            return sum(batch.values())
        except IntegrityError:
            db.session.rollback()
        return self._write_one_by_one(batch.items())

    def _write_one_by_one(self, rows: Iterable[tuple[tuple[int, date], int]]) -> int:
        written = 0
        for (article_id, day), views in rows:
            try:
                self._add(article_id, day, views)
                db.session.commit()
                written += views
            except IntegrityError:
                db.session.rollback()
                logger.warning("dropped %d views of article %d: the database refused them",
                               views, article_id)
        return written

    def _keep(self, batch: Counter[tuple[int, date]]) -> None:
        with self._lock:
            for key, views in batch.items():
                if key in self._counts or len(self._counts) < MAX_PENDING_KEYS:
                    self._counts[key] += views

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
                db.session.flush()

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
