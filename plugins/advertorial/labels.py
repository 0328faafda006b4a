"""The label on every surface: cards, the article page, feeds, sitemaps, structured data.

Readers must never meet paid content without its label (Pedoman Pemberitaan Media Siber,
point 6), so every surface asks here, and a row always yields a label (see
:func:`~plugins.advertorial.models.shown_label`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import g, render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import Select, select

from cms import fragments
from cms.extensions import db
from plugins.advertorial.models import AdvertorialArticle, Sponsor, shown_label
from plugins.articles.media import url_for_media
from plugins.articles.models import Article

SCHEMA_TYPE = "AdvertiserContentArticle"
#: Pages that show one article, and how their URL names it.
ARTICLE_PAGES = {"articles.article": "slug", "articles_admin.preview": "article_id"}
_CACHE = "advertorial_labels"


def labels_for(article_ids: Iterable[int]) -> dict[int, str]:
    """``{article_id: label}`` for the advertorials among ``article_ids``, in one query."""
    ids = list(set(article_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(AdvertorialArticle.article_id, AdvertorialArticle.label)
        .where(AdvertorialArticle.article_id.in_(ids)))
    return {article_id: shown_label(label) for article_id, label in rows}


def forget_labels() -> None:
    """Drop this request's remembered labels after a save changed one."""
    g.pop(_CACHE, None)


def item_label(article: Article) -> str:
    """The label to show with ``article`` on any surface, or ``""`` for ordinary news.

    A listing calls this once per card; the first call looks up every article already
    loaded in the session at once, so a page costs one query however many cards it shows.
    """
    cache: dict[int, str] = g.setdefault(_CACHE, {})
    if article.id not in cache:
        loaded = {key[1][0] for key in db.session.identity_map if key[0] is Article}
        wanted = (loaded | {article.id}) - cache.keys()
        found = labels_for(wanted)
        cache.update({article_id: found.get(article_id, "") for article_id in wanted})
    return cache[article.id]


def marking_of(article: Article) -> AdvertorialArticle | None:
    return db.session.get(AdvertorialArticle, article.id)


def advertorial_ids() -> Select:
    """Every advertorial's id, as SQL for other queries to leave out."""
    return select(AdvertorialArticle.article_id)


def schema_type(article: Article) -> str:
    """The JSON-LD ``@type``: schema.org's own type for paid content, else a news article."""
    return SCHEMA_TYPE if item_label(article) else "NewsArticle"


def sponsor_schema(article: Article) -> dict[str, Any] | None:
    """The JSON-LD ``sponsor`` of an advertorial (``None`` for news)."""
    row = marking_of(article) if item_label(article) else None
    if row is None or row.sponsor is None:
        return None
    sponsor: dict[str, Any] = {"@type": "Organization", "name": row.sponsor.name}
    if row.sponsor.website:
        sponsor["url"] = row.sponsor.website
    return sponsor


def disclosure(article: Article) -> Markup | None:
    """Above the body: the label, the sponsor's logo and the sponsor's disclosure text."""
    row = marking_of(article) if item_label(article) else None
    if row is None:
        return None
    sponsor = row.sponsor
    return Markup(render_template(
        "plugins/advertorial/disclosure.html", sponsor=sponsor, label=row.shown_label,
        logo=sponsor_logo(sponsor) if sponsor else None))


def _advertorial_on_page() -> bool:
    """Is the page's article an advertorial? The view has usually loaded that article
    already: then its label (looked up once per request) answers without a query."""
    key = ARTICLE_PAGES.get(request.endpoint or "")
    value = (request.view_args or {}).get(key) if key else None
    if value is None:
        return False
    for identity, article in db.session.identity_map.items():
        if identity[0] is Article and getattr(article, key.removeprefix("article_")) == value:
            return bool(item_label(article))
    column = Article.slug if key == "slug" else Article.id
    return db.session.scalar(
        select(AdvertorialArticle.article_id).join(Article).where(column == value)) is not None


def head() -> Markup | None:
    """On an advertorial's page: keep it out of Google News, and style the disclosure.

    ``head`` has no article in its context, so the page's own URL names the article.
    """
    if request.endpoint not in ARTICLE_PAGES:
        return None
    return Markup(fragments.cached("advertorial.head", request.path, render=_head_tags))


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
