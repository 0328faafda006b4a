"""Reader-facing article pages and the queries themes use to list articles."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from cms.extensions import db
from cms.hooks import apply_filter
from plugins.articles.models import Article, SlugRedirect, visible_filter

bp = Blueprint("articles", __name__)


def latest_articles(limit: int = 10) -> list[Article]:
    """Newest articles readers may see, for themes and other plugins' blocks."""
    return db.session.scalars(
        select(Article).where(visible_filter())
        .options(selectinload(Article.category), selectinload(Article.image),
                 selectinload(Article.author))
        .order_by(Article.published_at.desc()).limit(limit)
    ).all()


def article_url(article: Article, **kwargs) -> str:
    return url_for("articles.article", slug=article.slug, **kwargs)


def body_html(article: Article) -> Markup:
    """The stored (already sanitized) body after plugins' display filters, with the byline."""
    html = apply_filter("articles_filter_body", article.body or "", context={"article": article})
    return Markup(html)


@bp.route("/berita/<slug>")
def article(slug: str):
    item = db.session.scalar(select(Article).where(Article.slug == slug, visible_filter()))
    if item is None:
        moved = db.session.get(SlugRedirect, slug)
        if moved is not None:
            target = db.session.get(Article, moved.article_id)
            if target is not None and target.is_public:
                return redirect(article_url(target), code=301)
        abort(404)
    return render_template("plugins/articles/article.html", article=item, preview=False)


def latest_block() -> Markup:
    """The home page's latest-news block (themes may place their own instead)."""
    return Markup(render_template("plugins/articles/latest_block.html",
                                  articles=latest_articles(10)))
