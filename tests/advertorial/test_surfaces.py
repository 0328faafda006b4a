"""The label travels with an advertorial to every surface readers meet, in every shipped
theme: cards on the home page, rubrik, tag and related listings, the ranked "most read"
list, the article page (title, Open Graph, Twitter, heading, JSON-LD, disclosure), feeds,
and the Google News sitemap, which leaves it out.

The themes are read from the themes folder, so a new shipped theme is checked too: a
theme that drops the label from any listing template fails here.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from cms.config import DefaultConfig
from cms.extensions import db
from cms.models.user import utcnow
from cms.plugin_settings import save_plugin_settings
from cms.themes import discover_themes
from plugins.articles.models import Article, ViewCount
from tests.advertorial.conftest import DISCLOSURE, SPONSOR_NAME, SPONSOR_SITE, containers_of, tree
from tests.articles.conftest import count_queries

THEMES = sorted(discover_themes(DefaultConfig.THEMES_FOLDER)[0])
LABEL = "Iklan"  # not the default, so the chosen word is what travels
TITLE = "Pemkab Kediri Bina KIM Desa Mlancu"
SLUG = "pemkab-kediri-bina-kim-desa-mlancu"
PATH = f"/berita/{SLUG}"
BODY = ('<p>Materi lengkap ada di <a href="https://www.youtube.com/@pemkabkediri">kanal '
        'YouTube Pemkab Kediri</a> dan <a href="https://kedirikab.go.id/kim" rel="nofollow">'
        'situs Pemkab</a>.</p><p>Baca juga <a href="/rubrik/pemerintahan/">rubrik kami</a> '
        'dan <a href="http://localhost/berita/lain">berita lain</a>.</p>')


@pytest.fixture(params=THEMES)
def app_config(app_config, request):
    return {**app_config, "THEME": request.param}


@pytest.fixture
def newsroom(app, make_article, make_advertorial, sponsor, category, editor):
    """Two news stories around one advertorial (the newest), all in one rubrik and tag."""
    now = utcnow()
    ids = {
        "older": make_article(author=editor, status="published", title="Harga Gabah Naik",
                              category_id=category, tags=["kim"],
                              published_at=now - timedelta(hours=3)),
        "news": make_article(author=editor, status="published", title="Banjir di Kras",
                             category_id=category, tags=["kim"],
                             published_at=now - timedelta(hours=2)),
        "advertorial": make_advertorial(sponsor, label=LABEL, title=TITLE, body=BODY,
                                        byline="bsr1", category_id=category, tags=["kim"],
                                        published_at=now - timedelta(hours=1)),
    }
    return ids


def assert_labelled_everywhere(html: str, at_least: int) -> None:
    containers = containers_of(html, PATH)
    assert len(containers) >= at_least, f"the advertorial shows {len(containers)} times"
    for container in containers:
        assert LABEL in container.text, f"an unlabelled <{container.tag}>: {container.text!r}"


def test_home_labels_every_card_and_keeps_it_out_of_headline(client, newsroom):
    html = client.get("/").get_data(as_text=True)
    # latest news, its rubrik's section, the "Advertorial" block
    assert_labelled_everywhere(html, at_least=3)
    block = next(n for n in tree(html).walk() if "block--advertorial" in n.attrs.get("class", ""))
    assert TITLE in block.text and LABEL in block.text
    headline = [n for n in tree(html).walk() if "card--large" in n.attrs.get("class", "")]
    assert headline and TITLE not in headline[0].text


def html_of_ranked(html: str) -> str:
    """The text of the "most read" list."""
    return next(n for n in tree(html).walk()
                if n.tag == "ol" and "ranked" in n.attrs.get("class", "")).text


def test_with_the_setting_off_it_may_lead_and_rank_but_stays_labelled(app, client, newsroom):
    with app.app_context():
        for key, views in (("advertorial", 40), ("news", 3)):
            db.session.add(ViewCount(article_id=newsroom[key], day=utcnow().date(),
                                     count=views))
        db.session.commit()
    ranked = html_of_ranked(client.get("/").get_data(as_text=True))
    assert "Banjir di Kras" in ranked and TITLE not in ranked  # the setting is on by default
    with app.test_request_context():
        save_plugin_settings("advertorial", {"keep_out_of_top_blocks": False})
    html = client.get("/").get_data(as_text=True)
    headline = next(n for n in tree(html).walk() if "card--large" in n.attrs.get("class", ""))
    assert TITLE in headline.text and LABEL in headline.text
    assert TITLE in html_of_ranked(html)
    # headline, rubrik section, "Advertorial" block, most read
    assert_labelled_everywhere(html, at_least=4)


@pytest.mark.parametrize("path", ["/rubrik/pemerintahan/", "/tag/kim/", "/advertorial/",
                                  "/advertorial/diskominfo-kabupaten-kediri/"])
def test_listings_label_the_card(client, newsroom, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_labelled_everywhere(response.get_data(as_text=True), at_least=1)


def test_related_and_neighbour_links_on_other_articles_are_labelled(client, newsroom):
    html = client.get("/berita/banjir-di-kras").get_data(as_text=True)
    assert_labelled_everywhere(html, at_least=2)  # a related card and the "next" link


def test_article_page_carries_the_label_in_every_title(client, newsroom):
    html = client.get(PATH).get_data(as_text=True)
    document = tree(html)
    nodes = list(document.walk())
    title = next(n for n in nodes if n.tag == "title").text
    assert title.startswith(f"[{LABEL}] {TITLE}")
    metas = {n.attrs.get("property") or n.attrs.get("name"): n.attrs.get("content")
             for n in nodes if n.tag == "meta"}
    assert metas["og:title"] == f"[{LABEL}] {TITLE}"
    assert metas["twitter:title"] == f"[{LABEL}] {TITLE}"
    assert metas["Googlebot-News"] == "noindex"
    heading = next(n for n in nodes if n.tag == "h1" and "article__title" in n.attrs["class"])
    assert heading.text.split() == [LABEL, *TITLE.split()]


def test_article_page_discloses_the_sponsor_and_marks_the_byline(client, newsroom):
    document = tree(client.get(PATH).get_data(as_text=True))
    nodes = list(document.walk())
    disclosure = next(n for n in nodes if "advertorial-disclosure" in n.attrs.get("class", ""))
    assert LABEL in disclosure.text
    assert SPONSOR_NAME in disclosure.text
    assert DISCLOSURE in disclosure.text
    byline = next(n for n in nodes if "article__byline" in n.attrs.get("class", ""))
    assert byline.text == "(bsr1/adv)"


def test_json_ld_says_advertiser_content_with_the_sponsor(client, newsroom):
    document = tree(client.get(PATH).get_data(as_text=True))
    script = next(n for n in document.walk() if n.attrs.get("type") == "application/ld+json")
    data = json.loads(script.text)
    assert data["@type"] == "AdvertiserContentArticle"
    assert data["sponsor"] == {"@type": "Organization", "name": SPONSOR_NAME,
                               "url": SPONSOR_SITE}
    news = tree(client.get("/berita/banjir-di-kras").get_data(as_text=True))
    script = next(n for n in news.walk() if n.attrs.get("type") == "application/ld+json")
    assert json.loads(script.text)["@type"] == "NewsArticle"


def test_news_article_has_no_label_meta_or_disclosure(client, newsroom):
    html = client.get("/berita/banjir-di-kras").get_data(as_text=True)
    assert "Googlebot-News" not in html
    assert "advertorial-disclosure" not in html
    assert "<title>Banjir di Kras ·" in html


def test_outbound_links_are_sponsored_and_internal_ones_untouched(client, newsroom):
    document = tree(client.get(PATH).get_data(as_text=True))
    body = next(n for n in document.walk() if n.attrs.get("class") == "article__body")
    rels = {a.attrs["href"]: a.attrs.get("rel") for a in body.walk() if a.tag == "a"}
    assert rels == {
        "https://www.youtube.com/@pemkabkediri": "sponsored noopener",
        "https://kedirikab.go.id/kim": "nofollow sponsored noopener",
        "/rubrik/pemerintahan/": None,
        "http://localhost/berita/lain": None,  # this site, by its full address
    }


def test_news_keeps_its_links_as_written(app, client, newsroom, make_article, editor):
    make_article(author=editor, status="published", title="Berita Biasa", body=BODY)
    html = client.get("/berita/berita-biasa").get_data(as_text=True)
    assert "sponsored" not in html.split('class="article__body"')[1]


def rss_titles(client, path: str) -> list[str]:
    root = ET.fromstring(client.get(path).get_data())
    return [item.findtext("title") for item in root.iter("item")]


@pytest.mark.parametrize("path", ["/feed.xml", "/rubrik/pemerintahan/feed.xml",
                                  "/tag/kim/feed.xml"])
def test_rss_titles_carry_the_label(client, newsroom, path):
    titles = rss_titles(client, path)
    assert f"[{LABEL}] {TITLE}" in titles
    assert "Banjir di Kras" in titles


def test_google_news_sitemap_leaves_advertorials_out(client, newsroom):
    news = client.get("/sitemap-news.xml").get_data(as_text=True)
    assert "/berita/banjir-di-kras" in news
    assert SLUG not in news
    assert SLUG in client.get("/sitemap-articles-1.xml").get_data(as_text=True)


def test_sponsor_page_is_missing_until_something_runs(client, app, make_sponsor, newsroom):
    make_sponsor("Dinas Pertanian", slug="dinas-pertanian")
    assert client.get("/advertorial/dinas-pertanian/").status_code == 404
    with app.app_context():
        db.session.get(Article, newsroom["advertorial"]).status = "draft"
        db.session.commit()
    assert client.get("/advertorial/diskominfo-kabupaten-kediri/").status_code == 404
    assert "Belum ada advertorial" in client.get("/advertorial/").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/rubrik/pemerintahan/", "/advertorial/", PATH,
                                  "/feed.xml"])
def test_labels_cost_the_same_queries_however_many_advertorials(app, client, newsroom,
                                                                 make_advertorial, sponsor,
                                                                 category, path):
    client.get(path)  # warm up settings caches
    before = count_queries(app, path, client)
    for number in range(8):
        make_advertorial(sponsor, title=f"Advertorial {number}", category_id=category,
                         published_at=utcnow() - timedelta(days=1, minutes=number))
    assert count_queries(app, path, client) <= before
