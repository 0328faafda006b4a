"""The reader-facing search: ``/search`` (HTML) and ``/search.json`` (themes and apps).

Everything a reader sends is optional and may be garbage. Unknown or malformed
arguments are ignored, a query longer than the limit gets a 400 page that says so, and
nothing the reader types reaches a query language. The query-string names are
Indonesian, like the site's other addresses: ``q``, ``rubrik``, ``tahun``, ``jenis``,
``video``, ``urut`` and ``halaman``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, current_app, g, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import load_only

from cms.api import (
    SORT_NEWEST,
    SORT_RELEVANCE,
    absolute_url,
    cached,
    db,
    depends_on,
    do_not_store,
    get_search_service,
    iso_datetime,
)
from plugins.articles.api import Article, Category, article_dep, item_labels
from plugins.search.dependencies import INDEX_DEP
from plugins.search.documents import KIND_ADVERTORIAL, KIND_NEWS
from plugins.search.querying import MAX_QUERY_LENGTH, MAX_TERMS, QueryTooLong
from plugins.search.results import MAX_PAGE, ArticleResults
from plugins.search.whoosh import indexing as whoosh_indexing

logger = logging.getLogger(__name__)

bp = Blueprint("search", __name__, static_folder="static", static_url_path="/search/static")


@bp.teardown_app_request
def _drain_if_pending(_error: BaseException | None) -> None:
    """A Whoosh drain scheduled by a request that never sent its response runs now."""
    whoosh_indexing.drain_at_teardown(current_app._get_current_object())

#: Query-string name → facet name in the index.
FILTER_ARGS = {"rubrik": "category", "tahun": "year", "jenis": "kind", "video": "video"}
SORT_ARGS = {"relevan": SORT_RELEVANCE, "terbaru": SORT_NEWEST}
KNOWN_ARGS = ("q", *FILTER_ARGS, "urut", "halaman")


@dataclass
class SearchPage:
    """What one search request produced, for the HTML page and the JSON alike."""

    query: str
    filters: dict[str, str]
    sort: str
    page: int
    results: ArticleResults | None = None
    status: int = 200
    messages: list[str] = field(default_factory=list)
    categories: dict[str, str] = field(default_factory=dict)


def _arg(name: str) -> str:
    """A query argument without control characters (PostgreSQL refuses NUL in text)."""
    value = request.args.get(name, "")
    return "".join(ch for ch in value if ch >= " " or ch in "\t\n")


def run_search() -> SearchPage:
    """Read the request's arguments, search, and collect the messages for the reader.

    The page cache keeps the answer until the index changes (``search:index``) or one of
    its hits does (``article:<id>``): most readers ask for the few words in the news.
    A search cut short by its time limit is not kept.
    """
    query = _arg("q").strip()
    filters = {facet: value for arg, facet in FILTER_ARGS.items() if (value := _arg(arg))}
    sort = SORT_ARGS.get(_arg("urut"), SORT_RELEVANCE)
    page = request.args.get("halaman", default=1, type=int) or 1
    page = max(1, min(page, MAX_PAGE))
    state = SearchPage(query=query, filters=filters, sort=sort, page=page)
    if not query:
        depends_on()  # the empty form shows no content
        return state
    service = get_search_service()
    try:
        state.results = service.search(query, filters, page, sort=sort)
    except QueryTooLong:
        state.status = 400
        state.query = query[:MAX_QUERY_LENGTH]
        state.messages.append(ngettext(
            "Kata kunci terlalu panjang: paling banyak %(num)d karakter.",
            "Kata kunci terlalu panjang: paling banyak %(num)d karakter.",
            num=MAX_QUERY_LENGTH))
        return state
    except Exception:
        logger.exception("search failed for %r", query)
        state.status = 503
        state.messages.append(_("Pencarian sedang bermasalah. Coba lagi sebentar lagi."))
        return state
    if state.results.timed_out:
        do_not_store()
    depends_on(INDEX_DEP, *(article_dep(int(hit.id)) for hit in state.results.hits))
    state.results = _only_visible(state.results)
    state.messages.extend(_notices(state.results))
    state.categories = _category_names(state.results, filters.get("category"))
    return state


def _only_visible(results: ArticleResults) -> ArticleResults:
    """Drop hits the database no longer shows, in case the index lags a moment behind."""
    ids = [int(hit.id) for hit in results.hits]
    if not ids:
        return results
    # By primary key, judged in Python: with the visibility condition in SQL, SQLite
    # preferred the (status, published_at) index and read every public article.
    rows = db.session.scalars(select(Article).where(Article.id.in_(ids)).options(
        load_only(Article.id, Article.status, Article.published_at)))
    visible = {article.id for article in rows if article.is_public}
    if len(visible) == len(ids):
        return results
    return replace(results, hits=[hit for hit in results.hits if int(hit.id) in visible])


def _notices(results: ArticleResults) -> list[str]:
    notices = []
    if results.empty_query:
        notices.append(_("Kata kunci Anda tidak memuat kata yang bisa dicari. "
                         "Coba kata lain."))
    if results.truncated:
        notices.append(ngettext("Hanya %(num)d kata pertama yang dipakai.",
                                "Hanya %(num)d kata pertama yang dipakai.", num=MAX_TERMS))
    if not results.all_words and results.total:
        notices.append(_("Tidak ada artikel yang memuat semua kata. Berikut artikel yang "
                         "memuat sebagian kata."))
    if results.timed_out:
        notices.append(_("Pencarian dihentikan karena terlalu lama; hasilnya mungkin tidak "
                         "lengkap."))
    return notices


def _category_names(results: ArticleResults, active: str | None) -> dict[str, str]:
    """Names of the rubrik in the facets and of the one filtered on (even with no hits)."""
    slugs = [slug for slug in (*results.facets.get("category", {}), active) if slug]
    if not slugs:
        return {}
    return dict(db.session.execute(
        select(Category.slug, Category.name).where(Category.slug.in_(slugs))).all())


def search_url(**changes: Any) -> str:
    """This search's address with some arguments changed (None removes one).

    Any change but the page number returns to page 1: the old page may not exist.
    """
    args = {name: value for name in KNOWN_ARGS if (value := _arg(name))}
    if "halaman" not in changes:
        args.pop("halaman", None)
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = value
    # One url_for per request: a results page holds dozens of these links.
    if "search_base_url" not in g:
        g.search_base_url = url_for("search.search_page")
    return g.search_base_url + ("?" + urlencode(args) if args else "")


def facet_groups(state: SearchPage) -> list[dict[str, Any]]:
    """The facets as the page lists them: heading, and entries with count and link."""
    if state.results is None or not state.results.total:
        return []
    facets = state.results.facets
    groups = []

    def entries(arg: str, counts: dict[str, int], labels: dict[str, str],
                order: list[str]) -> list[dict[str, Any]]:
        active = _arg(arg)
        return [{"label": labels.get(value, value), "count": counts[value],
                 "active": value == active,
                 "url": search_url(**{arg: None if value == active else value})}
                for value in order if counts.get(value)]

    categories = facets.get("category", {})
    order = sorted((s for s in categories if s),
                   key=lambda s: (-categories[s], state.categories.get(s, s)))
    groups.append({"name": "rubrik", "title": _("Rubrik"),
                   "entries": entries("rubrik", categories, state.categories, order)})
    years = facets.get("year", {})
    groups.append({"name": "tahun", "title": _("Tahun"),
                   "entries": entries("tahun", years, {}, sorted(years, reverse=True))})
    kinds = facets.get("kind", {})
    groups.append({"name": "jenis", "title": _("Jenis"), "entries": entries(
        "jenis", kinds, {KIND_NEWS: _("Berita"), KIND_ADVERTORIAL: _("Advertorial")},
        [KIND_NEWS, KIND_ADVERTORIAL])})
    videos = facets.get("video", {})
    groups.append({"name": "video", "title": _("Video"), "entries": entries(
        "video", videos, {"1": _("Dengan video")}, ["1"])})
    return [group for group in groups if group["entries"]]


def active_filters(state: SearchPage) -> list[dict[str, str]]:
    """The filters in use, each with a link that removes it."""
    labels = {KIND_NEWS: _("Berita"), KIND_ADVERTORIAL: _("Advertorial"), "1": _("Dengan video")}
    active = []
    for arg, facet in FILTER_ARGS.items():
        value = state.filters.get(facet)
        if value:
            label = state.categories.get(value, value) if arg == "rubrik" else \
                labels.get(value, value)
            active.append({"label": label, "url": search_url(**{arg: None})})
    return active


@bp.route("/search")
def search_page() -> ResponseReturnValue:
    state = run_search()
    return render_template(
        "plugins/search/search.html", state=state, results=state.results,
        labels=hit_labels(state.results.hits if state.results else []),
        facets=facet_groups(state), active_filters=active_filters(state),
        search_url=search_url, max_length=MAX_QUERY_LENGTH,
        sort_links=[(SORT_RELEVANCE, _("Paling relevan"), search_url(urut=None)),
                    (SORT_NEWEST, _("Terbaru"), search_url(urut="terbaru"))],
    ), state.status


@bp.route("/search.json")
def search_json() -> ResponseReturnValue:
    """The same search for themes and apps; HTML fields are already escaped."""
    state = run_search()
    if state.status != 200:
        return jsonify(error=state.messages[0], status=state.status), state.status
    results = state.results
    labels = hit_labels(results.hits if results else [])
    body: dict[str, Any] = {"query": state.query, "page": state.page, "sort": state.sort,
                            "filters": state.filters, "messages": state.messages}
    if results is None:
        return jsonify(body | {"total": 0, "pages": 0, "hits": [], "facets": {},
                               "suggestion": None})
    return jsonify(body | {
        "total": results.total,
        "pages": results.pages,
        "suggestion": results.suggestion,
        "facets": {name: dict(counts) for name, counts in results.facets.items()},
        "hits": [_hit_json(hit, labels) for hit in results.hits],
    })


def hit_labels(hits: list[Any]) -> dict[int, str]:
    """``{article_id: label}`` as readers see it on cards ("Advertorial", or the word the
    editor chose), from the one path every surface asks, not from the index's ``kind``."""
    ids = [int(hit.id) for hit in hits]
    if not ids:
        return {}
    articles = db.session.scalars(
        select(Article).where(Article.id.in_(ids)).options(load_only(Article.id))).all()
    return item_labels(articles, "card")


def _hit_json(hit: Any, labels: dict[int, str]) -> dict[str, Any]:
    fields = hit.fields
    published = fields.get("published")
    return {
        "id": int(hit.id),
        "title": fields.get("title"),
        "url": absolute_url("articles.article", slug=fields.get("slug")),
        "published": iso_datetime(published) if published else None,
        "category": {"slug": fields.get("category"), "name": fields.get("category_name")}
        if fields.get("category") else None,
        "advertorial": fields.get("kind") == KIND_ADVERTORIAL,
        "label": labels.get(int(hit.id)),  # as readers see it; None for news
        "video": fields.get("video") == "1",
        "title_html": str(hit.highlights.get("title", "")),
        "snippet_html": str(hit.highlights.get("body", "")),
        "score": round(hit.score, 4),
    }


def search_form() -> Markup:
    """The search box every public page carries (slot ``header.after_nav``).

    Left out of the search page itself, which has its own, larger form.
    """
    if request.endpoint == "search.search_page":
        return Markup("")
    query = _arg("q")[:MAX_QUERY_LENGTH]

    def render() -> str:
        return render_template("plugins/search/search_form.html", query=query,
                               max_length=MAX_QUERY_LENGTH)

    def render_empty() -> str:
        depends_on()  # the empty box shows no content
        return render()

    # Every page without a query shows the same empty box: render it once.
    return Markup(render() if query else cached("search.form", render=render_empty))
