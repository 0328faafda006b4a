"""Old WordPress addresses answering 301 to their new pages: one primary-key lookup each.

Two ways in: an address nothing else answers (the core's ``warta_not_found``), and the
front page with one of WordPress's query keys (``/?p=12``), which the home page would
otherwise show. Targets are resolved when asked, so a later slug change is followed.
"""

from __future__ import annotations

from flask import Blueprint, Response, redirect, request, url_for
from sqlalchemy import select

from cms.api import User, db, is_plugin_loaded, utcnow
from plugins.articles.api import Article, Category, Media, Tag, public_at, url_for_media
from plugins.wordpress.items import QUERY_KEYS, redirect_key
from plugins.wordpress.models import WordpressRedirect


def target_url(kind: str, target_id: int) -> str | None:
    """Where an old address of ``kind`` now leads, or None when its target is gone."""
    if kind == "article":  # a draft's old address must not reveal its new one
        article = db.session.get(Article, target_id)
        if article is None or not public_at(article, utcnow()):
            return None
        return url_for("articles.article", slug=article.slug)
    if kind == "page":
        if not is_plugin_loaded("pages"):
            return None
        from plugins.pages.api import url_for_page

        return url_for_page(target_id)
    if kind in ("category", "tag"):
        model = Category if kind == "category" else Tag
        slug = db.session.scalar(select(model.slug).where(model.id == target_id))
        return url_for(f"articles.{kind}", slug=slug) if slug else None
    if kind == "author":
        found = db.session.get(User, target_id) is not None
        return url_for("articles.author", author_id=target_id) if found else None
    if kind == "media":
        media = db.session.get(Media, target_id)
        return url_for_media(media.path) if media is not None else None
    if kind == "feed":
        return url_for("articles_feeds.feed")
    return None


def answer(key: str) -> Response | None:
    """The 301 for the old address ``key`` (see :func:`redirect_key`), or None."""
    row = db.session.get(WordpressRedirect, key)
    if row is None:
        return None
    url = target_url(row.kind, row.target_id)
    return redirect(url, code=301) if url else None


def not_found(path: str) -> Response | None:
    """``warta_not_found``: an old permalink, rubrik, tag, author or feed address."""
    return answer(redirect_key(path))


def front_page_query() -> Response | None:
    """Before the home page answers: ``/?p=12``, ``/?page_id=3``, ``/?cat=5`` and the like.

    Only the front page with one of WordPress's keys costs a lookup; any other request
    returns at the first test.
    """
    if request.path != "/" or request.method not in ("GET", "HEAD") or not any(
            key in request.args for key in QUERY_KEYS):
        return None
    return answer(redirect_key(request.full_path))


#: Registers the front-page check on the site; the plugin adds it in ``setup``.
bp = Blueprint("wordpress", __name__)
bp.before_app_request(front_page_query)
