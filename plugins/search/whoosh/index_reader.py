"""Reading one Whoosh index generation: which documents match, their facets, their rank.

Posting lists are read a block at a time (:mod:`plugins.search.whoosh.postings`) rather than
through Whoosh's matchers, and the ranking is Warta's (:mod:`plugins.search.ranking`),
from the short ``title`` and ``head`` lists and the date column. What is read once per
index state (facet filters, deletions, scheduled articles) is kept here; columns are
kept per segment (:mod:`plugins.search.whoosh.segment_memo`).
"""

from __future__ import annotations

import heapq
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from plugins.search import ranking
from plugins.search.documents import FACETS
from plugins.search.querying import UserQuery
from plugins.search.whoosh import postings
from plugins.search.whoosh.deadline import Deadline
from plugins.search.whoosh.schema import stemmer_of
from plugins.search.whoosh.segment_memo import SegmentMemo

# Read only the posting blocks holding allowed documents when these are this many times
# fewer than what the query may match. A block holds up to 128 postings; with more
# allowed documents than about one per block, nearly every block is read anyway and
# checking each posting against the allowed set costs more than it saves.
SPARSE_FACTOR = 25
#: The field holding every word of an article; which articles match is decided there,
#: one posting list per word (phrases by their positions there).
MATCH_FIELD = "content"
#: The fields ranking reads (:mod:`plugins.search.ranking`): the title, and the title
#: with the lead, with positions for words standing side by side.
TITLE_FIELD = "title"
HEAD_FIELD = "head"


class IndexReader:
    """A searcher on one generation, with what it has read so far about facets.

    Used by one thread at a time (:mod:`plugins.search.whoosh.reader_pool` lends it out);
    refreshed when a writer has committed since, which also drops everything it kept for
    that index state.
    """

    def __init__(self, path: Path, ix: Any, memo: SegmentMemo | None = None) -> None:
        self.path = path
        self.ix = ix
        self.searcher: Searcher = ix.searcher()
        self.stemmer = stemmer_of(ix.schema)
        self.memo = memo or SegmentMemo()
        self._forget()

    def _forget(self) -> None:
        """Drop everything read from the index state before."""
        self.memo.keep_only(self.searcher.reader())
        self._columns: dict[str, list[Any]] = {}
        self._date_order: list[int] | None = None
        self._upcoming: list[tuple[datetime, int]] | None = None
        self._facet_docs: dict[tuple[str, str], frozenset[int]] = {}
        self._deleted: set[int] | None = None
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

    def newest(self, docs: set[int], limit: int) -> list[int]:
        """The ``limit`` newest of ``docs``, newest first; of equal dates the larger
        article id first, as ranking breaks ties.

        A set holding a good share of the index (a common word's matches) is found by
        walking every document in date order until ``limit`` of them are in ``docs``: about
        ``limit × documents ÷ len(docs)`` steps instead of a pass over ``docs``, which
        was a quarter of a common word's search. A small set is sorted itself.
        """
        published, ids = self.column("published"), self.column("id")
        if len(docs) ** 2 < limit * len(published):
            return heapq.nlargest(limit, docs, key=lambda d: (published[d], int(ids[d])))
        if self._date_order is None:
            self._date_order = sorted(range(len(published)), reverse=True,
                                      key=lambda d: (published[d], int(ids[d])))
        found = []
        for docnum in self._date_order:
            if docnum in docs:
                found.append(docnum)
                if len(found) == limit:
                    break
        return found

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

    def docs(self, parsed: UserQuery, every: bool, deadline: Deadline,
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
                    deadline: Deadline) -> tuple[set[int], bool]:
        return self._matches(parsed, every, ordered, deadline)

    def _estimate(self, parsed: UserQuery, every: bool) -> int:
        """At most how many documents ``parsed`` matches, from its words' frequencies."""
        searcher = self.searcher
        sizes = [min(searcher.doc_frequency(MATCH_FIELD, w) for w in part) for part in
                 [(term,) for term in parsed.terms] + list(parsed.phrases)]
        return min(sizes) if every else sum(sizes)

    def _matches(self, parsed: UserQuery, every: bool, among: list[int] | None,
                 deadline: Deadline) -> tuple[set[int], bool]:
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
             deadline: Deadline, now: datetime) -> tuple[list[tuple[float, int]], bool]:
        """The ``limit`` best of ``docs`` by :mod:`plugins.search.ranking`, best first;
        True as well if the deadline passed.

        Documents are grouped by what their text scores (which words are in the title
        and lead, side by side or not, how many they hold): within a group the newer
        always ranks higher, so only the newest ``limit`` of each group are scored. A
        common word is in the title or lead of most stories; scoring each of them cost
        most of a search.
        """
        words = ranking.ranking_words(parsed.terms, parsed.phrases)
        if len(words) == 1:
            return self._rank_one(words[0], docs, limit, now), deadline.passed
        in_title: Counter[int] = Counter()
        in_lead: Counter[int] = Counter()
        timed_out = False
        for word in words:
            title = dict(zip(*self._postings_in(TITLE_FIELD, word, docs), strict=True))
            in_title.update(title.keys())
            head_ids, head_weights = self._postings_in(HEAD_FIELD, word, docs)
            in_lead.update(d for d, w in zip(head_ids, head_weights, strict=True)
                           if w > title.get(d, 0.0))
            if deadline.passed:
                timed_out = True
                break
        headed = in_title.keys() | in_lead.keys()
        phrase = self._side_by_side(words, headed) if len(words) > 1 else set()
        matched = None if every else self._matched_counts(words, docs)
        groups: dict[tuple[int, int, bool, int | None], set[int]] = {}
        for d in headed:
            key = (in_title[d], in_lead[d], d in phrase, None if matched is None else matched[d])
            groups.setdefault(key, set()).add(d)
        rest = docs - headed
        if matched is None:
            groups.setdefault((0, 0, False, None), set()).update(rest)
        else:
            for d in rest:
                groups.setdefault((0, 0, False, matched[d]), set()).add(d)
        return self._best_of(groups, len(words), limit, now), timed_out

    def _rank_one(self, word: str, docs: set[int], limit: int,
                  now: datetime) -> list[tuple[float, int]]:
        """:meth:`rank` for one word, the commonest query, with set operations: its
        groups are the documents with the word in title and lead, title only, lead only
        and neither."""
        title = self.postings(TITLE_FIELD, word, None)
        head = self.postings(HEAD_FIELD, word, None)
        in_title = set(title.ids) & docs
        in_head = set(head.ids) & docs
        # In both: in the lead too if the title and lead hold it more often than the title.
        counted = dict(zip(title.ids, title.weights, strict=True))
        twice = {d for d, w in zip(head.ids, head.weights, strict=True)
                 if d in in_title and w > counted[d]}
        groups = {(1, 1, False, None): twice, (1, 0, False, None): in_title - twice,
                  (0, 1, False, None): in_head - in_title,
                  # in_title too: an index built before ``head`` has no head postings.
                  (0, 0, False, None): docs - in_head - in_title}
        return self._best_of(groups, 1, limit, now)

    def _best_of(self, groups: dict[tuple[int, int, bool, int | None], set[int]],
                 words: int, limit: int, now: datetime) -> list[tuple[float, int]]:
        """The ``limit`` best of groups of documents, each keyed by what its text scores:
        (words in the title, in the lead, side by side, words held or None for all)."""
        published, ids = self.column("published"), self.column("id")
        scored = []
        for (title_words, lead_words, together, holding), members in groups.items():
            text = ranking.score(words, in_title=title_words, in_lead=lead_words,
                                 phrase=together, matched=holding)
            scored.extend((text * ranking.freshness(published[d], now), published[d],
                           int(ids[d]), d) for d in self.newest(members, limit))
        best = heapq.nlargest(limit, scored)
        return [(value, docnum) for value, _when, _id, docnum in best]

    def _postings_in(self, field: str, word: str,
                     docs: set[int]) -> tuple[list[int], list[float]]:
        """Ids and weights of ``word`` in ``field`` among ``docs`` (title and head lists
        are short: read whole)."""
        found = self.postings(field, word, None)
        pairs = [(d, w) for d, w in zip(found.ids, found.weights, strict=True) if d in docs]
        return [d for d, _ in pairs], [w for _, w in pairs]

    def _side_by_side(self, words: list[str], among: set[int]) -> set[int]:
        """Documents of ``among`` whose title and lead hold ``words`` side by side."""
        if not among:
            return set()
        ordered = sorted(among)
        parts = [self.postings(HEAD_FIELD, word, ordered, positions=True) for word in words]
        return postings.phrase_docs(parts)

    def _matched_counts(self, words: list[str], docs: set[int]) -> Counter[int]:
        """How many of ``words`` each of ``docs`` holds (when not all are required)."""
        counts: Counter[int] = Counter()
        for word in words:
            counts.update(self.postings(MATCH_FIELD, word, None).docs() & docs)
        return counts

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()


def _combine(sets: list[set[int]], every: bool) -> set[int]:
    """The documents in every one of ``sets`` (or in any), smallest set first."""
    if not sets:
        return set()
    if not every:
        return set().union(*sets)
    ordered = sorted(sets, key=len)
    return ordered[0].intersection(*ordered[1:])
