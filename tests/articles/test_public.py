"""What readers see: pages, archives, feeds, sitemaps, metadata, and what they never see."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from cms.extensions import db
from cms.models.user import utcnow
from plugins.articles.models import Article
from tests.articles.conftest import count_queries, load

RSS_NS = {"atom": "http://www.w3.org/2005/Atom"}
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
              "news": "http://www.google.com/schemas/sitemap-news/0.9"}


@pytest.fixture
def newsroom(make_article, make_user, category):
    """Two public articles, one draft, one scheduled, one archived, in one rubrik."""
    author = make_user(role="journalist", name="Sri Wartawati")
    ids = {
        "old": make_article(author=author, status="published", title="Panen Raya di Gurah",
                            category_id=category, tags=["panen", "Gurah"], byline="sw",
                            published_at=utcnow() - timedelta(days=3)),
        "new": make_article(author=author, status="published", title="Banjir di Kras",
                            category_id=category, tags=["banjir"], dateline="Kediri",
                            published_at=utcnow() - timedelta(hours=2)),
        "draft": make_article(author=author, title="Draf Rahasia Redaksi", category_id=category,
                              tags=["panen"]),
        "scheduled": make_article(author=author, status="scheduled", title="Berita Besok Pagi",
                                  category_id=category, tags=["panen"],
                                  published_at=utcnow() + timedelta(days=1)),
        "archived": make_article(author=author, status="archived", title="Berita Lama Diarsip",
                                 category_id=category),
    }
    return ids | {"author": author.id}


HIDDEN = ("Draf Rahasia Redaksi", "Berita Besok Pagi", "Berita Lama Diarsip")
SURFACES = {  # path: a public article that must be there
    "/": "Banjir di Kras", "/rubrik/pemerintahan/": "Banjir di Kras",
    "/tag/panen/": "Panen Raya di Gurah", "/feed.xml": "Banjir di Kras",
    "/rubrik/pemerintahan/feed.xml": "Banjir di Kras", "/tag/panen/feed.xml": "Panen Raya",
    "/sitemap-articles-1.xml": "banjir-di-kras", "/sitemap-news.xml": "Banjir di Kras",
}


@pytest.mark.parametrize("path", SURFACES)
def test_drafts_scheduled_and_archived_never_appear(client, newsroom, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert SURFACES[path] in body
    for title in HIDDEN:
        assert title not in body
        assert title.lower().replace(" ", "-") not in body


def test_hidden_articles_are_404_by_address(app, client, newsroom):
    for key in ("draft", "scheduled", "archived"):
        assert client.get(f"/berita/{load(app, newsroom[key]).slug}").status_code == 404


def test_article_page_has_everything_a_reader_expects(app, client, newsroom):
    page = client.get("/berita/banjir-di-kras").get_data(as_text=True)
    assert '<link rel="canonical" href="http://localhost/berita/banjir-di-kras">' in page
    assert 'property="og:title" content="Banjir di Kras"' in page
    assert 'name="twitter:card"' in page
    for share in ("https://wa.me/?text=", "facebook.com/sharer", "twitter.com/intent/tweet",
                  "t.me/share/url"):
        assert share in page
    assert "Sri Wartawati" in page and "/penulis/" in page
    assert "WIB" in page
    assert 'rel="prev" href="/berita/panen-raya-di-gurah"' in page  # the older article
    assert "Berita terkait" in page and "Panen Raya di Gurah" in page


def test_news_article_json_ld_is_valid(client, newsroom):
    page = client.get("/berita/banjir-di-kras").get_data(as_text=True)
    block = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Banjir di Kras"
    assert data["author"]["name"] == "Sri Wartawati"
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["datePublished"].endswith("Z") and data["dateModified"]
    assert data["mainEntityOfPage"] == "http://localhost/berita/banjir-di-kras"


def test_site_url_setting_makes_canonical_links_independent_of_host(make_app, newsroom):
    app = make_app(PLUGINS=["articles"], SITE_URL="https://kabarkediri.example")
    page = app.test_client().get("/berita/banjir-di-kras",
                                 headers={"Host": "evil.example"}).get_data(as_text=True)
    assert 'href="https://kabarkediri.example/berita/banjir-di-kras"' in page
    assert "evil.example/berita" not in page


def test_rss_feed_is_valid_and_newest_first(client, newsroom):
    root = ET.fromstring(client.get("/feed.xml").data)
    items = root.findall("channel/item")
    assert [i.findtext("title") for i in items] == ["Banjir di Kras", "Panen Raya di Gurah"]
    assert items[0].findtext("link") == "http://localhost/berita/banjir-di-kras"
    assert items[0].findtext("pubDate").endswith("+0000")
    assert root.find("channel/atom:link", RSS_NS).get("rel") == "self"


def test_feed_holds_at_most_twenty(app, client, make_article):
    for number in range(23):
        make_article(status="published", title=f"Berita ke-{number}")
    assert len(ET.fromstring(client.get("/feed.xml").data).findall("channel/item")) == 20


def test_sitemaps_list_every_public_article(app, client, newsroom):
    index = ET.fromstring(client.get("/sitemap.xml").data)
    locations = [e.text for e in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert locations == ["http://localhost/sitemap-articles-1.xml"]
    urls = ET.fromstring(client.get("/sitemap-articles-1.xml").data)
    listed = {e.text for e in urls.findall("s:url/s:loc", SITEMAP_NS)}
    assert listed == {"http://localhost/berita/banjir-di-kras",
                      "http://localhost/berita/panen-raya-di-gurah"}
    assert client.get("/sitemap-articles-2.xml").status_code == 404


def test_sitemap_pages_at_a_thousand(app, client, monkeypatch, make_article):
    from plugins.articles import feeds

    monkeypatch.setattr(feeds, "SITEMAP_SIZE", 2)
    for number in range(5):
        make_article(status="published", title=f"Kabar {number}")
    index = ET.fromstring(client.get("/sitemap.xml").data)
    assert len(index.findall("s:sitemap", SITEMAP_NS)) == 3
    pages = [ET.fromstring(client.get(f"/sitemap-articles-{n}.xml").data) for n in (1, 2, 3)]
    assert sum(len(p.findall("s:url", SITEMAP_NS)) for p in pages) == 5


def test_news_sitemap_holds_only_the_last_48_hours(client, newsroom):
    news = ET.fromstring(client.get("/sitemap-news.xml").data)
    titles = [e.text for e in news.findall("s:url/news:news/news:title", SITEMAP_NS)]
    assert titles == ["Banjir di Kras"]


def test_robots_txt_announces_sitemaps(client):
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in robots
    assert "Disallow: /admin/" in robots


def test_category_tag_author_and_month_pages(app, client, newsroom):
    assert "Banjir di Kras" in client.get("/rubrik/pemerintahan/").get_data(as_text=True)
    tag_page = client.get("/tag/panen/").get_data(as_text=True)
    assert "Panen Raya di Gurah" in tag_page and "Banjir di Kras" not in tag_page
    author = client.get(f"/penulis/{newsroom['author']}/").get_data(as_text=True)
    assert "Sri Wartawati" in author and "Banjir di Kras" in author
    published = load(app, newsroom["new"]).published_at
    month = client.get(f"/{published.year}/{published.month:02d}/")
    assert month.status_code == 200 and "Banjir di Kras" in month.get_data(as_text=True)


@pytest.mark.parametrize("path", [
    "/rubrik/tidak-ada/", "/tag/tidak-ada/", "/penulis/999999/", "/1899/01/", "/2024/13/",
    "/2024/00/", "/rubrik/pemerintahan/?page=999", "/rubrik/pemerintahan/?page=-1",
    "/berita/%ff", "/sitemap-articles-0.xml", "/rubrik/tidak-ada/feed.xml",
    "/tag/%00/", "/rubrik/a%00b/", "/berita/%00", "/tag/a%00/feed.xml",
    "/sitemap-articles-99999999999999999999999.xml",
    "/rubrik/pemerintahan/?page=99999999999999999999",
])
def test_bad_listing_addresses_are_404(client, newsroom, path):
    assert client.get(path).status_code == 404


def test_listing_pages_are_paginated(client, make_article, category):
    for number in range(25):
        make_article(status="published", title=f"Kabar Nomor {number}", category_id=category)
    first = client.get("/rubrik/pemerintahan/").get_data(as_text=True)
    second = client.get("/rubrik/pemerintahan/?page=2").get_data(as_text=True)
    assert first.count('class="card card--normal"') == 20
    assert second.count('class="card card--normal"') == 5
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_people_without_public_articles_have_no_author_page(client, make_user):
    assert client.get(f"/penulis/{make_user(role='editor').id}/").status_code == 404


def test_public_pages_answer_304_when_unchanged(client, newsroom):
    first = client.get("/berita/banjir-di-kras")
    assert first.headers["Cache-Control"] == "public, max-age=60"
    etag = first.headers["ETag"]
    again = client.get("/berita/banjir-di-kras", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    through_proxy = client.get("/berita/banjir-di-kras", headers={"If-None-Match": f"W/{etag}"})
    assert through_proxy.status_code == 304
    older = client.get("/berita/banjir-di-kras", headers={"If-None-Match": '"lama", "usang"'})
    assert older.status_code == 200 and older.data == first.data


def test_pages_for_logged_in_people_are_private(app, client, newsroom, make_user):
    from tests.articles.conftest import login_as

    editor = login_as(app, make_user(role="editor"))
    response = editor.get("/berita/banjir-di-kras")
    assert "private" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers


def test_views_are_counted_in_batches_and_rank_most_read(app, client, newsroom):
    from plugins.articles.viewcount import get_counter

    for reader in range(3):
        assert client.post(f"/_view/{newsroom['old']}",
                           environ_base={"REMOTE_ADDR": f"10.0.0.{reader}"}).status_code == 204
    client.post(f"/_view/{newsroom['new']}")
    counter = get_counter(app)
    assert counter.pending() == 4
    assert "Terpopuler" not in client.get("/").get_data(as_text=True)  # nothing written yet
    assert counter.flush() == 4
    home = client.get("/").get_data(as_text=True)
    ranked = home.split("Terpopuler")[1]
    assert ranked.index("Panen Raya di Gurah") < ranked.index("Banjir di Kras")


@pytest.mark.parametrize("path", ["/", "/rubrik/pemerintahan/", "/tag/panen/", "/feed.xml",
                                  "/berita/banjir-di-kras", "/sitemap-articles-1.xml"])
def test_queries_per_page_do_not_grow_with_articles(app, client, newsroom, make_article,
                                                    category, path):
    client.get(path)  # warm up settings caches
    before = count_queries(app, path, client)
    for number in range(12):
        make_article(status="published", title=f"Tambahan {number}", category_id=category,
                     tags=["panen"], published_at=utcnow() - timedelta(days=5, minutes=number))
    after = count_queries(app, path, client)
    assert after <= before, f"{path}: {before} queries before, {after} after"
    assert after <= 15


def test_archive_of_an_empty_month_is_friendly(client):
    response = client.get("/2001/02/")
    assert response.status_code == 200
    assert "Belum ada berita" in response.get_data(as_text=True)


def test_article_count_is_what_the_fixture_made(app, newsroom):
    with app.app_context():
        assert db.session.query(Article).count() == 5


def test_page_cache_serves_readers_and_forgets_on_publish(make_app, make_user, category):
    from tests.articles.conftest import login_as

    app = make_app(PLUGINS=["articles"], PAGE_CACHE=True)
    reader = app.test_client()
    first = reader.get("/").get_data(as_text=True)
    editor = login_as(app, make_user(role="editor"))
    created = editor.post("/admin/articles/new", data={
        "title": "Kabar Segar dari Pare", "body": "<p>x</p>", "category_id": str(category),
        "action": "publish"})
    assert created.status_code == 302
    after = reader.get("/").get_data(as_text=True)
    assert "Kabar Segar dari Pare" not in first
    assert "Kabar Segar dari Pare" in after  # publishing emptied the cache


def test_page_cache_really_serves_stored_pages(make_app, monkeypatch):
    from plugins.articles import queries

    app = make_app(PLUGINS=["articles"], PAGE_CACHE=True)
    reader = app.test_client()
    calls = []
    original = queries.home_page
    monkeypatch.setattr(queries, "home_page", lambda: calls.append(1) or original())
    with app.app_context():
        app.jinja_env.globals["home_page"] = queries.home_page
    reader.get("/")
    reader.get("/")
    reader.get("/?lang=en")
    assert len(calls) == 2  # the second plain visit came from the cache


def test_logged_in_people_bypass_the_page_cache(make_app, make_user):
    from tests.articles.conftest import login_as

    app = make_app(PLUGINS=["articles"], PAGE_CACHE=True)
    app.test_client().get("/")
    editor = login_as(app, make_user(role="editor", name="Redaktur Malam"))
    assert "Redaktur Malam" in editor.get("/admin/").get_data(as_text=True)
    assert "private" in editor.get("/").headers["Cache-Control"]


def test_a_value_the_database_refuses_is_a_400_page(app, make_user, category, database_url):
    """PostgreSQL refuses NUL bytes in text where SQLite keeps them: a journalist who
    pastes one gets a clear page (the editor keeps the text in the browser), not a crash."""
    from tests.articles.conftest import login_as

    editor = login_as(app, make_user(role="editor"))
    response = editor.post("/admin/articles/new", data={
        "title": "Judul\x00Rusak", "body": "<p>x</p>", "category_id": str(category),
        "action": "save"})
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    if database_url.startswith("postgresql"):
        assert response.status_code == 400
        assert "tidak bisa disimpan" in body
    else:
        assert response.status_code == 302
