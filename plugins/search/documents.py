"""What the index knows about an article: plain text and facets, built from the database.

The index is a copy that can always be rebuilt, so everything here is derived from the
article row (and from plugins through ``search_document_fields``) at the moment the
writer runs, never from what a request happened to hold.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection
from datetime import UTC, datetime, tzinfo
from html import unescape
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from cms.api import SearchDocument, call_hook, db, hook_implementers
from plugins.articles.api import Article, visible_filter

#: The facets a search counts and filters on, the same in both backends.
FACETS = ("category", "year", "kind", "video")
KIND_NEWS = "berita"
KIND_ADVERTORIAL = "advertorial"

# Block elements end a word; inline ones (<b>, <a>, <em>) do not: "<b>pem</b>binaan" is
# one word for the reader, so it must be one word for the index. Attribute values may
# hold ">" inside quotes.
_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_BLOCK_TAG = re.compile(
    r"</?(?:address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|"
    r"h[1-6]|header|hr|li|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)\b"
    + _ATTRS + ">",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<!--.*?-->|<" + _ATTRS + ">", re.DOTALL)
_SPACES = re.compile(r"\s+")

# Later than any publication date: indexable_filter() asks for every date, future ones too.
_END_OF_TIME = datetime(9999, 12, 31)

#: Keys a plugin may set through ``search_document_fields``, with the type they become.
PLUGIN_FIELDS = {"advertorial": bool, "has_video": bool, "text": str}


def html_to_text(html: str) -> str:
    """The words a reader sees in ``html``, for indexing and for search snippets.

    Regular expressions rather than an HTML parser: bodies are already sanitized (well
    formed, no scripts), and a full reindex strips every body on the site, where a
    pure-Python parser would be several times slower.
    """
    text = _BLOCK_TAG.sub(" ", html or "")
    text = _ANY_TAG.sub("", text)
    return _SPACES.sub(" ", unescape(text)).strip()


def indexable_filter():
    """SQL condition for articles the index holds: public now or scheduled for later.

    Scheduled articles are indexed ahead of time with their publication date, and the
    search hides them until that date, so they appear on time without anyone writing
    to the index at that moment.
    """
    return visible_filter(now=_END_OF_TIME)


def load_articles(ids: list[int] | None = None) -> list[Article]:
    """Indexable articles (all of them, or those among ``ids``) with what a document needs."""
    query = (
        select(Article).where(indexable_filter())
        .options(selectinload(Article.category), selectinload(Article.author),
                 selectinload(Article.tags))
        .order_by(Article.id)
        .execution_options(populate_existing=True)
    )
    if ids is not None:
        query = query.where(Article.id.in_(ids))
    return list(db.session.scalars(query))


def article_document(article: Article, known: list[dict[str, Any]] | None = None,
                     skip_plugins: Collection[str] = ()) -> SearchDocument:
    """The searchable form of ``article``, including what plugins add to it.

    ``known`` is what plugins answered for it through ``search_documents_fields`` (see
    :func:`article_documents`); those plugins are in ``skip_plugins``, not asked again.
    """
    fields: dict[str, Any] = {
        "title": article.title,
        "lead": html_to_text(article.lead),
        "body": html_to_text(article.body),
        "tags": [tag.name for tag in article.tags],
        "author": article.author.name if article.author else "",
        "category": article.category.slug if article.category else "",
        "category_name": article.category.name if article.category else "",
        "slug": article.slug,
        "published": article.published_at,
        "advertorial": False,
        "has_video": False,
        "text": "",
    }
    answers = call_hook("search_document_fields", article=article, skip_plugins=skip_plugins)
    for extra in [*(known or []), *answers]:
        if not isinstance(extra, dict):
            continue
        for key, kind in PLUGIN_FIELDS.items():
            if key in extra:
                value = kind(extra[key])
                fields[key] = f"{fields[key]} {value}".strip() if key == "text" else value
    return SearchDocument(id=str(article.id), fields=fields)


def article_documents(articles: list[Article]) -> list[SearchDocument]:
    """:func:`article_document` of each of ``articles``, asking the plugins that can
    answer for all of them at once (``search_documents_fields``) once, not per article."""
    bulk = hook_implementers("search_documents_fields")
    known: dict[int, list[dict[str, Any]]] = {}
    if articles and bulk:
        for answer in call_hook("search_documents_fields", articles=articles):
            for article_id, fields in answer.items():
                known.setdefault(article_id, []).append(fields)
    return [article_document(article, known.get(article.id), bulk) for article in articles]


def fingerprint(document: SearchDocument) -> str:
    """A digest of everything indexed for a document, so ``check`` can spot stale copies."""
    payload = json.dumps(document.fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def indexed_fields(document: SearchDocument, zone: tzinfo) -> dict[str, Any]:
    """What both backends store of ``document``: its text, facets and fingerprint.

    ``content`` is every word of the article, ``words`` the text "Did you mean" draws on
    (title, lead, tags), ``head`` the title and lead that ranking weighs
    (:mod:`plugins.search.ranking`). The year is the site's local one: publication times are stored
    in UTC, and a story published at 03:00 WIB on 1 January belongs to the new year for
    the site's readers, though it is still 31 December in UTC.
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
        "head": "\n".join(part for part in (fields["title"], fields["lead"]) if part),
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
