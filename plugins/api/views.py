"""The read API, ``/api/v1/``: thin views over the articles API and other plugins' hooks.

Each view declares its parameters and answers with :func:`~plugins.api.openapi.operation`;
the OpenAPI document is generated from those declarations.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, abort, g, json, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from cms.api import (
    SORT_RELEVANCE,
    User,
    absolute_url,
    call_hook,
    db,
    do_not_store,
    get_search_service,
    is_plugin_loaded,
    limiter,
    utcnow,
)
from plugins.api import keys, listing, serialize
from plugins.api.listing import DEFAULT_LIMIT, Filters
from plugins.api.openapi import PREFIX, document, operation
from plugins.api.params import (
    ARTICLE_FILTERS,
    CURSOR,
    ID_CONVERTER,
    ID_CURSOR,
    ID_SCHEMA,
    LIMIT,
    SEARCH_KINDS,
    SEARCH_PARAMS,
    SLUG_SCHEMA,
    path,
)
from plugins.api.problems import from_http_exception, from_unexpected, problem
from plugins.articles.api import (
    Article,
    Category,
    SlugRedirect,
    Status,
    Tag,
    public_articles,
    public_at,
    visible_filter,
)

logger = logging.getLogger(__name__)

bp = Blueprint("api", __name__, url_prefix=PREFIX)
limiter.limit(keys.client_limit, key_func=keys.client_id)(bp)

#: Headers a browser app may send and read across origins.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, X-Api-Key, If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Retry-After, X-RateLimit-Limit, "
                                     "X-RateLimit-Remaining, X-RateLimit-Reset",
    "Access-Control-Max-Age": "86400",
}
@bp.before_request
def refuse_unknown_key() -> Response | None:
    keys.current_key()
    if g.get("api_bad_key"):
        return problem(401, _("Kunci API ini tidak dikenal atau sudah dicabut. Kirim tanpa "
                              "kunci, atau minta kunci baru kepada redaksi."))
    return None


@bp.after_request
def cross_origin(response: Response) -> Response:
    response.headers.update(CORS_HEADERS)
    return response


@bp.errorhandler(HTTPException)
def http_problem(error: HTTPException) -> Response:
    return from_http_exception(error)


@bp.errorhandler(Exception)
def unexpected_problem(error: Exception) -> Response:
    return from_unexpected(error)


def _json(data: Any) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), mimetype="application/json")


def _article_list(args: dict[str, Any], filters: Filters, endpoint: str) -> Response:
    limit = args["limit"] or DEFAULT_LIMIT
    items, following = listing.page(listing.filtered(filters), args["cursor"], limit)
    cursor = serialize.encode_cursor(*following) if following else None
    passed = {name: request.args.get(name) for name in args if name != "cursor"}
    return _json({"items": serialize.articles(items), "next_cursor": cursor,
                  "next": serialize.page_link(endpoint, cursor, **passed)})


@bp.route("/articles")
@operation("/articles", summary="Articles readers may see, newest first", tag="articles",
           ok="ArticleList", params=ARTICLE_FILTERS,
           description="Cursor pages on (published_at, id): stable while news is published.")
def articles(args: dict[str, Any]) -> Response:
    filters = Filters(**{name: args[name] for name in (
        "rubrik", "tag", "author", "since", "until", "updated_since", "advertorial",
        "sponsor")})
    return _article_list(args, filters, "api.articles")


def _one_article(found: Article | None) -> Response:
    if found is None:
        abort(404)
    if not public_at(found, utcnow()):
        if found.status == Status.WITHDRAWN:
            withdrawal = call_hook("api_withdrawal", article=found)
            notice = withdrawal[0] if withdrawal else {}
            return problem(410, _("Berita ini dicabut oleh redaksi."),
                           reason=notice.get("reason", ""),
                           withdrawn_at=notice.get("withdrawn_at"))
        abort(404)
    return _json(serialize.articles([found], with_body=True)[0])


@bp.route(f"/articles/<{ID_CONVERTER}:article_id>")
@operation("/articles/{article_id}", summary="One article, with its body", tag="articles",
           ok="Article", params=(path("article_id", ID_SCHEMA, "The article's id."),),
           problems={404: "No such article readers may see.",
                     410: "Withdrawn by the newsroom; reason and withdrawn_at say why."})
def article(args: dict[str, Any], article_id: int) -> Response:
    return _one_article(db.session.get(Article, article_id))


@bp.route("/articles/by-slug/<slug>")
@operation("/articles/by-slug/{slug}", summary="One article by its address's slug",
           tag="articles", ok="Article",
           params=(path("slug", SLUG_SCHEMA, "The slug (an older slug finds it too)."),),
           problems={404: "No such article readers may see.",
                     410: "Withdrawn by the newsroom; reason and withdrawn_at say why."})
def article_by_slug(args: dict[str, Any], slug: str) -> Response:
    found = db.session.scalar(select(Article).where(Article.slug == slug))
    if found is None:
        moved = db.session.get(SlugRedirect, slug)
        found = db.session.get(Article, moved.article_id) if moved else None
    return _one_article(found)


def _rubrik(category: Category, parents: dict[int, str]) -> dict[str, Any]:
    return {**serialize.rubrik_ref(category), "description": category.description,
            "parent": parents.get(category.parent_id) if category.parent_id else None,
            "feed_url": absolute_url("api_feeds.category_feed", slug=category.slug),
            "articles_url": absolute_url("api.articles", rubrik=category.slug)}


def _slugs_by_id() -> dict[int, str]:
    return dict(db.session.execute(select(Category.id, Category.slug)).all())


@bp.route("/rubrik")
@operation("/rubrik", summary="Every rubrik", tag="rubrik", ok="RubrikList")
def rubrik_list(args: dict[str, Any]) -> Response:
    rows = db.session.scalars(select(Category).order_by(Category.position, Category.name))
    parents = _slugs_by_id()
    return _json({"items": [_rubrik(row, parents) for row in rows]})


@bp.route("/rubrik/<slug>")
@operation("/rubrik/{slug}", summary="One rubrik", tag="rubrik", ok="Rubrik",
           params=(path("slug", SLUG_SCHEMA, "The rubrik's slug."),),
           problems={404: "No such rubrik."})
def rubrik(args: dict[str, Any], slug: str) -> Response:
    found = db.first_or_404(select(Category).where(Category.slug == slug))
    return _json(_rubrik(found, _slugs_by_id()))


def _tag(tag: Tag) -> dict[str, Any]:
    return {**serialize.tag_ref(tag),
            "feed_url": absolute_url("api_feeds.tag_feed", slug=tag.slug),
            "articles_url": absolute_url("api.articles", tag=tag.slug)}


def _id_page(query: Any, column: Any, args: dict[str, Any]) -> tuple[list[Any], str | None]:
    """A page of a list cut on ``column`` (an id, ascending), and the next page's cursor."""
    if args["cursor"] is not None:
        query = query.where(column > args["cursor"])
    limit = args["limit"] or DEFAULT_LIMIT
    rows = db.session.scalars(query.order_by(column).limit(limit + 1)).all()
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, serialize.encode_cursor(rows[-1].id)


@bp.route("/tags")
@operation("/tags", summary="Every tag", tag="tags", ok="TagList", params=(ID_CURSOR, LIMIT))
def tags(args: dict[str, Any]) -> Response:
    rows, cursor = _id_page(select(Tag), Tag.id, args)
    return _json({"items": [_tag(row) for row in rows], "next_cursor": cursor,
                  "next": serialize.page_link("api.tags", cursor, limit=args["limit"])})


@bp.route("/tags/<slug>")
@operation("/tags/{slug}", summary="One tag", tag="tags", ok="Tag",
           params=(path("slug", SLUG_SCHEMA, "The tag's slug."),),
           problems={404: "No such tag."})
def tag(args: dict[str, Any], slug: str) -> Response:
    return _json(_tag(db.first_or_404(select(Tag).where(Tag.slug == slug))))


def _published_authors() -> Any:
    return select(User).where(User.id.in_(
        select(Article.author_id).where(visible_filter())))


def _author(user: User) -> dict[str, Any]:
    return {**serialize.author_ref(user),
            "articles_url": absolute_url("api.articles", author=user.id)}


@bp.route("/authors")
@operation("/authors", summary="People who have published", tag="authors", ok="AuthorList",
           params=(ID_CURSOR, LIMIT))
def authors(args: dict[str, Any]) -> Response:
    rows, cursor = _id_page(_published_authors(), User.id, args)
    return _json({"items": [_author(row) for row in rows], "next_cursor": cursor,
                  "next": serialize.page_link("api.authors", cursor, limit=args["limit"])})


@bp.route(f"/authors/<{ID_CONVERTER}:author_id>")
@operation("/authors/{author_id}", summary="One author", tag="authors", ok="Author",
           params=(path("author_id", ID_SCHEMA, "The author's id."),),
           problems={404: "No such author, or one who has not published."})
def author(args: dict[str, Any], author_id: int) -> Response:
    return _json(_author(db.first_or_404(_published_authors().where(User.id == author_id))))


@bp.route("/videos")
@operation("/videos", summary="Articles with a video, newest first", tag="articles",
           ok="ArticleList", params=(CURSOR, LIMIT))
def videos(args: dict[str, Any]) -> Response:
    return _article_list(args, Filters(video=True), "api.videos")


def _pages() -> Any:
    if not is_plugin_loaded("pages"):
        abort(404)
    from plugins.pages.api import Page

    return Page


def _page(row: Any) -> dict[str, Any]:
    return {"id": row.id, "slug": row.slug, "title": row.title,
            "url": absolute_url("pages.page", slug=row.slug),
            "updated_at": serialize.iso(row.updated_at), "body_html": row.body or ""}


@bp.route("/pages")
@operation("/pages", summary="The site's static pages", tag="pages", ok="PageList",
           problems={404: "This site has no pages."})
def pages(args: dict[str, Any]) -> Response:
    model = _pages()
    rows = db.session.scalars(select(model).order_by(model.position, model.title))
    return _json({"items": [_page(row) for row in rows]})


@bp.route("/pages/<slug>")
@operation("/pages/{slug}", summary="One static page", tag="pages", ok="Page",
           params=(path("slug", SLUG_SCHEMA, "The page's slug."),),
           problems={404: "No such page."})
def page(args: dict[str, Any], slug: str) -> Response:
    model = _pages()
    return _json(_page(db.first_or_404(select(model).where(model.slug == slug))))


def _sponsors() -> list[dict[str, Any]]:
    found = []
    for answer in call_hook("api_sponsors"):
        found.extend(answer)
    return [{**sponsor, "articles_url": absolute_url("api.articles", sponsor=sponsor["slug"])}
            for sponsor in found]


@bp.route("/sponsors")
@operation("/sponsors", summary="Sponsors of advertorials, with their public pages",
           tag="sponsors", ok="SponsorList")
def sponsors(args: dict[str, Any]) -> Response:
    return _json({"items": _sponsors()})


@bp.route("/sponsors/<slug>")
@operation("/sponsors/{slug}", summary="One sponsor", tag="sponsors", ok="Sponsor",
           params=(path("slug", SLUG_SCHEMA, "The sponsor's slug."),),
           problems={404: "No such sponsor."})
def sponsor(args: dict[str, Any], slug: str) -> Response:
    found = next((row for row in _sponsors() if row["slug"] == slug), None)
    if found is None:
        abort(404)
    return _json(found)


@bp.route("/search")
@operation("/search", summary="Search, with the same results and facets as /search",
           tag="search", ok="SearchResults",
           params=SEARCH_PARAMS,
           problems={503: "Search is switched off or failing."})
def search(args: dict[str, Any]) -> Response:
    do_not_store()
    service = get_search_service()
    if service is None:
        return problem(503, _("Situs ini tidak memakai pencarian."))
    filters = {facet: value for facet, value in (
        ("category", args["rubrik"]), ("year", args["year"]),
        ("kind", SEARCH_KINDS.get(args["kind"] or "")),
        ("video", "1" if args["video"] else None)) if value}
    try:
        results = service.search(args["q"], filters, args["page"] or 1,
                                 sort=args["sort"] or SORT_RELEVANCE)
    except Exception:
        logger.exception("search failed for %r", args["q"])
        return problem(503, _("Pencarian sedang bermasalah. Coba lagi sebentar lagi."))
    ids = [int(hit.id) for hit in results.hits]
    found = {item.id: item for item in db.session.scalars(
        public_articles().where(Article.id.in_(ids)))} if ids else {}
    hits = [hit for hit in results.hits if int(hit.id) in found]
    shown = serialize.articles([found[int(hit.id)] for hit in hits])
    return _json({
        "query": args["q"], "total": results.total, "page": results.page,
        "suggestion": results.suggestion,
        "facets": {name: dict(counts) for name, counts in results.facets.items()},
        "items": [{**item, "score": round(float(hit.score), 4),
                   "highlights": {k: str(v) for k, v in hit.highlights.items()}}
                  for item, hit in zip(shown, hits, strict=True)],
    })


@bp.route("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document of this site, as its plugins shape it."""
    return _json(document())


@bp.route("/docs")
def docs() -> str:
    """The document as a page for people, rendered by Warta (no script, no CDN)."""
    spec = document()
    return render_template("plugins/api/docs.html", spec=spec,
                           schemas_json={name: json.dumps(schema, indent=2, ensure_ascii=False)
                                         for name, schema in
                                         spec["components"]["schemas"].items()})
