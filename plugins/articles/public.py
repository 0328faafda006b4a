"""Reader-facing pages: article, rubrik, tag, author and month archives, and the view beacon."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_sqlalchemy.pagination import Pagination
from markupsafe import Markup
from sqlalchemy import Row, Select, bindparam, func, select
from sqlalchemy.orm import aliased

from cms.api import (
    User,
    apply_filter,
    call_hook,
    csrf,
    db,
    depends_on,
    limiter,
    page_number,
    remembered,
)
from plugins.articles import frontpage, queries
from plugins.articles.addresses import address
from plugins.articles.cards import Card
from plugins.articles.dependencies import article_dep, author_dep, month_dep, rubrik_dep, tag_dep
from plugins.articles.models import (
    Article,
    Category,
    SlugRedirect,
    Tag,
    visible_filter,
    worked_on,
)
from plugins.articles.viewcount import get_counter, is_bot, reader_key

bp = Blueprint("articles", __name__, static_folder="public_static",
               static_url_path="/_articles")

PAGE_SIZE = 20


def article_url(article: Article, **kwargs) -> str:
    if kwargs:
        return url_for("articles.article", slug=article.slug, **kwargs)
    return address("articles.article", "slug", article.slug)


def category_url(category: Category, **kwargs) -> str:
    if kwargs:
        return url_for("articles.category", slug=category.slug, **kwargs)
    return address("articles.category", "slug", category.slug)


def tag_url(tag: Tag, **kwargs) -> str:
    if kwargs:
        return url_for("articles.tag", slug=tag.slug, **kwargs)
    return address("articles.tag", "slug", tag.slug)


def author_url(author: User, **kwargs) -> str:
    return url_for("articles.author", author_id=author.id, **kwargs)


def body_html(article: Article) -> Markup:
    """The stored (already sanitized) body after plugins' display filters."""
    html = apply_filter("articles_filter_body", article.body or "", context={"article": article})
    return Markup(html)


class CardPagination(Pagination):
    """One page of a listing statement, its items read as cards (see cards.py): the
    statement gives ids and the count, one more reads every card at once."""

    def _query_items(self) -> list[Card]:
        return queries.listed_cards(self._query_args["select"], self.per_page,
                                    (self.page - 1) * self.per_page)

    def _query_count(self) -> int:
        ids = self._query_args["select"].with_only_columns(Article.id).order_by(None)
        return db.session.scalar(select(func.count()).select_from(ids.subquery()))


class ListingPage:
    """One page of a listing, read from the database only if the template asks for more
    than its number: a cached fragment (``{% fragment %}``) then costs no query. What
    shows it depends on the listing's dependency tag ``shows`` alone."""

    def __init__(self, query_of: Callable[[], Select], number: int, shows: str) -> None:
        self.query_of = query_of
        self.page = number
        self.shows = shows
        self._loaded: Pagination | None = None

    def __getattr__(self, name: str) -> Any:
        if self._loaded is None:
            depends_on(self.shows)
            self._loaded = CardPagination(page=self.page, per_page=PAGE_SIZE,
                                          error_out=False, select=self.query_of())
        return getattr(self._loaded, name)


def _listing(query_of: Callable[[], Select], shows: str, template: str, **context) -> str:
    """A listing page; ``query_of`` builds its statement, only if the page needs it. The
    page changes when an article in it does, which moves the dependency tag ``shows``."""
    depends_on(shows)
    number = page_number()
    if number > 1 and db.session.scalar(
            query_of().with_only_columns(Article.id).offset((number - 1) * PAGE_SIZE).limit(1)
    ) is None:
        abort(404)
    return render_template(template, page=ListingPage(query_of, number, shows), **context)


_PARENT = aliased(Category)

#: What a rubrik's or tag's page shows of it, by slug (a rubrik's parent for its
#: breadcrumb); built once.
_NAMED = {
    Category: select(Category.id, Category.name, Category.slug, Category.description,
                     _PARENT.name.label("parent_name"), _PARENT.slug.label("parent_slug"))
    .outerjoin(_PARENT, _PARENT.id == Category.parent_id)
    .where(Category.slug == bindparam("slug")),
    Tag: select(Tag.id, Tag.name, Tag.slug).where(Tag.slug == bindparam("slug")),
}


def _named(model: type[Category] | type[Tag], slug: str) -> Row:
    """A rubrik or tag by slug as a plain row, else 404. Read outside the session (no
    objects to build, no transaction for a page its fragments answer), and remembered by
    each process until content changes."""

    def find() -> Row | None:
        depends_on()  # rubrik and tags change only with edits that empty every cache
        with db.engine.connect() as connection:
            return connection.execute(_NAMED[model], {"slug": slug}).first()

    found = remembered(f"named.{model.__name__}", slug, compute=find)
    if found is None:
        abort(404)
    return found


@bp.route("/berita/<slug>")
def article(slug: str):
    item = queries.public_article(slug)
    if item is None:
        moved = db.session.get(SlugRedirect, slug)
        if moved is not None:
            target = db.session.get(Article, moved.article_id)
            if target is not None and target.is_public:
                return redirect(article_url(target), code=301)
        hidden = db.session.scalar(select(Article).where(Article.slug == slug))
        answers = call_hook("articles_missing", slug=slug, article=hidden)
        if answers:
            return answers[0]
        abort(404)
    depends_on(article_dep(item.id))
    return render_template("plugins/articles/article.html", article=item, preview=False)


@bp.route("/rubrik/<slug>/")
def category(slug: str):
    found = _named(Category, slug)
    pins = frontpage.Pins(frontpage.rubrik_key(found.id))
    return _listing(lambda: pins.left_out_of(queries.in_category(found)), rubrik_dep(found.id),
                    "plugins/articles/listing.html", pins=pins,
                    heading=found.name, kind="category", category=found,
                    feed=url_for("articles_feeds.category_feed", slug=found.slug))


@bp.route("/tag/<slug>/")
def tag(slug: str):
    found = _named(Tag, slug)
    return _listing(lambda: queries.with_tag(found), tag_dep(found.id),
                    "plugins/articles/listing.html",
                    heading=f"#{found.name}", kind="tag", tag=found,
                    feed=url_for("articles_feeds.tag_feed", slug=found.slug))


@bp.route("/penulis/<int:author_id>/")
def author(author_id: int):
    person = db.get_or_404(User, author_id)
    if db.session.scalar(select(Article.id).where(worked_on(person.id),
                                                  visible_filter()).limit(1)) is None:
        abort(404)  # only people who have published have a public page
    return _listing(lambda: queries.by_author(person), author_dep(person.id),
                    "plugins/articles/listing.html",
                    heading=person.name,
                    kind="author", author=person)


@bp.route("/<int(min=1900, max=2999):year>/<int(min=1, max=12):month>/")
def archive(year: int, month: int):
    heading = format_date(date(year, month, 1), "MMMM yyyy")
    return _listing(lambda: queries.in_month(year, month), month_dep(year, month),
                    "plugins/articles/listing.html",
                    heading=heading, kind="archive", year=year, month=month)


def _view_limit() -> str:
    return current_app.config.get("ARTICLES_VIEW_RATE_LIMIT", "300 per minute")


def _view_limit_per_article() -> str:
    return current_app.config.get("ARTICLES_VIEW_RATE_LIMIT_PER_ARTICLE", "10 per hour")


def _address_and_article() -> str:
    """One address counts an article a few times an hour, whatever browser it claims."""
    return f"{request.remote_addr}|{(request.view_args or {}).get('article_id')}"


@bp.route("/_view/<int:article_id>", methods=["POST"])
@csrf.exempt  # a counter, not a change anyone could abuse beyond inflating one number
@limiter.limit(_view_limit)
@limiter.limit(_view_limit_per_article, key_func=_address_and_article)
def view_beacon(article_id: int) -> Response:
    """Count a reader's view; bots are answered the same and not counted (see viewcount)."""
    user_agent = request.headers.get("User-Agent")
    if not is_bot(user_agent):
        get_counter(current_app._get_current_object()).record(
            article_id, reader_key(request.remote_addr, user_agent))
    return Response(status=204)
