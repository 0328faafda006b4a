"""The Whoosh schema and how a :class:`~cms.search.SearchDocument` fills it.

Matching reads one posting list per word: ``content`` holds every word of the article
(title, lead, body, tags, author, plugins' text). ``title`` is indexed again on its own
so that ranking can weigh a word in the title more. Lead, body, tags and author are also
stored as they are, for snippets and for ``cms search check``. Facets are columns
(``sortable``), read per document without touching the inverted index.

``words`` keeps the title, lead and tags unstemmed, for "Did you mean": suggestions
must be words readers write, not stems ("ita" for "berita"). Not the body: Whoosh's own
``spelling=True`` on ``content`` doubled the cost of indexing (every body word analyzed
and posted twice, plus a file-existence check per posting of its length-less spelling
field), while the names and places readers misspell are in titles and leads.
"""

from __future__ import annotations

from datetime import UTC, tzinfo
from typing import Any

from whoosh.analysis import StemFilter
from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
from whoosh.reading import IndexReader

from plugins.search.analysis import DEFAULT_STEMMER, whoosh_analyzer
from plugins.search.documents import fingerprint

#: The facet columns and the query-string names readers use for them.
FACETS = ("category", "year", "kind", "video")
KIND_NEWS = "berita"
KIND_ADVERTORIAL = "advertorial"


def build_schema(stemmer: str) -> Schema:
    """The schema of a new index; the analyzer (and so the stemmer) is stored with it."""
    analyzer = whoosh_analyzer(stemmer)
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=analyzer, stored=True),
        content=TEXT(analyzer=analyzer),
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


def whoosh_fields(document: Any, zone: tzinfo) -> dict[str, Any]:
    """The Whoosh fields of ``document`` (a SearchDocument); the year is the site's local one.

    Publication times are stored in UTC; a story published at 03:00 WIB on 1 January
    belongs to the new year for the site's readers, though it is still 31 December in UTC.
    """
    fields = document.fields
    published = fields["published"]
    tags = ", ".join(fields["tags"])
    return {
        "id": document.id,
        "title": fields["title"],
        "content": "\n".join(
            part for part in (fields["title"], fields["lead"], fields["body"], tags,
                              fields["author"], fields["text"]) if part
        ),
        "words": "\n".join(part for part in (fields["title"], fields["lead"], tags) if part),
        "tags": tags,
        "author": fields["author"],
        "lead": fields["lead"],
        "body": fields["body"],
        "slug": fields["slug"],
        "category_name": fields["category_name"],
        "category": fields["category"],
        "year": str(published.replace(tzinfo=UTC).astimezone(zone).year),
        "kind": KIND_ADVERTORIAL if fields["advertorial"] else KIND_NEWS,
        "video": "1" if fields["has_video"] else "0",
        "published": published,
        "fingerprint": fingerprint(document),
    }


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
