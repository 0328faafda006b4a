"""The Whoosh implementation of :class:`cms.search.SearchService`: the reading side.

Writes never happen here: :meth:`WhooshSearch.index` and :meth:`WhooshSearch.delete`
queue the change for the single writer (see :mod:`plugins.search.indexing`).

A search runs in three bounded steps, all under one deadline (``SEARCH_TIME_LIMIT``):

1. the set of matching documents, unscored, minus filtered-out and not-yet-published
   ones, from posting lists read a block at a time (:mod:`plugins.search.postings`): it
   gives the total and the facet counts (one pass over numbered facet combinations);
2. the top ``page × 10`` of that set, by relevance (Whoosh's BM25F, computed over the
   lists step 1 read) or by date (the date column);
3. highlighted snippets for the ten hits shown.

If every word together finds nothing, any of the words will do (and the page says so);
if the query finds little, "Did you mean" offers close words the index contains.
"""

from __future__ import annotations

import gc
import heapq
import math
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask
from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance

from cms.models.user import utcnow
from cms.search import SearchDocument, SearchHit, SearchResults, SearchService
from plugins.search import indexing, postings
from plugins.search.analysis import DEFAULT_STEMMER, get_stemmer
from plugins.search.querying import MATCH_FIELD, SCORE_FIELDS, QueryTooLong, UserQuery, parse
from plugins.search.schema import FACETS, read_leaf_column, stemmer_of
from plugins.search.snippets import Highlighter

PER_PAGE = 10
#: Deeper pages are not offered: nobody reads result 500, and each page deeper is more
#: hits to rank and sort.
MAX_PAGE = 50
#: "Did you mean" is offered when a query finds fewer articles than this.
SUGGEST_BELOW = 3
DEFAULT_TIME_LIMIT = 2.0
#: Answers kept per process (``SEARCH_CACHE_SIZE``; 0 turns the cache off).
DEFAULT_CACHE_SIZE = 256
SORT_RELEVANCE = "relevance"
SORT_NEWEST = "newest"
#: Filter values longer than this cannot be a rubrik slug, a year or a kind.
MAX_FILTER_LENGTH = 100
#: Idle searchers kept per process for the next requests (one per concurrent thread).
POOL_SIZE = 4
# Read only the posting blocks holding allowed documents when these are this many times
# fewer than what the query may match. A block holds up to 128 postings; with more
# allowed documents than about one per block, nearly every block is read anyway and
# checking each posting against the allowed set costs more than it saves.
SPARSE_FACTOR = 25


@dataclass(frozen=True)
class ArticleHit(SearchHit):
    """A hit plus the stored fields a results page shows without a database query."""

    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ArticleResults(SearchResults):
    """Results plus what the page must tell the reader about how they were found."""

    per_page: int = PER_PAGE
    #: False when no article had every word and articles with some of them are shown.
    all_words: bool = True
    #: Words beyond the limit were ignored.
    truncated: bool = False
    #: The time limit cut the search short; counts and hits may be incomplete.
    timed_out: bool = False
    #: Nothing searchable was typed (only symbols or stop words, or nothing).
    empty_query: bool = False

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, math.ceil(self.total / self.per_page))


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    @property
    def remaining(self) -> float:
        return self.end - time.monotonic()

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.end


class ResultCache:
    """Recent answers for the current index state, least recently used dropped first.

    A news site's searches bunch up on the day's stories, so the same few queries arrive
    again and again; answering them from memory is what lets the search page keep pace
    with the site's other pages. Any change to the index (a new generation or commit)
    empties the cache, so an answer is never older than the index.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._state: Any = None
        self._items: OrderedDict[Any, ArticleResults] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, state: Any, key: Any) -> ArticleResults | None:
        with self._lock:
            if state != self._state:
                return None
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, state: Any, key: Any, results: ArticleResults) -> None:
        if self.size <= 0:
            return
        with self._lock:
            if state != self._state:
                self._state = state
                self._items.clear()
            self._items[key] = results
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class _SegmentMemo:
    """Columns read once per segment and process, shared by a process's searchers.

    A segment's documents never change once it is written (deletions aside, which are
    read per index state), but every drain commits a new index state. Kept per index
    state, the columns (facets, dates) were read again after each save: about a second
    at 100,000 articles for the next search of each pooled searcher. Kept per segment,
    only the drain's new small segment is read.

    Facet values are also numbered here as combinations (see :meth:`_Reader.facet_counts`).
    """

    def __init__(self) -> None:
        self._values: dict[tuple[str, str], list[Any]] = {}
        self._combinations: dict[tuple[Any, ...], int] = {}
        self._lock = threading.Lock()

    def column(self, leaf: Any, name: str) -> list[Any]:
        """Column ``name`` of the segment ``leaf`` reads (an empty index: read each time)."""
        segment = _segment_id(leaf)
        if segment is None:
            return read_leaf_column(leaf, name)
        key = (segment, name)
        if key not in self._values:
            self._values[key] = read_leaf_column(leaf, name)
        return self._values[key]

    def combination_numbers(self, leaf: Any) -> list[int]:
        """The number of each document's combination of facet values, in segment ``leaf``."""
        key = (_segment_id(leaf), "")
        found = self._values.get(key)
        if found is None:
            columns = [self.column(leaf, name) for name in FACETS]
            with self._lock:
                numbers = self._combinations
                found = [numbers.setdefault(values, len(numbers))
                         for values in zip(*columns, strict=True)]
            if key[0] is not None:
                self._values[key] = found
        return found

    def combination_values(self) -> list[tuple[Any, ...]]:
        """The facet values of each combination number."""
        with self._lock:
            return list(self._combinations)

    def keep_only(self, reader: Any) -> None:
        """Forget segments ``reader`` no longer has (merged away or an older generation)."""
        live = {_segment_id(leaf) for leaf, _offset in reader.leaf_readers()}
        for key in list(self._values):
            if key[0] not in live:
                self._values.pop(key, None)


def _segment_id(leaf: Any) -> str | None:
    """The name of the segment a leaf reader reads (None: not a segment, an empty index)."""
    segment = leaf.segment()
    return None if segment is None else segment.segment_id()


class _Reader:
    """A searcher on one generation, with what it has read so far about facets.

    Used by one thread at a time (the pool hands it out); refreshed when a writer has
    committed since, which also drops everything it kept for that index state.
    """

    def __init__(self, path: Path, ix: Any, memo: _SegmentMemo | None = None) -> None:
        self.path = path
        self.ix = ix
        self.searcher: Searcher = ix.searcher()
        self.stemmer = stemmer_of(ix.schema)
        self.memo = memo or _SegmentMemo()
        self._forget()

    def _forget(self) -> None:
        """Drop everything read from the index state before."""
        self.memo.keep_only(self.searcher.reader())
        self._columns: dict[str, list[Any]] = {}
        self._upcoming: list[tuple[datetime, int]] | None = None
        self._facet_docs: dict[tuple[str, str], frozenset[int]] = {}
        self._deleted: set[int] | None = None
        self._norms: dict[str, postings.LengthNorms] = {}
        self._combination_of: list[int] | None = None
        self._recent: dict[tuple[str, str], postings.Postings] = {}

    def refresh_if_changed(self) -> None:
        if not self.searcher.up_to_date():
            self.searcher = self.searcher.refresh()
            self._forget()

    def not_yet_public(self, now: datetime) -> set[int]:
        """Documents of scheduled articles whose time has not come at ``now``.

        The scheduled articles are read from the index once per index state: as time
        only moves forward, every later answer is a subset of that first one.
        """
        if self._upcoming is None:
            published = self.column("published")
            later = wq.DateRange("published", now, None, startexcl=True).docs(self.searcher)
            self._upcoming = [(published[docnum], docnum) for docnum in later]
        return {docnum for when, docnum in self._upcoming if when > now}

    def facet_docs(self, name: str, value: str) -> frozenset[int]:
        """Documents with facet ``name`` = ``value``, read once per index state.

        A year or a rubrik can hold a third of the archive; facet values are few, so
        each one's documents are worth keeping. Values that match nothing (a mistyped
        or forged link) are not kept, so they cannot fill memory.
        """
        key = (name, value)
        if key not in self._facet_docs:
            found = postings.read(self.searcher.reader(), name, value).docs()
            docs = frozenset(found - self.deleted())
            if not docs:
                return docs
            self._facet_docs[key] = docs
        return self._facet_docs[key]

    def column(self, name: str) -> list[Any]:
        """Every document's value of column ``name``, put together once per index state."""
        if name not in self._columns:
            values: list[Any] = []
            for leaf, _offset in self.searcher.reader().leaf_readers():
                values.extend(self.memo.column(leaf, name))
            self._columns[name] = values
        return self._columns[name]

    def postings(self, field: str, word: str, among: list[int] | None,
                 positions: bool = False) -> postings.Postings:
        """The postings of ``word`` (among ``among``); whole lists are kept until
        :meth:`forget_postings`, so one search reads each list once (to match, then rank).
        """
        if among is not None:
            return postings.read(self.searcher.reader(), field, word, among, positions)
        found = self._recent.get((field, word))
        if found is None or (positions and not found.positions and found.ids):
            found = postings.read(self.searcher.reader(), field, word, positions=positions)
            self._recent[field, word] = found
        return found

    def forget_postings(self) -> None:
        self._recent = {}

    def deleted(self) -> set[int]:
        """Documents deleted from their segment since it was written, read once per state."""
        if self._deleted is None:
            self._deleted = {offset + docnum
                             for leaf, offset in self.searcher.reader().leaf_readers()
                             if leaf.has_deletions() for docnum in leaf._perdoc.deleted_docs()}
        return self._deleted

    def norms(self, field: str) -> postings.LengthNorms:
        """BM25 length normalisation of ``field`` for every document, once per state."""
        if field not in self._norms:
            self._norms[field] = postings.LengthNorms(self.searcher, field)
        return self._norms[field]

    def facet_counts(self, docs: set[int]) -> dict[str, dict[str, int]]:
        """How many of ``docs`` have each value of each facet.

        Each document's facet values are numbered as one combination (a rubrik, a year,
        a kind and a video flag: a few hundred combinations), so the documents are
        counted in one pass instead of one per facet.
        """
        if self._combination_of is None:
            numbers: list[int] = []
            for leaf, _offset in self.searcher.reader().leaf_readers():
                numbers.extend(self.memo.combination_numbers(leaf))
            self._combination_of = numbers
        combinations = self.memo.combination_values()
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for number, count in Counter(map(self._combination_of.__getitem__, docs)).items():
            for name, value in zip(FACETS, combinations[number], strict=True):
                if value:
                    counts[name][value] = counts[name].get(value, 0) + count
        return counts

    def docs(self, parsed: UserQuery, every: bool, deadline: _Deadline,
             within: set[int] | None = None) -> tuple[set[int], bool]:
        """Live documents holding every word and phrase of ``parsed`` (any, unless
        ``every``), among ``within`` if given; True as well if the deadline passed.

        When ``within`` is much smaller than what the query may match, only the posting
        blocks holding its documents are read.
        """
        if within is not None and len(within) * SPARSE_FACTOR < self._estimate(parsed, every):
            found, timed_out = self._docs_among(parsed, every, sorted(within), deadline)
        else:
            found, timed_out = self._matches(parsed, every, None, deadline)
        if within is not None:
            found &= within
        return found - self.deleted(), timed_out

    def _docs_among(self, parsed: UserQuery, every: bool, ordered: list[int],
                    deadline: _Deadline) -> tuple[set[int], bool]:
        return self._matches(parsed, every, ordered, deadline)

    def _estimate(self, parsed: UserQuery, every: bool) -> int:
        """At most how many documents ``parsed`` matches, from its words' frequencies."""
        searcher = self.searcher
        sizes = [min(searcher.doc_frequency(MATCH_FIELD, w) for w in part) for part in
                 [(term,) for term in parsed.terms] + list(parsed.phrases)]
        return min(sizes) if every else sum(sizes)

    def _matches(self, parsed: UserQuery, every: bool, among: list[int] | None,
                 deadline: _Deadline) -> tuple[set[int], bool]:
        sets = []
        for term in parsed.terms:
            sets.append(self.postings(MATCH_FIELD, term, among).docs())
            if deadline.passed:
                return _combine(sets, every), True
        for phrase in parsed.phrases:
            sets.append(self._phrase_docs(phrase, sets if every else [], among))
            if deadline.passed:
                return _combine(sets, every), True
        return _combine(sets, every), False

    def _phrase_docs(self, phrase: tuple[str, ...], required: list[set[int]],
                     among: list[int] | None) -> set[int]:
        """Documents (among ``among``, and in every set of ``required``) holding ``phrase``.

        When the phrase's words are all common, most articles holding one hold them all,
        and their positions are read with the words in one pass. When one is rare, the
        articles holding every word are found first, and only the posting blocks holding
        those are read again for positions.
        """
        sizes = [self.searcher.doc_frequency(MATCH_FIELD, word) for word in phrase]
        if min(sizes) * SPARSE_FACTOR < max(sizes):
            words = [self.postings(MATCH_FIELD, word, among).docs() for word in phrase]
            candidates = _combine(words + required, every=True)
            if not candidates:
                return set()
            ordered = sorted(candidates)
            parts = [self.postings(MATCH_FIELD, word, ordered, positions=True)
                     for word in phrase]
            return postings.phrase_docs(parts)
        parts = [self.postings(MATCH_FIELD, word, among, positions=True) for word in phrase]
        return postings.phrase_docs(parts, _combine(required, every=True) if required else None)

    def rank(self, parsed: UserQuery, every: bool, docs: set[int], limit: int,
             deadline: _Deadline) -> tuple[list[tuple[float, int]], bool]:
        """The ``limit`` best of ``docs`` by BM25F over the title (weighed more) and the
        text, best first, ties in index order; True as well if the deadline passed.

        The scores are Whoosh's for ``And``/``Or`` of ``Or([title, content])`` per word
        (phrases rank by their words): each is a sum of the same terms.
        """
        among = sorted(docs) if len(docs) * SPARSE_FACTOR < self._estimate(parsed, every) \
            else None
        scores: dict[int, float] = {}
        timed_out = False
        words = dict.fromkeys([*parsed.terms, *(word for p in parsed.phrases for word in p)])
        for word in words:
            for name, boost in SCORE_FIELDS.items():
                # A list read whole for matching serves here too, filtered by ``docs``.
                found = self._recent.get((name, word)) or self.postings(name, word, among)
                part = self.norms(name).scores(found, self.searcher.idf(name, word), boost, docs)
                if len(part) > len(scores):
                    scores, part = part, scores
                for docnum, score in part.items():
                    scores[docnum] = scores.get(docnum, 0.0) + score
            if deadline.passed:
                timed_out = True
                break
        return _best(scores, limit), timed_out

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()


class WhooshSearch(SearchService):
    """Search over the site's Whoosh index, one instance per application."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.store = indexing.store_for(app)
        self.time_limit = float(app.config.get("SEARCH_TIME_LIMIT", DEFAULT_TIME_LIMIT))
        # Fail at start-up on a mistyped stemmer, not at the first save.
        get_stemmer(app.config.get("SEARCH_STEMMER") or DEFAULT_STEMMER)
        self._idle: list[_Reader] = []
        self._memo = _SegmentMemo()
        self._lock = threading.Lock()
        self._cache = ResultCache(int(app.config.get("SEARCH_CACHE_SIZE", DEFAULT_CACHE_SIZE)))

    # Writing: always through the queue -------------------------------------------------

    def index(self, document: SearchDocument) -> None:
        """Queue the article ``document.id`` for the writer, which re-reads it from the
        database (so the index can never hold text the database does not)."""
        if indexing.enqueue([int(document.id)], "saved"):
            indexing.schedule_drain(self.app)

    def delete(self, document_id: str) -> None:
        """Queue the removal; the writer removes any article that is no longer public."""
        if indexing.enqueue([int(document_id)], "deleted"):
            indexing.schedule_drain(self.app)

    def rebuild(self) -> int:
        return indexing.rebuild(self.app)

    # Reading ----------------------------------------------------------------------------

    @contextmanager
    def _reader(self) -> Iterator[_Reader | None]:
        """A searcher on the current generation from the pool (None: no index yet).

        Pooled rather than per thread: a threaded server may start a thread per request,
        and opening an index (reading its TOC, unpickling its schema) costs milliseconds.
        """
        path = self.store.current_path()
        with self._lock:
            stale = [r for r in self._idle if r.path != path]
            self._idle = [r for r in self._idle if r.path == path]
            reader = self._idle.pop() if self._idle else None
        for old in stale:
            old.close()
        if reader is None and path is not None:
            ix = self.store.open_current()
            reader = _Reader(path, ix, self._memo) if ix is not None else None
        elif reader is not None:
            reader.refresh_if_changed()
        try:
            yield reader
        except QueryTooLong:
            self._give_back(reader)  # the reader's fine; the query was refused
            raise
        except BaseException:
            if reader is not None:
                reader.close()
            raise
        self._give_back(reader)

    def _give_back(self, reader: _Reader | None) -> None:
        if reader is None:
            return
        with self._lock:
            keep = len(self._idle) < POOL_SIZE
            if keep:
                self._idle.append(reader)
        if not keep:
            reader.close()

    def search(self, query: str, filters: Mapping[str, Any] | None = None, page: int = 1,
               *, sort: str = SORT_RELEVANCE) -> ArticleResults:
        """Search public articles; raises :class:`~plugins.search.querying.QueryTooLong`.

        ``filters`` may hold ``category`` (slug), ``year``, ``kind`` (``berita`` or
        ``advertorial``) and ``video`` (``"1"``); ``sort`` is ``relevance`` or ``newest``.
        """
        page = max(1, min(page, MAX_PAGE))
        with self._reader() as reader:
            parsed = parse(query, reader.stemmer if reader else DEFAULT_STEMMER)
            if reader is None or parsed.empty:
                return ArticleResults(hits=[], total=0, page=page, truncated=parsed.truncated,
                                      empty_query=parsed.empty)
            return self._search(reader, parsed, _clean_filters(filters), page, sort)

    def suggest(self, query: str) -> str | None:
        """Close words from the index for words of ``query`` it does not contain."""
        with self._reader() as reader:
            if reader is None:
                return None
            return _corrected(reader, parse(query, reader.stemmer))

    def _search(self, reader: _Reader, parsed: UserQuery, filters: dict[str, str], page: int,
                sort: str) -> ArticleResults:
        allowed = _allowed(reader, filters)
        # Everything the answer depends on: the index state, the query, and which
        # scheduled articles are still hidden (the answer changes when one comes due).
        key = (parsed.terms, parsed.phrases, parsed.truncated, tuple(sorted(filters.items())),
               page, sort, frozenset(allowed[1]))
        state = (reader.path, reader.searcher.reader().generation())
        cached = self._cache.get(state, key)
        if cached is not None:
            return cached
        results = self._run(reader, parsed, allowed, page, sort)
        if not results.timed_out:
            self._cache.put(state, key, results)
        return results

    def _run(self, reader: _Reader, parsed: UserQuery,
             allowed: tuple[set[int] | None, set[int]], page: int, sort: str) -> ArticleResults:
        # The postings go before the collector resumes, or its first run would walk
        # every list they hold.
        with _collector_paused():
            try:
                return self._answer(reader, parsed, allowed, page, sort)
            finally:
                reader.forget_postings()

    def _answer(self, reader: _Reader, parsed: UserQuery,
                allowed: tuple[set[int] | None, set[int]], page: int,
                sort: str) -> ArticleResults:
        deadline = _Deadline(self.time_limit)
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
            published = reader.column("published")
            ranked = [(0.0, d) for d in heapq.nlargest(limit, docs, key=published.__getitem__)]
        else:
            ranked, late = reader.rank(parsed, all_words, docs, limit, deadline)
            timed_out = timed_out or late
        suggestion = None
        if len(docs) < SUGGEST_BELOW and not timed_out:
            suggestion = _better_query(reader, parsed, allowed, len(docs), deadline)
        hits = [_hit(reader, parsed, score, docnum)
                for score, docnum in ranked[(page - 1) * PER_PAGE:limit]]
        return ArticleResults(hits=hits, total=len(docs), page=page, facets=facets,
                              suggestion=suggestion, all_words=all_words,
                              truncated=parsed.truncated, timed_out=timed_out)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one search.

    A search over a common word makes hundreds of thousands of short-lived tuples and
    lists (posting blocks, positions), which set off collections of the whole heap,
    columns and all: at 100,000 articles they made a phrase search up to three times
    slower. Reference counting frees what a search leaves behind; the collector runs
    again after it. With several threads, the first to pause it resumes it: at worst
    another thread's search runs with the collector on.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _clean_filters(filters: Mapping[str, Any] | None) -> dict[str, str]:
    """Known facets with plausible values only; anything else is ignored, not an error."""
    clean = {}
    for name, value in (filters or {}).items():
        if name in FACETS and isinstance(value, str) and 0 < len(value) <= MAX_FILTER_LENGTH:
            clean[name] = value
    return clean


def _allowed(reader: _Reader, filters: dict[str, str]) -> tuple[set[int] | None, set[int]]:
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


def _matching(reader: _Reader, parsed: UserQuery, every: bool,
              allowed: tuple[set[int] | None, set[int]],
              deadline: _Deadline) -> tuple[set[int], bool]:
    allow, future = allowed
    docs, timed_out = reader.docs(parsed, every, deadline, within=allow)
    return docs - future, timed_out


def _best(scores: dict[int, float], limit: int) -> list[tuple[float, int]]:
    """The ``limit`` highest (score, docnum), equal scores in index order, as Whoosh's
    collector orders them. Only the scores tied at the cut are sorted by number."""
    top = heapq.nlargest(limit, scores.values())
    if not top:
        return []
    cut = top[-1]
    ranked = sorted((-score, docnum) for docnum, score in scores.items() if score >= cut)
    return [(-negative, docnum) for negative, docnum in ranked[:limit]]


def _combine(sets: list[set[int]], every: bool) -> set[int]:
    """The documents in every one of ``sets`` (or in any), smallest set first."""
    if not sets:
        return set()
    if not every:
        return set().union(*sets)
    ordered = sorted(sets, key=len)
    return ordered[0].intersection(*ordered[1:])


def _hit(reader: _Reader, parsed: UserQuery, score: float, docnum: int) -> ArticleHit:
    stored = reader.searcher.stored_fields(docnum)
    fields = {name: stored.get(name) for name in
              ("title", "slug", "category", "category_name", "published", "kind", "video")}
    return ArticleHit(id=stored["id"], score=score, fields=fields,
                      highlights=Highlighter(parsed.stems, reader.stemmer).highlights(stored))


def _better_query(reader: _Reader, parsed: UserQuery,
                  allowed: tuple[set[int] | None, set[int]], found: int,
                  deadline: _Deadline) -> str | None:
    """A corrected query, offered only if it finds more than the reader's own."""
    corrected = _corrected(reader, parsed)
    if corrected is None:
        return None
    better = parse(corrected, reader.stemmer)
    if better.empty:
        return None
    docs, _ = _matching(reader, better, False, allowed, deadline)
    return corrected if len(docs) > found else None


def _corrected(reader: _Reader, parsed: UserQuery) -> str | None:
    """``parsed``'s words with unknown or rare ones replaced by close, common index words."""
    searcher = reader.searcher
    words = []
    changed = False
    for word in parsed.words:
        replacement = _closest_word(searcher, word)
        changed = changed or replacement is not None
        words.append(replacement or word)
    return " ".join(words) if changed else None


def _closest_word(searcher: Searcher, word: str) -> str | None:
    """The most frequent word at the smallest edit distance, if much more frequent.

    Candidates come from Whoosh's automaton over the unstemmed ``words`` of each
    segment, sharing the first letter (few typos are in the first letter, and
    the prefix keeps the walk short).
    """
    if len(word) < 3 or not word.isalpha():
        return None
    field_name = "words"
    own = searcher.doc_frequency(field_name, word)
    maxdist = 1 if len(word) <= 5 else 2
    candidates: set[str] = set()
    for leaf, _offset in searcher.reader().leaf_readers():
        candidates.update(leaf.terms_within(field_name, word, maxdist, prefix=1))
    candidates.discard(word)
    if not candidates:
        return None
    scored = [(distance(word, c), -searcher.doc_frequency(field_name, c), c) for c in candidates]
    _, negative_frequency, best = min(scored)
    return best if -negative_frequency > own * 10 else None

