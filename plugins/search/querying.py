"""Turning what a reader typed into a bounded Whoosh query.

Readers never reach Whoosh's query language. Its parser has whole classes of failure on
hostile input (``NOT AND x`` raises IndexError, deep parentheses raise RecursionError,
``*`` or ``*a*`` expand to every term in the index), and none of its syntax is something
a news reader needs. Instead the text is cut into words with the same analyzer as the
articles, and the query is built from those words alone:

- words in double quotes (straight or typographic) form a phrase;
- every other character that is not a letter or digit (``* ? : ( ) [ ] { } ^ ~ + -``,
  control characters, emoji) only separates words, so it can never expand or nest;
- at most :data:`MAX_QUERY_LENGTH` characters and :data:`MAX_TERMS` words are used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plugins.search.analysis import STOP_WORDS, get_stemmer, tokenize

#: Longer input is refused: nobody types 200 characters into a search box, and every
#: character is work for the analyzer.
MAX_QUERY_LENGTH = 200
#: Words (loose or in phrases) beyond this are ignored; each one is a posting list read.
MAX_TERMS = 12

_TYPOGRAPHIC_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»＂″", '"'))
_QUOTED = re.compile(r'("[^"]*")')


class QueryTooLong(ValueError):
    """The reader's text is longer than :data:`MAX_QUERY_LENGTH`."""


@dataclass(frozen=True)
class UserQuery:
    """A reader's query after analysis: the only thing the backend searches with."""

    terms: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    words: tuple[str, ...]
    truncated: bool

    @property
    def empty(self) -> bool:
        """Nothing searchable: only stop words, symbols or nothing at all."""
        return not self.terms and not self.phrases

    @property
    def stems(self) -> frozenset[str]:
        """Every term to highlight."""
        return frozenset(self.terms).union(*self.phrases)

    @property
    def part_count(self) -> int:
        return len(self.terms) + len(self.phrases)


def parse(text: str, stemmer: str) -> UserQuery:
    """Analyze ``text`` with ``stemmer`` (the one the index was built with).

    Raises :class:`QueryTooLong` for text longer than :data:`MAX_QUERY_LENGTH`.
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryTooLong(text[:MAX_QUERY_LENGTH])
    stem = get_stemmer(stemmer)
    budget = MAX_TERMS
    truncated = False
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    words: list[str] = []
    for piece in _QUOTED.split(text.translate(_TYPOGRAPHIC_QUOTES)):
        quoted = len(piece) >= 2 and piece[0] == piece[-1] == '"'
        found = [word for word in tokenize(piece) if word not in STOP_WORDS]
        if len(found) > budget:
            found, truncated = found[:budget], True
        budget -= len(found)
        words.extend(found)
        stems = [stem(word) for word in found]
        if quoted and len(stems) > 1:
            if tuple(stems) not in phrases:
                phrases.append(tuple(stems))
        else:
            terms.extend(s for s in stems if s not in terms)
    return UserQuery(terms=tuple(terms), phrases=tuple(phrases),
                     words=tuple(dict.fromkeys(words)), truncated=truncated)
