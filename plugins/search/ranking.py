"""How "most relevant" orders the articles a search finds, the same on both backends.

A reader searching a news site wants the stories *about* the words, and recent ones:
"bangun" should put "Pembangunan Jembatan …" from last week above a three-year-old
story that happens to repeat "pembangunan" in its body. BM25 over the whole text
(Whoosh's default, and ``ts_rank`` on PostgreSQL) did the opposite on a real archive:
with 2,001 matches, the title match sat on page 9, behind old bodies repeating the word.

The score of an article that matches the query is ``text × freshness``:

- ``text`` starts at :data:`BASE` for every article that holds the query's words
  anywhere (title, lead, body, tags); each word also found in the **title** adds
  :data:`TITLE_WEIGHT`, in the **lead** :data:`LEAD_WEIGHT` (divided by the number of
  words, so one word of three in the title counts a third); and when the query has two
  or more words and they stand **side by side, in the query's order, in the title or
  lead**, :data:`PHRASE_BONUS` is added. How often a word repeats in the body does not
  count: repetition is what made old stories outrank new ones.
- ``freshness`` is ``1 / (1 + age / FRESHNESS_DAYS)``: a story half a year old counts
  half of today's, one two years old a fifth. A title match from a year ago
  (``(1 + 2) / 3 = 1``) still ranks above a body-only match from today (1), but not
  above a title match from last month.
- When no article holds every word and articles holding some are shown, ``BASE``
  counts the share of the query's words each holds.

Equal scores go newest first, then by article id, highest first. Both backends compute
this from the same facts (which words are in the title and lead, where, and the
publication date): Whoosh from its ``title`` and ``head`` fields
(:mod:`plugins.search.whoosh.index_reader`), PostgreSQL from the small ``head``
``tsvector`` (:mod:`plugins.search.postgres.backend`), so the two give the same order.

It is also cheap: only articles whose title or lead holds a word need scoring one by
one. Every other match scores ``BASE × freshness``, so among those the newest are the
best, and the top of a page is the best of the title-or-lead matches and the newest
matches, without looking at the rest.
"""

from __future__ import annotations

from datetime import datetime

#: What every matching article scores before its title, lead and date are considered.
BASE = 1.0
#: Added for each of the query's words in the title (divided by the number of words).
TITLE_WEIGHT = 2.0
#: Added for each of the query's words in the lead (divided by the number of words).
LEAD_WEIGHT = 1.0
#: Added when the query's words stand side by side, in order, in the title or lead.
PHRASE_BONUS = 1.0
#: The age, in days, at which a story counts half as much as one published today.
FRESHNESS_DAYS = 180.0
SECONDS_PER_DAY = 86_400.0


def freshness(published: datetime, now: datetime) -> float:
    """``1 / (1 + age / FRESHNESS_DAYS)``; a date in the future counts as today."""
    age = max(0.0, (now - published).total_seconds()) / SECONDS_PER_DAY
    return 1.0 / (1.0 + age / FRESHNESS_DAYS)


def score(words: int, *, in_title: int = 0, in_lead: int = 0, phrase: bool = False,
          matched: int | None = None, fresh: float = 1.0) -> float:
    """The score of one article for a query of ``words`` distinct words.

    ``in_title`` and ``in_lead`` count the query's words found there, ``phrase`` says
    whether they stand side by side in title or lead, ``matched`` how many words the
    article holds at all (None: every one), ``fresh`` its :func:`freshness`.
    """
    share = 1.0 if matched is None else matched / words
    text = (BASE * share + (TITLE_WEIGHT * in_title + LEAD_WEIGHT * in_lead) / words
            + (PHRASE_BONUS if phrase else 0.0))
    return text * fresh


def ranking_words(terms: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]) -> list[str]:
    """The query's distinct words as they count in :func:`score`: loose words in the
    order typed, then the words of its phrases. Two or more of them earn
    :data:`PHRASE_BONUS` when they stand side by side in this order."""
    return list(dict.fromkeys([*terms, *(word for phrase in phrases for word in phrase)]))
