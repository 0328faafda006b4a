"""RSS 2.0 feeds and sitemaps (index, articles in pages of 1,000, Google News)."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, abort, render_template
from sqlalchemy import func, select

from cms.api import absolute_url, cached, db, depends_on, utcnow
from plugins.articles import queries
from plugins.articles.cards import load_feed_items
from plugins.articles.dependencies import rubrik_dep, tag_dep
from plugins.articles.labels import item_labels
from plugins.articles.models import Article, Category, Tag, visible_filter

bp = Blueprint("articles_feeds", __name__)

FEED_SIZE = 20
SITEMAP_SIZE = 1000
NEWS_WINDOW = timedelta(hours=48)


def _xml(text: str) -> Response:
    response = Response(text, mimetype="application/xml")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


def _feed(query, title: str, link: str, self_url: str, tag: str | None = None) -> Response:
    """A feed; one of a rubrik or tag names its ``tag``, the site's own follows every
    change."""
    if tag:
        depends_on(tag)

    def render() -> str:
        if tag:
            depends_on(tag)
        articles = load_feed_items(queries.newest_ids(query, FEED_SIZE))
        return render_template("plugins/articles/feed.xml", articles=articles, title=title,
                               link=link, self_url=self_url,
                               labels=item_labels(articles, "feed"))

    return _xml(cached("feed", self_url, render=render))


@bp.route("/feed.xml")
def feed() -> Response:
    return _feed(queries.public_articles(with_body=True), "", absolute_url("public.home"),
                 absolute_url("articles_feeds.feed"))


@bp.route("/rubrik/<slug>/feed.xml")
def category_feed(slug: str) -> Response:
    found = db.first_or_404(select(Category).where(Category.slug == slug))
    return _feed(queries.in_category(found, with_body=True), found.name,
                 absolute_url("articles.category", slug=slug),
                 absolute_url("articles_feeds.category_feed", slug=slug), rubrik_dep(found.id))


@bp.route("/tag/<slug>/feed.xml")
def tag_feed(slug: str) -> Response:
    found = db.first_or_404(select(Tag).where(Tag.slug == slug))
    return _feed(queries.with_tag(found, with_body=True), f"#{found.name}",
                 absolute_url("articles.tag", slug=slug),
                 absolute_url("articles_feeds.tag_feed", slug=slug), tag_dep(found.id))


def _public_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Article).where(visible_filter()))


@bp.route("/sitemap.xml")
def sitemap_index() -> Response:
    def render() -> str:
        pages = max(1, -(-_public_count() // SITEMAP_SIZE))
        return render_template("plugins/articles/sitemap_index.xml",
                               pages=range(1, pages + 1), lastmod=queries.last_change())

    return _xml(cached("sitemap", render=render))


@bp.route("/sitemap-articles-<int(min=1):number>.xml")
def sitemap_articles(number: int) -> Response:
    def render() -> str:
        rows = db.session.execute(
            select(Article.slug, Article.updated_at).where(visible_filter())
            .order_by(Article.published_at.desc(), Article.id.desc())
            .offset((number - 1) * SITEMAP_SIZE).limit(SITEMAP_SIZE)).all()
        if number > 1 and not rows:
            return ""
        # Every address differs only by its slug: build the rest once, not 1,000 times.
        pattern = absolute_url("articles.article", slug="--slug--")
        return render_template("plugins/articles/sitemap.xml", rows=rows,
                               article_address=pattern.replace("--slug--", "{}").format)

    text = cached("sitemap-articles", number, render=render)
    if not text:
        abort(404)
    return _xml(text)


@bp.route("/sitemap-news.xml")
def sitemap_news() -> Response:
    articles = db.session.scalars(
        queries.public_articles().where(Article.published_at >= utcnow() - NEWS_WINDOW)
        .limit(1000)).all()
    excluded = set(item_labels(articles, "news_sitemap"))
    return _xml(render_template("plugins/articles/sitemap_news.xml",
                                articles=[a for a in articles if a.id not in excluded]))


def sitemap_urls() -> list[str]:
    return [absolute_url("articles_feeds.sitemap_index"),
            absolute_url("articles_feeds.sitemap_news")]
