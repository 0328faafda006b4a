"""The Whoosh schema: what each field of :func:`plugins.search.documents.indexed_fields` is.

Matching reads one posting list per word: ``content`` holds every word of the article
(title, lead, body, tags, author, plugins' text). ``title`` and ``head`` (title and
lead) are indexed again on their own so that ranking can tell a word in the title or
the lead, and words standing side by side there (:mod:`plugins.search.ranking`). An
index built before ``head`` existed ranks without the lead until ``cms search reindex``.
Lead, body, tags and author are also stored as they are, for snippets and for
``cms search check``. Facets are columns
(``sortable``), read per document without touching the inverted index.

``words`` keeps the title, lead and tags unstemmed, for "Did you mean": suggestions
must be words readers write, not stems ("ita" for "berita"). Not the body: Whoosh's own
``spelling=True`` on ``content`` doubled the cost of indexing (every body word analyzed
and posted twice, plus a file-existence check per posting of its length-less spelling
field), while the names and places readers misspell are in titles and leads.
"""

from __future__ import annotations

from typing import Any

from whoosh.analysis import StemFilter
from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
from whoosh.reading import IndexReader

from plugins.search.analysis import DEFAULT_STEMMER, whoosh_analyzer


def build_schema(stemmer: str) -> Schema:
    """The schema of a new index; the analyzer (and so the stemmer) is stored with it."""
    analyzer = whoosh_analyzer(stemmer)
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=analyzer, stored=True),
        content=TEXT(analyzer=analyzer),
        head=TEXT(analyzer=analyzer),
        words=TEXT(analyzer=whoosh_analyzer(stemmer, stem=False), phrase=False),
        tags=STORED(),
        author=STORED(),
        lead=STORED(),
        body=STORED(),
        slug=STORED(),
        category_name=STORED(),
        category=ID(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        kind=ID(stored=True, sortable=True),
        video=ID(stored=True, sortable=True),
        published=DATETIME(stored=True, sortable=True),
        fingerprint=ID(sortable=True),
    )


def stemmer_of(schema: Schema) -> str:
    """The stemmer an index was built with: queries must be analyzed the same way."""
    for item in getattr(schema["content"].analyzer, "items", ()):
        if isinstance(item, StemFilter):
            return getattr(item.stemfn, "name", DEFAULT_STEMMER)
    return DEFAULT_STEMMER


def read_column(reader: IndexReader, name: str) -> list[Any]:
    """Every document's value of column ``name``, indexed by document number.

    Read segment by segment: Whoosh's multi-segment column reader skips segments without
    the column when iterated (shifting every later document).
    """
    values: list[Any] = []
    for leaf, _offset in reader.leaf_readers():
        values.extend(read_leaf_column(leaf, name))
    return values


def read_leaf_column(leaf: IndexReader, name: str) -> list[Any]:
    """Column ``name`` of one segment's reader (None for each document if it has none:
    an empty index has no column reader at all)."""
    if leaf.has_column(name):
        return list(leaf.column_reader(name))
    return [None] * leaf.doc_count_all()
