"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) beside each RSS feed: the site's,
a rubrik's and a tag's, with labels and authors.

Built from the articles API like ``/feed.xml`` and cached the same way (one text per
content generation); an advertorial's item carries its label in the title, as in RSS,
and in ``tags`` and the ``_warta`` extension with its sponsor.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, request, url_for
from markupsafe import Markup
from sqlalchemy import Select, select

from cms.api import absolute_url, cached, db, site_settings
from plugins.api import serialize
from plugins.articles.api import Category, Tag, in_category, public_articles, with_tag

bp = Blueprint("api_feeds", __name__)

FEED_SIZE = 20
MEDIA_TYPE = "application/feed+json"
VERSION = "https://jsonfeed.org/version/1.1"


def _item(article: dict[str, Any], label: str | None) -> dict[str, Any]:
    title = f"[{label}] {article['title']}" if label else article["title"]
    item: dict[str, Any] = {
        "id": article["url"],
        "url": article["url"],
        "title": title,
        "content_html": article["body_html"],
        "summary": article["lead"],
        "date_published": article["published_at"],
        "date_modified": article["updated_at"],
        "authors": [{"name": article["author"]["name"], "url": article["author"]["url"]}]
        if article["author"] else [],
        "tags": [*([label] if label else []), *(tag["name"] for tag in article["tags"])],
        "_warta": {"id": article["id"], "label": label, "api_url": article["api_url"],
                   **{key: article[key] for key in ("advertorial", "video")
                      if key in article}},
    }
    if article["image"]:
        item["image"] = article["image"]["url"]
    return item


def _feed(query: Select, title: str, home: str, self_url: str) -> Response:
    def render() -> str:
        items = db.session.scalars(query.limit(FEED_SIZE)).all()
        shown = serialize.articles(items, with_body=True)
        site = site_settings()
        feed = {
            "version": VERSION,
            "title": f"{title} · {site['site_name']}" if title else site["site_name"],
            "home_page_url": home,
            "feed_url": self_url,
            "description": site.get("tagline", ""),
            "language": site.get("language", "id"),
            "items": [_item(article, article["label"]) for article in shown],
        }
        return json.dumps(feed, ensure_ascii=False)

    response = Response(cached("jsonfeed", self_url, render=render), mimetype=MEDIA_TYPE)
    response.cache_control.public = True
    response.cache_control.max_age = 300
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/feed.json")
def feed() -> Response:
    return _feed(public_articles(with_body=True), "", absolute_url("public.home"),
                 absolute_url("api_feeds.feed"))


@bp.route("/rubrik/<slug>/feed.json")
def category_feed(slug: str) -> Response:
    found = db.first_or_404(select(Category).where(Category.slug == slug))
    return _feed(in_category(found, with_body=True), found.name,
                 absolute_url("articles.category", slug=slug),
                 absolute_url("api_feeds.category_feed", slug=slug))


@bp.route("/tag/<slug>/feed.json")
def tag_feed(slug: str) -> Response:
    found = db.first_or_404(select(Tag).where(Tag.slug == slug))
    return _feed(with_tag(found, with_body=True), f"#{found.name}",
                 absolute_url("articles.tag", slug=slug),
                 absolute_url("api_feeds.tag_feed", slug=slug))



#: Readers' pages that have a feed, and the JSON Feed's endpoint for each.
FEED_OF_PAGE = {"public.home": "api_feeds.feed", "articles.category": "api_feeds.category_feed",
                "articles.tag": "api_feeds.tag_feed"}


def head_link() -> Markup | None:
    """``<link rel="alternate">`` to the page's JSON Feed, beside the RSS one (slot ``head``)."""
    endpoint = FEED_OF_PAGE.get(request.endpoint or "")
    if endpoint is None:
        return None
    return Markup('<link rel="alternate" type="{}" href="{}">').format(
        MEDIA_TYPE, url_for(endpoint, **(request.view_args or {})))
