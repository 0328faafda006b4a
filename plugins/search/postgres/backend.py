"""The PostgreSQL implementation of the search plugin's backend: the reading side.

Readers' queries go through the same parser as Whoosh's
(:func:`plugins.search.querying.parse`), so the same stems are looked up: the reader's
text never reaches PostgreSQL's query parsers. The ``tsquery`` is written from those
stems, each one quoted, and sent as a bound parameter.

A search runs as a few statements in one REPEATABLE READ transaction (counts and hits
see the same rows), each under about what is left of ``SEARCH_TIME_LIMIT`` as its
``statement_timeout``, with sequential scans off (the words are always looked up in
their GIN index, see :data:`_INDEXES_ONLY`):

1. totals and facet counts in one query over the matching rows;
2. the page's ten hits, by :mod:`plugins.search.ranking` (title, lead, words side by
   side there, freshness; read from the small ``head`` column) or by date: one
   statement for the candidates, one for the ten rows' text;
3. "Did you mean", when little was found.

Snippets are highlighted in Python with the analyzer that indexed the words
(:mod:`plugins.search.snippets`), as the Whoosh backend does.

Each process keeps recent answers (``SEARCH_CACHE_SIZE``), as with Whoosh. They are
kept for one value of the shared index version (the ``search_version`` sequence, moved
after every write by any process) and of the next scheduled article's time, both read
with one indexed query before each search.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from flask import Flask
from sqlalchemy import case, cast, func, literal, literal_column, select, text, union_all
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from whoosh.support.levenshtein import distance

from cms.api import SORT_NEWEST, SORT_RELEVANCE, db, utcnow
from plugins.search import ranking
from plugins.search.base import SearchBackend
from plugins.search.documents import FACETS
from plugins.search.models import INDEX_VERSION, IndexedArticle, IndexedWord
from plugins.search.postgres import indexing
from plugins.search.postgres.indexing import quote_term
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

#: Up to this many matches are ranked whole in one statement (each statement is a few
#: round trips to the server); more are ranked from their title, lead and date first.
RANK_ALL_BELOW = 200
#: Above this many matches, the newest are found by walking the date index; up to it,
#: through the words' index (:func:`_newest_first`). Walking costs about ``page × 10 ×
#: documents ÷ matches`` rows decompressed, the index about ``matches`` rows read: they
#: cross near 1,000 matches at 10,000 articles and 3,000 at 100,000.
WALK_DATES_ABOVE = 2000
#: Candidates read for one misspelled word when edit distances are measured in Python.
MAX_CANDIDATES = 5000
# SQLSTATE query_canceled: statement_timeout ended the statement.
_QUERY_CANCELED = "57014"

#: The setting a search's statements run with. A word in most articles is estimated (by
#: ``ANALYZE``'s word statistics) to match most rows, and the planner then prefers reading
#: the whole table and testing ``content @@ query`` on each row: it costs that test as
#: cheap, but ``content`` is compressed out of line, and decompressing it for every row
#: took four times what the GIN index takes to answer the same question without reading
#: ``content`` at all (48 against 11 ms for 6,000 rows). With sequential scans off the
#: planner takes the index; where no index applies it still scans.
_INDEXES_ONLY = ("enable_seqscan", "off")

_DOC = IndexedArticle.__table__
_SHOWN = (_DOC.c.article_id, _DOC.c.title, _DOC.c.lead, _DOC.c.body, _DOC.c.slug,
          _DOC.c.category, _DOC.c.category_name, _DOC.c.published, _DOC.c.kind, _DOC.c.video)


def match_tsquery(parsed: UserQuery, every: bool = True) -> str:
    """Which articles match, as ``tsquery`` input: phrases as ``a <-> b``, each word once."""
    parts = [" <-> ".join(quote_term(stem) for stem in phrase) for phrase in parsed.phrases]
    parts.extend(quote_term(term) for term in parsed.terms)
    return (" & " if every else " | ").join(f"({part})" for part in parts)


class _Steps:
    """Runs a search's statements under one deadline.

    ``statement_timeout`` is set to what is left of the time limit before the first
    statement, and set again only when a statement would otherwise be allowed to run
    more than a tenth of the limit past the deadline: each setting is a round trip,
    and under load each round trip waits for the server process to be scheduled. A
    statement cut short aborts the transaction, so no statement runs after it; those
    before it keep their answers and the page shows what was found.
    """

    def __init__(self, connection: Connection, seconds: float) -> None:
        self.connection = connection
        self.end = time.monotonic() + seconds
        self.slack_ms = seconds * 100
        self.timed_out = False
        self._limit_ms: int | None = None

    def run(self, statement: Any, params: Mapping[str, Any] | None = None) -> list[Any] | None:
        """The statement's rows, or None if the time limit ended it (or an earlier one).

        Sequential scans are off for the statement (:data:`_INDEXES_ONLY`).
        """
        if self.timed_out:
            return None
        remaining_ms = max(1, int((self.end - time.monotonic()) * 1000))
        if self._limit_ms is None or self._limit_ms - remaining_ms > self.slack_ms:
            self.connection.execute(select(
                func.set_config("statement_timeout", f"{remaining_ms}ms", True),
                func.set_config(*_INDEXES_ONLY, True)))
            self._limit_ms = remaining_ms
        try:
            rows = self.connection.execute(statement, params or {}).all()
        except OperationalError as exc:
            if getattr(exc.orig, "sqlstate", None) != _QUERY_CANCELED:
                raise
            self.timed_out = True
            return None
        if time.monotonic() >= self.end:
            self.timed_out = True
        return rows


class PostgresSearch(SearchBackend):
    """Search over ``search_document``, one instance per application."""

    def __init__(self, app: Flask, settings: SearchSettings) -> None:
        super().__init__(app, settings)
        self.stemmer = settings.stemmer
        self._fuzzystrmatch: bool | None = None
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """The site's engine, so searches also run outside an application context."""
        if self._engine is None:
            with self.app.app_context():
                self._engine = db.engine
        return self._engine

    # Writing: through the queue, applied at once -----------------------------------------

    indexing = indexing

    def rebuild(self, progress: Callable[[int], None] | None = None,
                wait: float = REBUILD_WAIT_SECONDS) -> int:
        return indexing.rebuild(self.settings, progress, wait)

    # Reading ------------------------------------------------------------------------------

    def search(self, query: str, filters: Mapping[str, Any] | None = None, page: int = 1,
               *, sort: str = SORT_RELEVANCE) -> ArticleResults:
        page = max(1, min(page, MAX_PAGE))
        parsed = parse(query, self.stemmer)
        if parsed.empty:
            return ArticleResults(hits=[], total=0, page=page, truncated=parsed.truncated,
                                  empty_query=True)
        filters = clean_filters(filters)
        now = utcnow()
        filtered = [_DOC.c[name] == value for name, value in filters.items()]
        key = (parsed.terms, parsed.phrases, parsed.truncated, tuple(sorted(filters.items())),
               page, sort)
        engine = self.engine.execution_options(isolation_level="REPEATABLE READ")
        with engine.connect() as connection, connection.begin():
            state = _index_state(connection, now)
            cached = self.cache.get((state, key))
            if cached is not None:
                return cached
            results = self._run(_Steps(connection, self.settings.time_limit), parsed,
                                filtered, now, page, sort)
        if not results.timed_out:
            self.cache.put((state, key), results)
        return results

    def suggest(self, query: str) -> str | None:
        with self.engine.connect() as connection:
            return self._corrected(connection, parse(query, self.stemmer))

    def _run(self, steps: _Steps, parsed: UserQuery, filtered: list[Any], now: datetime,
             page: int, sort: str) -> ArticleResults:
        all_words = True
        total, facets = self._counts(steps, match_tsquery(parsed), filtered, now)
        if not total and parsed.part_count > 1 and not steps.timed_out:
            all_words = False
            total, facets = self._counts(steps, match_tsquery(parsed, every=False), filtered,
                                         now)
        # Scheduled articles stay hidden until due.
        conditions = [_DOC.c.published <= now, *filtered]
        page = min(page, max(1, math.ceil(total / PER_PAGE)))
        hits: list[ArticleHit] = []
        if total:
            rows = self._hits(steps, parsed, all_words, conditions, page, sort, total)
            highlighter = Highlighter(parsed.stems, self.stemmer)
            hits = [_hit(row, highlighter) for row in rows]
        suggestion = None
        if total < SUGGEST_BELOW and not steps.timed_out:
            suggestion = self._better_query(steps, parsed, conditions, total)
        return ArticleResults(hits=hits, total=total, page=page, facets=facets,
                              suggestion=suggestion, all_words=all_words,
                              truncated=parsed.truncated, timed_out=steps.timed_out)

    @staticmethod
    def _counts(steps: _Steps, tsquery: str, conditions: list[Any],
                now: datetime) -> tuple[int, dict[str, dict[str, int]]]:
        """How many rows match, and per facet value: one pass over the matching rows.

        The rows are grouped by their combination of facet values (a rubrik, a year, a
        kind, a video flag: a few hundred combinations), which are added up here: one
        hash lookup per row where ``GROUPING SETS`` made one per facet (70 against 150
        ms for 50,000 matches). Scheduled articles are left out by the count's
        ``FILTER``, not by the ``WHERE``: as a condition, the date index (every row is
        public) looked cheaper to the planner than the words' GIN index, and ``content``
        was then decompressed for every row to test the words (92 against 11 ms for
        6,500 rows).
        """
        columns = [_DOC.c[name] for name in FACETS]
        statement = (select(*columns, func.count().filter(_DOC.c.published <= now))
                     .where(_matches(tsquery), *conditions).group_by(*columns))
        rows = steps.run(statement)
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        total = 0
        for *values, count in rows or []:
            total += count
            for name, value in zip(FACETS, values, strict=True):
                if value and count:
                    facets[name][value] = facets[name].get(value, 0) + count
        return total, facets

    def _hits(self, steps: _Steps, parsed: UserQuery, all_words: bool,
              conditions: list[Any], page: int, sort: str, total: int) -> list[Any]:
        """The page's rows, best first (:mod:`plugins.search.ranking`) or newest first.

        A few matches (``total``) are ranked whole. Of more, with every word required,
        the best are among the newest matches (the date index: every match without a
        word in the title or lead scores ``BASE × freshness``) and the matches with a
        word in the title or lead, found through ``head``'s own index and scored from
        ``head``, which stays in the row. For one word these fall in three groups that
        each score the same but for freshness (the word in title and lead, in the title
        only, in the lead only), so only the newest of each group are read: a few rows
        instead of every title-or-lead match. No statement reads ``content`` of the rows
        it ranks, which is what made ``ts_rank`` over every match cost a second at
        100,000 articles.
        """
        matches = _matches(match_tsquery(parsed, every=all_words))
        holding = _DOC.c.article_id.in_(select(_DOC.c.article_id).where(matches))
        # With a facet, the newest matches are found by walking the date index; tested on
        # each row, the words came first and decompressed ``content`` of every row the
        # rubrik or year would have skipped (90 ms for one rubrik and year at 10,000
        # articles). As a semi-join, the words are looked up in their own index.
        matching = [*conditions, holding if len(conditions) > 1 else matches]
        limit, offset = page * PER_PAGE, (page - 1) * PER_PAGE
        newest = (_DOC.c.published.desc(), _DOC.c.article_id.desc())
        if sort == SORT_NEWEST:
            return steps.run(_newest_first([*_SHOWN, literal(0.0).label("score")], matching,
                                            total, PER_PAGE, offset)) or []
        words = ranking.ranking_words(parsed.terms, parsed.phrases)
        score = _score(words, all_words, utcnow()).label("score")
        if total <= RANK_ALL_BELOW:
            # Few matches: ranked whole in one statement, with their text.
            statement = select(*_SHOWN, score).where(*matching)
            return steps.run(statement.order_by(score.desc(), *newest)
                             .limit(PER_PAGE).offset(offset)) or []
        # Ranked on the key, date and score alone; the page's text is read for its ten
        # rows afterwards, not carried (decompressed) through the sort of every match.
        ranked = (_DOC.c.article_id, _DOC.c.published, score)
        if not all_words:
            candidates = (select(*ranked).where(*matching)
                          .order_by(score.desc(), *newest).limit(limit))
        elif not parsed.phrases and len(parsed.terms) == 1:
            # One word in the title or lead is in ``content`` too: no join.
            word = quote_term(words[0])
            groups = (f"{word}:A & {word}:B", f"{word}:A & !{word}:B", f"!{word}:A & {word}:B")
            candidates = union_all(
                _newest_first(ranked, matching, total, limit),
                *(select(*ranked).where(_DOC.c.head.op("@@")(cast(literal(group), TSQUERY)),
                                        *conditions).order_by(*newest).limit(limit)
                  for group in groups))
        else:
            # The match as a semi-join, not a condition on each row: tested row by row, it
            # made PostgreSQL decompress ``content`` for every article with a word in its
            # title or lead (a quarter of a second for a common word at 10,000 articles).
            headed = _DOC.c.head.op("@@")(cast(literal(_any(words)), TSQUERY))
            candidates = union_all(
                _newest_first(ranked, matching, total, limit),
                select(*ranked).where(headed, holding, *conditions)
                .order_by(score.desc(), *newest).limit(limit))
        best = {row.article_id: row for row in steps.run(candidates) or []}
        page_rows = sorted(best.values(), reverse=True,
                           key=lambda row: (row.score, row.published, row.article_id))
        page_rows = page_rows[offset:limit]
        if not page_rows:
            return []
        shown = steps.run(select(*_SHOWN).where(
            _DOC.c.article_id.in_([row.article_id for row in page_rows]))) or []
        by_id = {row.article_id: row for row in shown}
        return [{**by_id[row.article_id]._mapping, "score": row.score}
                for row in page_rows if row.article_id in by_id]

    def _better_query(self, steps: _Steps, parsed: UserQuery, conditions: list[Any],
                      found: int) -> str | None:
        """A corrected query, offered only if it finds more than the reader's own."""
        corrected = self._corrected(steps.connection, parsed)
        if corrected is None:
            return None
        better = parse(corrected, self.stemmer)
        if better.empty:
            return None
        # Whether it finds more, not how many: the count stops at found + 1 rows.
        enough = select(literal(1)).where(_matches(match_tsquery(better, every=False)),
                                          *conditions).limit(found + 1).subquery()
        rows = steps.run(select(func.count()).select_from(enough))
        return corrected if rows and rows[0][0] > found else None

    def _corrected(self, connection: Connection, parsed: UserQuery) -> str | None:
        """``parsed``'s words with unknown or rare ones replaced by close, common ones."""
        words = []
        changed = False
        for word in parsed.words:
            replacement = self._closest_word(connection, word)
            changed = changed or replacement is not None
            words.append(replacement or word)
        return " ".join(words) if changed else None

    def _closest_word(self, connection: Connection, word: str) -> str | None:
        """The most frequent word at the smallest edit distance, if much more frequent.

        The same rule as the Whoosh backend: words sharing the first letter within one
        edit (two for words over five letters), ranked by Damerau-Levenshtein distance,
        then by how many articles hold them in title, lead or tags.
        """
        if len(word) < 3 or not word.isalpha():
            return None
        maxdist = 1 if len(word) <= 5 else 2
        column = IndexedWord.__table__.c.word
        statement = (select(column)
                     .where(column.like(word[0] + "%"), column != word,
                            func.length(column).between(len(word) - maxdist,
                                                        len(word) + maxdist))
                     .limit(MAX_CANDIDATES))
        if self._has_fuzzystrmatch(connection):
            statement = statement.where(func.levenshtein(column, word) <= maxdist)
        scored = [(distance(word, c), c) for c in connection.scalars(statement)]
        scored = [(d, c) for d, c in scored if d <= maxdist]
        if not scored:
            return None
        nearest = min(d for d, _ in scored)
        frequency = _frequencies(connection, [word, *(c for d, c in scored if d == nearest)])
        best = min((c for d, c in scored if d == nearest), key=lambda c: (-frequency[c], c))
        return best if frequency[best] > frequency[word] * 10 else None

    def _has_fuzzystrmatch(self, connection: Connection) -> bool:
        """Whether the database can measure edit distances (checked once per process)."""
        if self._fuzzystrmatch is None:
            self._fuzzystrmatch = bool(connection.scalar(text(
                "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'fuzzystrmatch')")))
        return self._fuzzystrmatch


def _index_state(connection: Connection, now: Any) -> tuple[Any, ...]:
    """What every answer depends on besides the query: the index version, when the next
    scheduled article comes due (its answer changes then), and the minute.

    The version moves after each commit that changed the index, in whichever process
    made it. The minute bounds how long an answer can outlive a writer killed between
    its commit and moving the version.
    """
    # last_value stays 1 through the first nextval; is_called tells the two apart.
    version = select(literal_column("last_value * 2 + is_called::int")).select_from(
        text(INDEX_VERSION.name)).scalar_subquery()
    row = connection.execute(select(
        version,
        select(func.min(_DOC.c.published)).where(_DOC.c.published > now).scalar_subquery(),
    )).one()
    return (*row, int(time.time() // 60))


def _newest_first(columns: Any, matching: list[Any], total: int, limit: int,
                  offset: int = 0) -> Any:
    """The ``limit`` newest of ``total`` matching rows (after ``offset``), newest first.

    Many matches: walking the date index backwards finds a page-full after about
    ``limit × documents ÷ total`` rows. Fewer: each row walked past is a ``content``
    decompressed to test the words (a word in 282 of 100,000 articles walked 3,500
    rows, 100 ms), while the words' index finds all of them at once (1 ms) and they are
    sorted. The planner takes the walk whenever it sees an ``ORDER BY … LIMIT`` it can
    read from an index; ``OFFSET 0`` keeps the matching in a subquery of its own, which
    it does not sort.
    """
    if total > WALK_DATES_ABOVE:
        return (select(*columns).where(*matching)
                .order_by(_DOC.c.published.desc(), _DOC.c.article_id.desc())
                .limit(limit).offset(offset))
    found = select(*columns).where(*matching).offset(0).subquery()
    return (select(found).order_by(found.c.published.desc(), found.c.article_id.desc())
            .limit(limit).offset(offset))


def _any(words: list[str]) -> str:
    return " | ".join(quote_term(word) for word in words)


def _holds(column: Any, tsquery: str) -> Any:
    """1.0 when ``column`` matches ``tsquery``, else 0.0."""
    return case((column.op("@@")(cast(literal(tsquery), TSQUERY)), 1.0), else_=0.0)


def _score(words: list[str], every: bool, now: datetime) -> Any:
    """:func:`plugins.search.ranking.score` in SQL, from ``head`` and ``published``.

    ``'w':A`` matches the word in the title, ``'w':B`` in the lead. Only when not every
    word is required does it read ``content``, to count the words each article holds.
    """
    head, count = _DOC.c.head, len(words)
    weighed = sum((ranking.TITLE_WEIGHT * _holds(head, f"{quote_term(w)}:A")
                   + ranking.LEAD_WEIGHT * _holds(head, f"{quote_term(w)}:B")
                   for w in words), literal(0.0))
    if every:
        base = literal(ranking.BASE)
    else:
        base = ranking.BASE * sum((_holds(_DOC.c.content, quote_term(w)) for w in words),
                                  literal(0.0)) / count
    text = base + weighed / count
    if count > 1:
        text = text + ranking.PHRASE_BONUS * _holds(
            head, " <-> ".join(quote_term(w) for w in words))
    age = func.greatest(0.0, func.extract("epoch", literal(now) - _DOC.c.published))
    fresh = 1.0 / (1.0 + age / (ranking.SECONDS_PER_DAY * ranking.FRESHNESS_DAYS))
    return text * fresh


def _matches(tsquery: str) -> Any:
    return _DOC.c.content.op("@@")(cast(literal(tsquery), TSQUERY))


def _frequencies(connection: Connection, words: list[str]) -> dict[str, int]:
    """How many articles hold each word in title, lead or tags (the GIN index on spell)."""
    rows = connection.execute(text(
        "SELECT w, (SELECT count(*) FROM search_document WHERE spell @> ARRAY[w]) "
        "FROM unnest(CAST(:words AS text[])) AS w"), {"words": words})
    return {word: count for word, count in rows}


def _hit(row: Any, highlighter: Highlighter) -> ArticleHit:
    stored = row if isinstance(row, dict) else row._mapping
    fields = {name: stored[name] for name in
              ("title", "slug", "category", "category_name", "published", "kind", "video")}
    return ArticleHit(id=str(stored["article_id"]), score=float(stored["score"]),
                      fields=fields, highlights=highlighter.highlights(stored))
