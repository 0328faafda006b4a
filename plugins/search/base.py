"""The search plugin's backend base: what each backend implements and callers may use.

:class:`SearchBackend` is the core's :class:`cms.api.SearchService` as this plugin
provides it, with what its own callers need on top: the search page passes ``sort``
(declared by the core interface), the ``cms search`` commands drain, rebuild and check,
and the plugin's hooks write through :meth:`~SearchBackend.index`,
:meth:`~SearchBackend.delete` and :meth:`~SearchBackend.index_many`. Backends:
:class:`plugins.search.whoosh.backend.WhooshSearch` and
:class:`plugins.search.postgres.backend.PostgresSearch`;
:func:`plugins.search.backends.create_backend` picks one.

Every write takes one path: the article's id is queued in ``search_queue``
(:mod:`plugins.search.queue`), and the backend's writer applies the queue, re-reading
each article from the database. The backends differ only in when the queue is applied
(:meth:`SearchBackend.apply_soon`) and how it is written.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType
from typing import Any

from flask import Flask

from cms.api import SORT_RELEVANCE, SearchDocument, SearchService, TimedCache
from plugins.search import queue
from plugins.search.queue import REBUILD_WAIT_SECONDS, CheckReport, DrainReport
from plugins.search.results import ArticleResults
from plugins.search.settings import SearchSettings

#: What a queue row records for a change that brings an article in or out of the index.
SAVED = "saved"
DELETED = "deleted"


class SearchBackend(SearchService):
    """A search backend of this plugin, one instance per application."""

    #: The backend's writer module (``schedule_drain``, ``drain``, ``rebuild``, ``check``).
    indexing: ModuleType

    def __init__(self, app: Flask, settings: SearchSettings) -> None:
        self.app = app
        self.settings = settings
        # Recent answers (``SEARCH_CACHE_SIZE``): a news site's searches bunch up on the
        # day's stories, so the same few queries arrive again and again. Keys start with the
        # index state the answer was read from, so a changed index is never answered from
        # here; answers of older states age out unused.
        self.cache: TimedCache[ArticleResults] = TimedCache(settings.cache_size)

    # Writing: every change is queued, then applied by the backend's writer --------------

    def index(self, document: SearchDocument) -> None:
        """Queue the article ``document.id`` for the writer, which re-reads it from the
        database (so the index can never hold text the database does not). Never raises:
        the article is saved whatever happens to the index."""
        self._queue([document.id], SAVED)

    def delete(self, document_id: str) -> None:
        """Queue the removal; the writer removes any article that is no longer public."""
        self._queue([document_id], DELETED)

    def index_many(self, document_ids: Sequence[str]) -> None:
        """Queue a whole batch (an import) in one transaction, applied in one write."""
        self._queue(document_ids, SAVED)

    def _queue(self, document_ids: Sequence[str], action: str) -> None:
        if queue.enqueue([int(i) for i in document_ids], action):
            self.apply_soon()

    def apply_soon(self) -> None:
        """Have the writer apply the queue: Whoosh after the response, PostgreSQL now."""
        self.indexing.schedule_drain(self.app, self.settings)

    def drain(self, wait: float = 0.0) -> DrainReport:
        """Apply the queue now (waiting up to ``wait`` seconds for another writer)."""
        return self.indexing.drain(self.settings, wait)

    @abstractmethod
    def rebuild(self, progress: Callable[[int], None] | None = None,
                wait: float = REBUILD_WAIT_SECONDS) -> int:
        """Re-index every public or scheduled article; return how many.

        Raises :class:`~plugins.search.queue.IndexBusy` if another writer keeps the index
        for ``wait`` seconds; ``progress`` is called with each batch's size.
        """

    def check(self, progress: Callable[[int], None] | None = None) -> CheckReport:
        """Compare the index with the database, article by article."""
        return self.indexing.check(self.settings, progress)

    # Reading ----------------------------------------------------------------------------

    @abstractmethod
    def search(self, query: str, filters: Mapping[str, Any] | None = None, page: int = 1,
               *, sort: str = SORT_RELEVANCE) -> ArticleResults:
        """Search public articles; raises :class:`~plugins.search.querying.QueryTooLong`.

        ``filters`` may hold ``category`` (slug), ``year``, ``kind`` (``berita`` or
        ``advertorial``) and ``video`` (``"1"``); others are ignored.
        """

    @abstractmethod
    def suggest(self, query: str) -> str | None:
        """Close words from the index for words of ``query`` it does not contain."""

