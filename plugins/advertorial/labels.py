"""The label on every surface: cards, the article page, feeds, sitemaps, structured data.

Readers must never meet paid content without its label (Pedoman Pemberitaan Media Siber,
point 6). Cards, the article page, feeds and sitemaps ask the articles plugin's
``articles_item_labels`` hook, which :func:`labels_for` answers; a row always yields a
label (see :func:`~plugins.advertorial.models.shown_label`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import g, render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from cms.api import cached, db, depends_on
from plugins.advertorial.models import AdvertorialArticle, Sponsor, shown_label
from plugins.articles.api import Article, article_dep, url_for_media

SCHEMA_TYPE = "AdvertiserContentArticle"
#: Pages that show one article, and how their URL names it.
ARTICLE_PAGES = {"articles.article": "slug", "articles_admin.preview": "article_id"}
#: ``flask.g`` key: ``{article_id: row or None}``, see :func:`marking_of`.
_MARKINGS = "advertorial_markings"


def labels_for(article_ids: Iterable[int]) -> dict[int, str]:
    """``{article_id: label}`` for the advertorials among ``article_ids``, in one query."""
    ids = list(set(article_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(AdvertorialArticle.article_id, AdvertorialArticle.label)
        .where(AdvertorialArticle.article_id.in_(ids)))
    return {article_id: shown_label(label) for article_id, label in rows}


def marking_of(article: Article) -> AdvertorialArticle | None:
    """The article's advertorial row, or ``None`` for ordinary news.

    An article page asks up to four times (head, disclosure, structured data, body
    links), so the answer is remembered for the request (or app context): the session
    holds rows only weakly, and for news there is no row at all, so each ask used to be
    a statement. Whatever changes a marking calls :func:`forget_marking`.
    """
    known = g.setdefault(_MARKINGS, {})
    if article.id not in known:
        known[article.id] = db.session.get(AdvertorialArticle, article.id)
    return known[article.id]


def forget_marking(article_id: int) -> None:
    """Drop what :func:`marking_of` remembers of an article whose marking changes."""
    g.get(_MARKINGS, {}).pop(article_id, None)


def markings_of(article_ids: Iterable[int]) -> dict[int, AdvertorialArticle]:
    """The advertorial rows of those of ``article_ids`` that have one, sponsors loaded."""
    ids = list(article_ids)
    if not ids:
        return {}
    return {row.article_id: row for row in db.session.scalars(
        select(AdvertorialArticle).where(AdvertorialArticle.article_id.in_(ids))
        .options(selectinload(AdvertorialArticle.sponsor)))}


def advertorial_ids() -> Select:
    """Every advertorial's id, as SQL for other queries to leave out."""
    return select(AdvertorialArticle.article_id)


def schema_type(article: Article) -> str:
    """The JSON-LD ``@type``: schema.org's own type for paid content, else a news article."""
    return SCHEMA_TYPE if marking_of(article) is not None else "NewsArticle"


def sponsor_schema(article: Article) -> dict[str, Any] | None:
    """The JSON-LD ``sponsor`` of an advertorial (``None`` for news)."""
    row = marking_of(article)
    if row is None or row.sponsor is None:
        return None
    sponsor: dict[str, Any] = {"@type": "Organization", "name": row.sponsor.name}
    if row.sponsor.website:
        sponsor["url"] = row.sponsor.website
    return sponsor


def disclosure(article: Article) -> Markup | None:
    """Above the body: the label, the sponsor's logo and the sponsor's disclosure text."""
    row = marking_of(article)
    if row is None:
        return None
    sponsor = row.sponsor
    return Markup(render_template(
        "plugins/advertorial/disclosure.html", sponsor=sponsor, label=row.shown_label,
        logo=sponsor_logo(sponsor) if sponsor else None))


def _advertorial_on_page() -> bool:
    """Is the page's article an advertorial? Asked once per page and content generation
    (the answer is a cached fragment), so one query is all it costs."""
    key = ARTICLE_PAGES.get(request.endpoint or "")
    value = (request.view_args or {}).get(key) if key else None
    if value is None:
        return False
    column = Article.slug if key == "slug" else Article.id
    found = db.session.execute(
        select(Article.id, AdvertorialArticle)
        .outerjoin(AdvertorialArticle, AdvertorialArticle.article_id == Article.id)
        .where(column == value)).first()
    if found is None:
        return False
    depends_on(article_dep(found[0]))  # marked or unmarked by saving the article
    # The disclosure and structured data ask for the same row next: answered from here.
    g.setdefault(_MARKINGS, {}).setdefault(found[0], found[1])
    return found[1] is not None


def head() -> Markup | None:
    """On an advertorial's page: keep it out of Google News, and style the disclosure.

    ``head`` has no article in its context, so the page's own URL names the article.
    """
    if request.endpoint not in ARTICLE_PAGES:
        return None
    return Markup(cached("advertorial.head", request.path, render=_head_tags))


def _head_tags() -> str:
    if not _advertorial_on_page():
        return ""
    return Markup('<meta name="Googlebot-News" content="noindex">\n'
                  '<link rel="stylesheet" href="{}">').format(
        url_for("advertorial.static", filename="advertorial.css"))


def sponsor_logo(sponsor: Sponsor) -> str | None:
    """The logo's address, at the smallest stored width (logos are shown small)."""
    if sponsor.logo is None:
        return None
    variants = sponsor.logo.variants
    return url_for_media(variants[min(variants)] if variants else sponsor.logo.path)
