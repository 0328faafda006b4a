"""The Whoosh implementation of the search plugin's backend: the reading side.

Writes never happen here: :meth:`~plugins.search.base.SearchBackend.index` and
:meth:`~plugins.search.base.SearchBackend.delete` queue the change for the single
writer (see :mod:`plugins.search.whoosh.indexing`).

A search runs in three bounded steps, all under one deadline (``SEARCH_TIME_LIMIT``):

1. the set of matching documents, unscored, minus filtered-out and not-yet-published
   ones, from posting lists read a block at a time (:mod:`plugins.search.whoosh.postings`):
   it gives the total and the facet counts (one pass over numbered facet combinations);
2. the top ``page × 10`` of that set, by relevance (:mod:`plugins.search.ranking`,
   from the title and lead lists and the date column) or by date;
3. highlighted snippets for the ten hits shown.

If every word together finds nothing, any of the words will do (and the page says so);
if the query finds little, "Did you mean" offers close words the index contains.

This module puts the steps together; the index is read by
:class:`~plugins.search.whoosh.index_reader.IndexReader` (lent by
:mod:`plugins.search.whoosh.reader_pool`), close words come from
:mod:`plugins.search.whoosh.suggestions` and recent answers are kept by the backend
base's cache.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask

from cms.api import SORT_NEWEST, SORT_RELEVANCE, utcnow
from plugins.search.base import SearchBackend
from plugins.search.querying import UserQuery, parse
from plugins.search.queue import REBUILD_WAIT_SECONDS
from plugins.search.results import (
    MAX_PAGE,
    PER_PAGE,
    SUGGEST_BELOW,
    ArticleHit,
    ArticleResults,
    clean_filters,
)
from plugins.search.settings import SearchSettings
from plugins.search.snippets import Highlighter
from plugins.search.whoosh import indexing
from plugins.search.whoosh.deadline import Deadline
from plugins.search.whoosh.index_reader import IndexReader
from plugins.search.whoosh.reader_pool import ReaderPool
from plugins.search.whoosh.store import IndexStore
from plugins.search.whoosh.suggestions import corrected


class WhooshSearch(SearchBackend):
    """Search over the site's Whoosh index, one instance per application."""

    def __init__(self, app: Flask, settings: SearchSettings) -> None:
        super().__init__(app, settings)
        self.store = IndexStore(settings.index_path)
        self._readers = ReaderPool(self.store)

    # Writing: the single writer, after the response -------------------------------------

    indexing = indexing

    def rebuild(self, progress: Callable[[int], None] | None = None,
                wait: float = REBUILD_WAIT_SECONDS) -> int:
        return indexing.rebuild(self.app, self.settings, progress, wait)

    # Reading ----------------------------------------------------------------------------

    def search(self, query: str, filters: Mapping[str, Any] | None = None, page: int = 1,
               *, sort: str = SORT_RELEVANCE) -> ArticleResults:
        page = max(1, min(page, MAX_PAGE))
        with self._readers.reader() as reader:
            parsed = parse(query, reader.stemmer if reader else self.settings.stemmer)
            if reader is None or parsed.empty:
                return ArticleResults(hits=[], total=0, page=page, truncated=parsed.truncated,
                                      empty_query=parsed.empty)
            return self._search(reader, parsed, clean_filters(filters), page, sort)

    def suggest(self, query: str) -> str | None:
        with self._readers.reader() as reader:
            if reader is None:
                return None
            return corrected(reader.searcher, parse(query, reader.stemmer))

    def _search(self, reader: IndexReader, parsed: UserQuery, filters: dict[str, str],
                page: int, sort: str) -> ArticleResults:
        allowed = _allowed(reader, filters)
        # Everything the answer depends on: the index state, the query, and which
        # scheduled articles are still hidden (the answer changes when one comes due).
        key = (parsed.terms, parsed.phrases, parsed.truncated, tuple(sorted(filters.items())),
               page, sort, frozenset(allowed[1]))
        state = (reader.path, reader.searcher.reader().generation())
        cached = self.cache.get((state, key))
        if cached is not None:
            return cached
        try:
            results = self._answer(reader, parsed, allowed, page, sort)
        finally:
            reader.forget_postings()
        if not results.timed_out:
            self.cache.put((state, key), results)
        return results

    def _answer(self, reader: IndexReader, parsed: UserQuery,
                allowed: tuple[set[int] | None, set[int]], page: int,
                sort: str) -> ArticleResults:
        deadline = Deadline(self.settings.time_limit)
        all_words = True
        docs, timed_out = _matching(reader, parsed, True, allowed, deadline)
        if not docs and parsed.part_count > 1 and not timed_out:
            all_words = False
            docs, timed_out = _matching(reader, parsed, False, allowed, deadline)
        facets = reader.facet_counts(docs)
        page = min(page, max(1, math.ceil(len(docs) / PER_PAGE)))
        limit = page * PER_PAGE
        if not docs:
            ranked: list[tuple[float, int]] = []
        elif sort == SORT_NEWEST:
            ranked = [(0.0, d) for d in reader.newest(docs, limit)]
        else:
            ranked, late = reader.rank(parsed, all_words, docs, limit, deadline, utcnow())
            timed_out = timed_out or late
        suggestion = None
        if len(docs) < SUGGEST_BELOW and not timed_out:
            suggestion = _better_query(reader, parsed, allowed, len(docs), deadline)
        hits = [_hit(reader, parsed, score, docnum)
                for score, docnum in ranked[(page - 1) * PER_PAGE:limit]]
        return ArticleResults(hits=hits, total=len(docs), page=page, facets=facets,
                              suggestion=suggestion, all_words=all_words,
                              truncated=parsed.truncated, timed_out=timed_out)


def _allowed(reader: IndexReader,
             filters: dict[str, str]) -> tuple[set[int] | None, set[int]]:
    """Documents the filters allow (None: all) and scheduled ones not public yet.

    Scheduled articles are in the index ahead of their time; hiding them here, at every
    query, makes them appear at the minute they are due with nobody writing the index.
    Both are single-term (or date-range) reads, bounded by the index size, so they run
    without the deadline: cutting them short would show what must stay hidden.
    """
    future = reader.not_yet_public(utcnow())
    allow: set[int] | None = None
    for name, value in filters.items():
        docs = reader.facet_docs(name, value)
        allow = set(docs) if allow is None else allow & docs
    return allow, future


def _matching(reader: IndexReader, parsed: UserQuery, every: bool,
              allowed: tuple[set[int] | None, set[int]],
              deadline: Deadline) -> tuple[set[int], bool]:
    allow, future = allowed
    docs, timed_out = reader.docs(parsed, every, deadline, within=allow)
    return docs - future, timed_out


def _hit(reader: IndexReader, parsed: UserQuery, score: float, docnum: int) -> ArticleHit:
    stored = reader.searcher.stored_fields(docnum)
    fields = {name: stored.get(name) for name in
              ("title", "slug", "category", "category_name", "published", "kind", "video")}
    return ArticleHit(id=stored["id"], score=score, fields=fields,
                      highlights=Highlighter(parsed.stems, reader.stemmer).highlights(stored))


def _better_query(reader: IndexReader, parsed: UserQuery,
                  allowed: tuple[set[int] | None, set[int]], found: int,
                  deadline: Deadline) -> str | None:
    """A corrected query, offered only if it finds more than the reader's own."""
    correction = corrected(reader.searcher, parsed)
    if correction is None:
        return None
    better = parse(correction, reader.stemmer)
    if better.empty:
        return None
    docs, _ = _matching(reader, better, False, allowed, deadline)
    return correction if len(docs) > found else None
