"""An advertorial carries its label on every surface that lists it, with every built-in
plugin running: HTML listings, feeds and JSON.

The surfaces are not a hand-kept list that a new page can slip past: the test reads the
app's public GET routes from ``app.url_map`` and fails on any route it does not know,
so whoever adds a listing must say here how readers meet an advertorial on it (or why
the route lists no article).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from cms.extensions import db
from cms.models import User
from cms.models.user import utcnow
from plugins.articles import services
from plugins.articles.models import Article
from plugins.redaksi import services as redaksi
from tests.advertorial.conftest import (  # noqa: F401  (fixtures)
    category,
    containers_of,
    make_advertorial,
    make_article,
    make_sponsor,
    sponsor,
    tree,
)

LABEL = "Iklan"  # not the default word, so the label the editor chose is what travels
TITLE = "Kampung Kopi Wonosalam Buka Festival"
SLUG = "kampung-kopi-wonosalam-buka-festival"
PATH = f"/berita/{SLUG}"
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
PLUGINS = ["articles", "advertorial", "youtube", "search", "pages", "redaksi", "wordpress"]

#: Listing surfaces: endpoint → the address to read (``{author}`` is filled in).
HTML_LISTINGS = {
    "public.home": "/",
    "articles.category": "/rubrik/pemerintahan/",
    "articles.tag": "/tag/kopi/",
    "articles.author": "/penulis/{author}/",
    "articles.archive": "/{year}/{month}/",
    "articles.article": "/berita/harga-gabah-naik",  # related and next/previous links
    "youtube.index": "/video/",
    "advertorial.index": "/advertorial/",
    "advertorial.sponsor": "/advertorial/diskominfo-kabupaten-kediri/",
    "search.search_page": "/search?q=kopi",
}
FEEDS = {
    "articles_feeds.feed": "/feed.xml",
    "articles_feeds.category_feed": "/rubrik/pemerintahan/feed.xml",
    "articles_feeds.tag_feed": "/tag/kopi/feed.xml",
}
JSON_LISTINGS = {"search.search_json": "/search.json?q=kopi"}
#: Corrections list articles by title, linking to the correction rather than the article.
CORRECTIONS = {"redaksi.corrections": "/koreksi/", "redaksi.correction": "/koreksi/{correction}"}
#: Public routes that list no article's title, and why.
NOT_LISTINGS = {
    "static", "theme_static", "site_css", "site_logo", "public.favicon", "public.robots",
    "articles.static", "articles_files.uploaded", "advertorial.static", "redaksi.static",
    "search.static", "youtube.static",  # files
    "auth.login", "auth.change_password",  # accounts
    "pages.page", "redaksi.masthead_page",  # one page of the site's own text
    # Addresses only, no titles; the news sitemap leaves advertorials out
    # (tests/advertorial/test_surfaces.py).
    "articles_feeds.sitemap_index", "articles_feeds.sitemap_articles",
    "articles_feeds.sitemap_news",
}
KNOWN = {*HTML_LISTINGS, *FEEDS, *JSON_LISTINGS, *CORRECTIONS, *NOT_LISTINGS}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": PLUGINS, "SEARCH_BACKEND": "whoosh",
            "YOUTUBE_THUMBNAIL_URL": "http://127.0.0.1:9/{video_id}.jpg"}  # offline


def public_get_routes(app) -> set[str]:
    """Endpoints readers can GET: everything outside the newsroom's ``/admin``."""
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if "GET" in (rule.methods or ()) and not rule.rule.startswith("/admin")
            and not rule.rule.startswith("/portal")}


def test_every_public_route_is_known_to_this_test(app):
    unknown = public_get_routes(app) - KNOWN
    assert not unknown, (
        f"new public routes {sorted(unknown)}: add each to a listing table here (and show "
        "an advertorial's label on it) or to NOT_LISTINGS with the reason")


@pytest.fixture
def site(app, make_article, make_advertorial, sponsor, category, editor):  # noqa: F811
    """One news story and one advertorial with a video and a correction, both published
    through the newsroom, in one rubrik, tag and month."""
    now = utcnow()
    news = make_article(author=editor, title="Harga Gabah Naik", category_id=category,
                        tags=["kopi"], body="<p>Harga kopi dan gabah naik.</p>")
    advertorial = make_advertorial(
        sponsor, status="draft", label=LABEL, title=TITLE, category_id=category,
        tags=["kopi"], body=f"<p>Festival kopi di Wonosalam.</p><p>{VIDEO}</p>")
    with app.test_request_context():
        user = db.session.get(User, editor.id)
        services.publish(user, db.session.get(Article, news), now - timedelta(hours=2))
        article = services.publish(user, db.session.get(Article, advertorial),
                                   now - timedelta(hours=1))
        correction = redaksi.add_correction(user, article, "ralat",
                                            "Tanggal festival diperbaiki.")
        published = article.published_at
        return {"author": editor.id, "year": published.year, "month": published.month,
                "correction": correction.id}


def address(template: str, site: dict) -> str:
    return template.format(**site)


@pytest.mark.parametrize("endpoint", sorted(HTML_LISTINGS))
def test_html_listing_labels_the_advertorial(client, site, endpoint):
    response = client.get(address(HTML_LISTINGS[endpoint], site))
    assert response.status_code == 200
    containers = containers_of(response.get_data(as_text=True), PATH)
    assert containers, f"{endpoint} does not list the advertorial"
    for container in containers:
        assert LABEL in container.text, f"{endpoint}: unlabelled {container.text!r}"


@pytest.mark.parametrize("endpoint", sorted(FEEDS))
def test_feed_titles_carry_the_label(client, site, endpoint):
    root = ET.fromstring(client.get(FEEDS[endpoint]).get_data())
    titles = [item.findtext("title") for item in root.iter("item")]
    assert f"[{LABEL}] {TITLE}" in titles


@pytest.mark.parametrize("endpoint", sorted(JSON_LISTINGS))
def test_json_gives_the_label_readers_see(client, site, endpoint):
    hits = client.get(JSON_LISTINGS[endpoint]).get_json()["hits"]
    found = {hit["title"]: hit for hit in hits}
    assert found[TITLE]["advertorial"] is True
    assert found[TITLE]["label"] == LABEL
    assert found["Harga Gabah Naik"]["label"] is None


@pytest.mark.parametrize("endpoint", sorted(CORRECTIONS))
def test_corrections_label_the_advertorial_they_name(client, site, endpoint):
    html = client.get(address(CORRECTIONS[endpoint], site)).get_data(as_text=True)
    mentions = [node for node in tree(html).walk()
                if node.tag in ("li", "h1", "p") and TITLE in node.text
                and not any(child.tag in ("li", "p") for child in node.walk())]
    assert mentions, f"{endpoint} does not name the advertorial"
    for node in mentions:
        assert LABEL in node.text, f"{endpoint}: unlabelled {node.text!r}"
