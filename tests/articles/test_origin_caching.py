"""Readers' pages behind a reverse proxy, with the caches on: however a request that comes
first names another host, scheme or port, the next reader sees only the site's address.

Each attack reaches a page nobody has asked for yet (the moment a stored page is made),
then a reader asks for it the way the proxy forwards real readers. The site runs with
``SITE_URL`` (every address comes from it) and without (addresses follow the request,
and every cache keeps each origin's pages apart).
"""

from __future__ import annotations

import pytest

from cms.extensions import db
from plugins.articles.models import Article, Media

SITE = "https://kabarkediri.example"
#: How the proxy (at 127.0.0.1, trusted by default) forwards a real reader.
READER = {"Host": "127.0.0.1:8000", "X-Forwarded-Host": "kabarkediri.example",
          "X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.20"}
ATTACKS = {
    # The proxy passes on what the client sent (a proxy that does not set each header).
    "forwarded host": ({**READER, "X-Forwarded-Host": "evil.example"}, "127.0.0.1"),
    "forwarded scheme and port": ({**READER, "X-Forwarded-Proto": "http",
                                   "X-Forwarded-Host": "kabarkediri.example:8443",
                                   "X-Forwarded-Port": "8443"}, "127.0.0.1"),
    # A client that reaches the app without the proxy.
    "direct with forwarded headers": ({"Host": "127.0.0.1:8000",
                                       "X-Forwarded-Host": "evil.example",
                                       "X-Forwarded-Proto": "http"}, "203.0.113.66"),
    "direct with another host": ({"Host": "evil.example:8443"}, "203.0.113.66"),
}
#: What no reader's page may contain after an attack.
FOREIGN = ("evil.example", "http://kabarkediri.example", "kabarkediri.example:8443")
PATHS = ("/", "/berita/{slug}", "/rubrik/pemerintahan/", "/tag/banjir/", "/feed.xml",
         "/rubrik/pemerintahan/feed.xml", "/tag/banjir/feed.xml", "/sitemap.xml",
         "/sitemap-articles-1.xml", "/sitemap-news.xml", "/robots.txt")
#: Pages that hold absolute addresses, so the reader's must show the site's.
WITH_ADDRESSES = {"/berita/{slug}", "/feed.xml", "/rubrik/pemerintahan/feed.xml",
                  "/tag/banjir/feed.xml", "/sitemap.xml", "/sitemap-articles-1.xml",
                  "/sitemap-news.xml", "/robots.txt"}


@pytest.fixture(params=["site_url", "no_site_url", "fragments_only"])
def app_config(request, app_config):
    settings = {"PROXY_FIX": True, "PAGE_CACHE": True, "FRAGMENT_CACHE": True}
    if request.param == "site_url":
        settings["SITE_URL"] = SITE
    if request.param == "fragments_only":
        settings["PAGE_CACHE"] = False
    return {**app_config, **settings}


@pytest.fixture
def slug(app, category, make_article):
    """A published article with a rubrik, a tag and a picture (og:image is absolute too)."""
    with app.app_context():
        picture = Media(path="2026/12/0123456789abcdef.jpg", width=1200, height=800,
                        format="jpeg", size_bytes=1000)
        db.session.add(picture)
        db.session.commit()
        picture_id = picture.id
    article_id = make_article(status="published", title="Banjir di Kras", category_id=category,
                              tags=["banjir"], image_id=picture_id)
    with app.app_context():
        return db.session.get(Article, article_id).slug


@pytest.mark.parametrize("attack", ATTACKS)
def test_an_attack_first_leaves_readers_only_the_sites_address(app, slug, attack):
    headers, address = ATTACKS[attack]
    client = app.test_client()
    for template in PATHS:
        path = template.format(slug=slug)
        first = client.get(path, headers=headers, environ_base={"REMOTE_ADDR": address})
        assert first.status_code == 200, path
        if app.config["SITE_URL"]:  # even the attacker's own answer names only the site
            assert not [text for text in FOREIGN if text in first.get_data(as_text=True)]
        reader = client.get(path, headers=READER)
        assert reader.status_code == 200, path
        page = reader.get_data(as_text=True)
        assert [text for text in FOREIGN if text in page] == [], (path, page)
        if template in WITH_ADDRESSES:
            assert SITE in page, path
    article = client.get(f"/berita/{slug}", headers=READER).get_data(as_text=True)
    assert f'<meta property="og:image" content="{SITE}/uploads/2026/12/' in article


def test_the_reader_is_answered_from_the_store(app, slug):
    """The reader's second visit is a stored page: the attack did not just miss the cache."""
    if not app.config["PAGE_CACHE"]:
        pytest.skip("no page cache in this configuration")
    client = app.test_client()
    path = f"/berita/{slug}"
    client.get(path, headers=ATTACKS["forwarded host"][0])
    first = client.get(path, headers=READER)
    with app.app_context():
        db.session.execute(db.update(Article).values(title="Judul Diubah Diam-diam"))
        db.session.commit()
    again = client.get(path, headers=READER).get_data(as_text=True)
    assert again == first.get_data(as_text=True)
    assert "Judul Diubah Diam-diam" not in again
