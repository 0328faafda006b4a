"""Indonesian text analysis shared by Warta's search backends.

Both backends (Whoosh and PostgreSQL) must turn an article and a reader's query into the
same terms, or a query looks for words the index never stored. This module is that one
place: lower-casing, Unicode folding, an Indonesian stop-word list and stemming, so that
"pembinaan", "dibina" and "membina" all become "bina".

Two stemmers are available (see docs/search-analysis.md for the measurements):

- ``snowball`` (the default): the Snowball Indonesian algorithm through PyStemmer.
  Algorithmic, BSD-licensed, fast; it does not know which words are roots, so it
  over-strips some ("berita" -> "ita", "menteri" -> "teri").
- ``sastrawi``: PySastrawi, which checks candidates against a dictionary of root words.
  More accurate, but that dictionary comes from Kateglo under CC BY-NC-SA 3.0
  (non-commercial), so a site must choose it knowingly.

Changing the stemmer, the stop words or the tokenizer changes the terms: indexes built
before the change must be rebuilt.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import Stemmer
from whoosh.analysis import (
    CompositeAnalyzer,
    Filter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)

STEMMERS = ("sastrawi", "snowball")
# Snowball, not Sastrawi: Sastrawi's root-word dictionary is licensed non-commercial
# (CC BY-NC-SA 3.0) and most Warta sites are commercial news sites.
DEFAULT_STEMMER = "snowball"

# Longer runs of letters are not words a reader types (URLs, hashes, base64 blobs) and
# would only bloat the index; they are dropped whole rather than cut into pieces.
MAX_WORD_LENGTH = 64

# Distinct words kept per stemmer: room for the working vocabulary of a regional news
# site (tens of thousands of word forms), so a warm cache answers nearly every lookup,
# while the bound keeps memory flat (about 15 MB per stemmer when full) however much
# text passes through.
STEM_CACHE_SIZE = 100_000

# Characters that belong to the word they sit in without being letters, and that folding
# removes: combining marks (accents typed as separate code points, Arabic vowel signs),
# the soft hyphen, zero-width (non-)joiners and the word joiner. The zero-width space is
# not among them: it marks a word break. The scan covers the Basic Multilingual Plane,
# which holds every mark Indonesian text uses, in about 15 ms at import.
_IGNORABLE = [
    code for code in range(0x10000) if unicodedata.category(chr(code)).startswith("M")
] + [0x00AD, 0x200C, 0x200D, 0x2060, 0xFEFF]
_FOLD_TABLE = dict.fromkeys(_IGNORABLE)


def _char_class(codes: list[int]) -> str:
    """Write ``codes`` as a regex character class of ranges, compact enough to pickle."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(rf"\u{low:04x}-\u{high:04x}" for low, high in ranges) + "]"


_IGNORABLE_CLASS = _char_class(_IGNORABLE)

# One word: a run of letters, digits and ignorables holding at least one letter or
# digit, at most MAX_WORD_LENGTH long, taken whole (the look-arounds refuse to start or
# stop inside a longer run). The underscore is punctuation here, not a letter.
_WORD_RE = re.compile(
    rf"(?<![^\W_])(?<!{_IGNORABLE_CLASS})"
    rf"(?={_IGNORABLE_CLASS}*[^\W_])"
    rf"(?:[^\W_]|{_IGNORABLE_CLASS}){{1,{MAX_WORD_LENGTH}}}"
    rf"(?![^\W_])(?!{_IGNORABLE_CLASS})"
)


def normalize(text: str) -> str:
    """Lower-case ``text`` and fold it towards ASCII.

    Folding (NFKD, then dropping combining marks and invisible joiners) lets "Bétawi"
    find "Betawi" and turns full-width or "𝐁𝐞𝐫𝐢𝐭𝐚"-style letters pasted from social
    media into plain ones. Lower-casing comes after folding because some of those
    letters only gain a lower-case form once folded.
    """
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_FOLD_TABLE).lower()


def tokenize(text: str) -> list[str]:
    """Split ``text`` into normalized words made of letters and digits.

    Punctuation, emoji, control characters and the underscore separate words; words
    longer than ``MAX_WORD_LENGTH`` are dropped. Uses the same pattern as
    :func:`whoosh_analyzer`, so both backends see the same words.
    """
    return [normalize(word) for word in _WORD_RE.findall(text)]


def _load_stop_words() -> frozenset[str]:
    path = Path(__file__).with_name("stopwords_id.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        normalize(word) for word in (line.split("#", 1)[0].strip() for line in lines) if word
    )


STOP_WORDS: frozenset[str] = _load_stop_words()


# PyStemmer's stemmer keeps state while it works and must not be called from two
# threads at once (its documentation says so); Flask may serve requests on threads.
# Its own cache is turned off: the lru_cache below is bounded and shared.
_snowball = Stemmer.Stemmer("indonesian", 0)
_snowball_lock = threading.Lock()


@functools.lru_cache(maxsize=STEM_CACHE_SIZE)
def _stem_snowball(word: str) -> str:
    with _snowball_lock:
        return _snowball.stemWord(word)


@functools.cache
def _sastrawi() -> Callable[[str], str]:
    # Imported and loaded on first use: sites on the default stemmer never read the
    # 30,000-word dictionary. The library's own CachedStemmer is skipped because its
    # cache never forgets a word.
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer as SastrawiStemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return SastrawiStemmer(ArrayDictionary(StemmerFactory().get_words())).stem_word


@functools.lru_cache(maxsize=STEM_CACHE_SIZE)
def _stem_sastrawi(word: str) -> str:
    return _sastrawi()(word)


_CACHED_STEMMERS: dict[str, Callable[[str], str]] = {
    "sastrawi": _stem_sastrawi,
    "snowball": _stem_snowball,
}


class StemFunction:
    """A stemmer chosen by name: call it with one normalized word, get its stem.

    A class rather than a function because Whoosh pickles the analyzer into the index's
    schema: an instance pickles as just its name, so an index reopens with whatever
    stemmer code is installed, and private helpers can change without breaking it.

    Only words of ASCII letters are stemmed. Both stemmers know only Indonesian affixes
    spelled in ASCII, and leaving numbers ("2024") and other scripts alone keeps them out
    of the cache.
    """

    def __init__(self, name: str) -> None:
        if name not in _CACHED_STEMMERS:
            raise ValueError(f"unknown stemmer {name!r}; choose one of: {', '.join(STEMMERS)}")
        self.name = name

    def __call__(self, word: str) -> str:
        if not (word.isascii() and word.isalpha()):
            return word
        return _CACHED_STEMMERS[self.name](word)

    def __eq__(self, other: object) -> bool:
        # Whoosh compares schemas field by field; two analyzers built for the same
        # stemmer must compare equal.
        return isinstance(other, StemFunction) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"StemFunction({self.name!r})"


def get_stemmer(name: str = DEFAULT_STEMMER) -> Callable[[str], str]:
    """Return the cached stemmer called ``name`` (one of :data:`STEMMERS`).

    Raises ``ValueError`` naming the valid stemmers for any other name, so a typo in a
    site's settings fails loudly instead of silently searching without stemming.
    """
    return StemFunction(name)


def analyze(text: str, stemmer: str = DEFAULT_STEMMER, stopwords: bool = True) -> list[str]:
    """Turn ``text`` into search terms: tokenize, drop stop words, stem.

    Use it for documents and for queries alike; ``stopwords=False`` keeps stop words,
    for callers that need every word (exact phrases, say).
    """
    stem = get_stemmer(stemmer)
    return [stem(word) for word in tokenize(text) if not (stopwords and word in STOP_WORDS)]


def first_term_at(text: str, terms: frozenset[str], stemmer: str = DEFAULT_STEMMER) -> int | None:
    """Where in ``text`` the first word whose term is in ``terms`` starts (None: nowhere).

    The words and terms :func:`whoosh_analyzer` yields, found with one regular
    expression scan and the stemmer's cache: Whoosh's analyzer chain (a generator per
    filter) costs about 4 µs a word, and a search page looks for its words in ten
    stories. Highlighting then runs Whoosh's analyzer only over the window it shows.
    """
    stem = get_stemmer(stemmer)
    for match in _WORD_RE.finditer(text):
        word = normalize(match.group())
        if word not in STOP_WORDS and stem(word) in terms:
            return match.start()
    return None


class FoldFilter(Filter):
    """Whoosh filter applying :func:`normalize` (folding, then lower-casing) to tokens.

    It replaces Whoosh's LowercaseFilter rather than following it: lower-casing must
    come after folding for letters that only have a lower-case form once folded.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = normalize(token.text)
            yield token


def whoosh_analyzer(stemmer: str = DEFAULT_STEMMER, *, stem: bool = True) -> CompositeAnalyzer:
    """Build the Whoosh analyzer that yields the same terms as :func:`analyze`.

    Every part is picklable (Whoosh stores the analyzer in the index's schema).
    ``minsize=1`` keeps one-letter and one-digit words, as :func:`analyze` does;
    ``cachesize=None`` leaves caching to the stemmer's own bounded cache, which
    :func:`analyze` shares. ``stem=False`` stops before stemming, for words shown back
    to readers as they write them (spelling suggestions).
    """
    analyzer = RegexTokenizer(_WORD_RE) | FoldFilter() | StopFilter(stoplist=STOP_WORDS, minsize=1)
    if stem:
        analyzer = analyzer | StemFilter(stemfn=get_stemmer(stemmer), cachesize=None)
    return analyzer
