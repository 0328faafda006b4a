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
PLUGINS = ["articles", "advertorial", "youtube", "search", "pages", "redaksi", "wordpress", "api"]

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
JSON_FEEDS = {
    "api_feeds.feed": "/feed.json",
    "api_feeds.category_feed": "/rubrik/pemerintahan/feed.json",
    "api_feeds.tag_feed": "/tag/kopi/feed.json",
}
#: The read API's answers that list the advertorial: each carries its label.
API_LISTINGS = {
    "api.articles": "/api/v1/articles",
    "api.videos": "/api/v1/videos",
    "api.article": "/api/v1/articles/{advertorial}",
    "api.article_by_slug": f"/api/v1/articles/by-slug/{SLUG}",
    "api.search": "/api/v1/search?q=kopi",
}
#: The read API's other answers: no article in them today; one that appears must be labelled.
API_OTHERS = {
    "api.rubrik_list": "/api/v1/rubrik", "api.rubrik": "/api/v1/rubrik/pemerintahan",
    "api.tags": "/api/v1/tags", "api.tag": "/api/v1/tags/kopi",
    "api.authors": "/api/v1/authors", "api.author": "/api/v1/authors/{author}",
    "api.pages": "/api/v1/pages", "api.sponsors": "/api/v1/sponsors",
    "api.sponsor": "/api/v1/sponsors/diskominfo-kabupaten-kediri",
}
#: Corrections list articles by title, linking to the correction rather than the article.
CORRECTIONS = {"redaksi.corrections": "/koreksi/", "redaksi.correction": "/koreksi/{correction}"}
#: Public routes that list no article's title, and why.
NOT_LISTINGS = {
    "static", "theme_static", "site_css", "site_logo", "public.favicon", "public.robots",
    "articles.static", "articles_files.uploaded", "advertorial.static", "redaksi.static",
    "search.static", "youtube.static",  # files
    "auth.login", "auth.change_password", "auth.two_factor.page", "auth.two_factor_login",
    "recovery.forgot", "recovery.invitation", "recovery.new_password", "recovery.reset",
    # accounts
    "api.page",  # one page of the site's own text
    "api.docs", "api.openapi",  # the API's description
    "pages.page", "redaksi.masthead_page",  # one page of the site's own text
    # Addresses only, no titles; the news sitemap leaves advertorials out
    # (tests/advertorial/test_surfaces.py).
    "articles_feeds.sitemap_index", "articles_feeds.sitemap_articles",
    "articles_feeds.sitemap_news",
}
KNOWN = {*HTML_LISTINGS, *FEEDS, *JSON_LISTINGS, *JSON_FEEDS, *API_LISTINGS, *API_OTHERS,
         *CORRECTIONS, *NOT_LISTINGS}


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
                "correction": correction.id, "advertorial": article.id}


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


def titled(answer) -> list[dict]:
    """Every object in a JSON answer that names the advertorial by its title."""
    if isinstance(answer, list):
        return [found for value in answer for found in titled(value)]
    if not isinstance(answer, dict):
        return []
    here = [answer] if answer.get("title") == TITLE else []
    return here + [found for value in answer.values() for found in titled(value)]


@pytest.mark.parametrize("endpoint", sorted(JSON_FEEDS))
def test_json_feed_items_carry_the_label(client, site, endpoint):
    feed = client.get(JSON_FEEDS[endpoint]).get_json()
    items = {item["_warta"]["id"]: item for item in feed["items"]}
    assert items[site["advertorial"]]["title"] == f"[{LABEL}] {TITLE}"
    assert items[site["advertorial"]]["_warta"]["label"] == LABEL


@pytest.mark.parametrize("endpoint", sorted(API_LISTINGS))
def test_the_read_api_gives_the_label(client, site, endpoint):
    response = client.get(address(API_LISTINGS[endpoint], site))
    assert response.status_code == 200
    found = titled(response.get_json())
    assert found, f"{endpoint} does not list the advertorial"
    assert all(item["label"] == LABEL for item in found), found


@pytest.mark.parametrize("endpoint", sorted(API_OTHERS))
def test_other_api_answers_never_name_it_unlabelled(client, site, endpoint):
    response = client.get(address(API_OTHERS[endpoint], site))
    assert response.status_code == 200
    assert all(item.get("label") == LABEL for item in titled(response.get_json()))


@pytest.mark.parametrize("endpoint", sorted(CORRECTIONS))
def test_corrections_label_the_advertorial_they_name(client, site, endpoint):
    html = client.get(address(CORRECTIONS[endpoint], site)).get_data(as_text=True)
    mentions = [node for node in tree(html).walk()
                if node.tag in ("li", "h1", "p") and TITLE in node.text
                and not any(child.tag in ("li", "p") for child in node.walk())]
    assert mentions, f"{endpoint} does not name the advertorial"
    for node in mentions:
        assert LABEL in node.text, f"{endpoint}: unlabelled {node.text!r}"
