"""The search plugin's tables: the queue of index changes, and the PostgreSQL index.

``search_queue`` serves both backends. ``search_document`` and ``search_word`` hold the
PostgreSQL backend's index (``SEARCH_BACKEND = "postgres"``); they exist on every
database so that the schema is the same everywhere, and stay empty off PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, JSON, Index, Sequence, String, Text, event
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from cms.api import db, utcnow

#: ``gin_pending_list_limit`` of the GIN indexes, in kB (see :class:`IndexedArticle`).
GIN_PENDING_LIST_KB = 256
#: ``toast_tuple_target`` of ``search_document`` (the smallest PostgreSQL allows): rows
#: above it have their long values moved out of line (see :class:`IndexedArticle`).
NARROW_ROW_BYTES = 128


class QueueEntry(db.Model):
    """One article that changed and must be re-read into the index.

    The row says only *which* article changed: the writer reads the article's state from
    the database when it drains the queue, so rows can be applied twice or out of order
    and the index still ends up matching the database. No foreign key: a deleted
    article's row must survive its article, or the deletion would never reach the index.
    """

    __tablename__ = "search_queue"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(20))
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)


class IndexedArticle(db.Model):
    """One public or scheduled article as the PostgreSQL backend searches it.

    ``content`` holds the article's terms as analyzed in Python (the same stems as the
    Whoosh index), weighted by where they stand: title A, lead B, body C, tags, author
    and plugins' text D. ``head`` holds the title and lead lexemes alone, at the same
    positions: small enough to stay in the row, so ranking reads it for many rows
    without decompressing ``content`` (:mod:`plugins.search.ranking`). ``spell`` holds
    the unstemmed words of title, lead and tags, for "Did you mean". The other columns
    are the facets and what a results page shows, so a search reads this table only.
    """

    __tablename__ = "search_document"

    article_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    content: Mapped[str] = mapped_column(TSVECTOR().with_variant(Text(), "sqlite"))
    head: Mapped[str] = mapped_column(TSVECTOR().with_variant(Text(), "sqlite"),
                                      server_default="")
    spell: Mapped[list[str]] = mapped_column(ARRAY(Text()).with_variant(JSON(), "sqlite"))
    title: Mapped[str] = mapped_column(Text)
    lead: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    slug: Mapped[str] = mapped_column(String(200))
    # Indexed so a search narrowed to a rubrik and a year visits the rows of both
    # (and of the words), not every row holding the words.
    category: Mapped[str] = mapped_column(String(100), index=True)
    category_name: Mapped[str] = mapped_column(String(80))
    year: Mapped[str] = mapped_column(String(4), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    video: Mapped[str] = mapped_column(String(1))
    published: Mapped[datetime] = mapped_column(index=True)
    stemmer: Mapped[str] = mapped_column(String(20))
    fingerprint: Mapped[str] = mapped_column(String(32))

    # GIN indexes gather new entries in a pending list that every search reads through
    # until it is merged. At PostgreSQL's default limit (4 MB), 2,000 saved articles made
    # every search at 10,000 articles about 130 ms slower; 256 kB keeps that under a few
    # milliseconds and still merges in batches (writing about as fast as with 4 MB).
    #
    # Counting a common word's matches reads the facet columns of every matching row.
    # With the text in the row (1.3 kB a row) that was 1,650 pages at 10,000 articles;
    # ``toast_tuple_target`` moves title, lead, body and spell out of line, which only the
    # ten rows shown read, and ``head`` (see ``_KEEP_HEAD_IN_ROW``) stays: 740 pages, and
    # the scan of the matching rows took 2 instead of 20 ms.
    __table_args__ = (
        Index("ix_search_document_content", "content", postgresql_using="gin",
              postgresql_with={"gin_pending_list_limit": GIN_PENDING_LIST_KB}),
        Index("ix_search_document_spell", "spell", postgresql_using="gin",
              postgresql_with={"gin_pending_list_limit": GIN_PENDING_LIST_KB}),
        Index("ix_search_document_head", "head", postgresql_using="gin",
              postgresql_with={"gin_pending_list_limit": GIN_PENDING_LIST_KB}),
        {"postgresql_with": {"toast_tuple_target": NARROW_ROW_BYTES}},
    )


#: Ranking reads ``head`` for every match with a query word in the title or lead: it is
#: compressed in the row if need be, never moved out of it (SQLAlchemy has no column
#: option for a storage mode).
_KEEP_HEAD_IN_ROW = DDL("ALTER TABLE search_document ALTER COLUMN head SET STORAGE MAIN")
event.listen(IndexedArticle.__table__, "after_create",
             _KEEP_HEAD_IN_ROW.execute_if(dialect="postgresql"))


class IndexedWord(db.Model):
    """A word readers may have meant: every unstemmed word of titles, leads and tags.

    Only added to, never counted: how many articles hold a word is read from
    ``search_document.spell`` when a suggestion needs it, so concurrent writers never
    update the same row. A word whose articles are gone is never suggested (it finds
    nothing), and ``cms search reindex`` clears such words out.
    """

    __tablename__ = "search_word"

    word: Mapped[str] = mapped_column(String(64), primary_key=True)

    __table_args__ = (
        # Candidates share the word's first letter: LIKE 'b%' needs pattern operators
        # under a non-C collation.
        Index("ix_search_word_pattern", "word", postgresql_ops={"word": "text_pattern_ops"}),
    )


#: Moved on after every commit that changed ``search_document``: each process keeps its
#: recent answers for one value, so a change made by any app server empties them all.
INDEX_VERSION = Sequence("search_version", metadata=db.metadata)

MODELS = (QueueEntry, IndexedArticle, IndexedWord)
