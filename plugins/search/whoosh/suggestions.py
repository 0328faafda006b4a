"""The "Did you mean" of the Whoosh backend: close words the index holds more often."""

from __future__ import annotations

from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance

from plugins.search.querying import UserQuery


def corrected(searcher: Searcher, parsed: UserQuery) -> str | None:
    """``parsed``'s words with unknown or rare ones replaced by close, common index words."""
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
