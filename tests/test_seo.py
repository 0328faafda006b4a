"""What search engines and social networks read: whole-second times, a heading order
without jumps, a description on every listing, a social image on every article, and the
site's brand (name, logos, favicon, theme colour) wherever the site presents itself."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from cms.config import DefaultConfig
from cms.extensions import db
from cms.models import User
from cms.themes import discover_themes
from plugins.articles import services
from plugins.articles.models import Article
from tests.advertorial.conftest import tree
from tests.articles.conftest import category, login_as, make_article  # noqa: F401  (fixtures)

THEMES = sorted(discover_themes(DefaultConfig.THEMES_FOLDER)[0])
WHOLE_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
LISTINGS = ["/", "/rubrik/pemerintahan/", "/tag/kim/", "/penulis/{author}/",
            "/{year}/{month:02d}/"]


@pytest.fixture(params=THEMES)
def app_config(app_config, request):
    return {**app_config, "THEME": request.param,
            "PLUGINS": ["articles", "search", "youtube", "advertorial"],
            "YOUTUBE_THUMBNAIL_URL": "http://127.0.0.1:9/{video_id}.jpg"}


@pytest.fixture
def published_now(app, make_article, category, editor):  # noqa: F811
    """An article published "now" through the newsroom: its times carry microseconds."""
    article_id = make_article(author=editor, title="Jembatan Brantas Dibuka",
                              category_id=category, tags=["kim"],
                              body="<h2>Jalur baru</h2><p>Jembatan dibuka untuk umum.</p>")
    with app.test_request_context():
        user = db.session.get(User, editor.id)
        article = services.publish(user, db.session.get(Article, article_id))
        assert article.published_at.microsecond or article.updated_at.microsecond
        return {"author": editor.id, "year": article.published_at.year,
                "month": article.published_at.month, "slug": article.slug}


def listing_paths(site: dict) -> list[str]:
    return [path.format(**site) for path in LISTINGS]


def times_in(html: str) -> list[str]:
    """Every machine-readable time: ``datetime`` attributes, meta times and JSON-LD dates."""
    found = []
    for node in tree(html).walk():
        if "datetime" in node.attrs:
            found.append(node.attrs["datetime"])
        if node.tag == "meta" and node.attrs.get("property", "").endswith("_time"):
            found.append(node.attrs["content"])
        if node.tag == "script" and node.attrs.get("type") == "application/ld+json":
            data = json.loads(node.text)
            for item in data if isinstance(data, list) else [data]:
                found += [item[key] for key in ("datePublished", "dateModified", "uploadDate")
                          if item.get(key)]
    return found


def test_times_are_whole_seconds_everywhere(client, published_now):
    article = client.get(f"/berita/{published_now['slug']}").get_data(as_text=True)
    times = times_in(article)
    assert len(times) >= 4  # <time>, two meta times, two JSON-LD dates
    for path in listing_paths(published_now):
        response = client.get(path)
        assert response.status_code == 200, path
        listed = times_in(response.get_data(as_text=True))
        assert listed, f"{path} shows no time to check"
        times += listed
    for moment in times:
        assert WHOLE_SECONDS.match(moment), moment
    hits = client.get("/search.json?q=jembatan").get_json()["hits"]
    assert hits and all(WHOLE_SECONDS.match(hit["published"]) for hit in hits)
    for path in ("/sitemap-articles-1.xml", "/sitemap-news.xml"):
        response = client.get(path)
        text = response.get_data(as_text=True)
        assert response.status_code == 200 and re.search(r"\d\d:\d\d:\d\d", text), path
        assert not re.search(r"\d\d:\d\d:\d\d\.\d", text), path


def heading_levels(html: str) -> list[int]:
    return [int(node.tag[1]) for node in tree(html).walk()
            if re.fullmatch(r"h[1-6]", node.tag)]


@pytest.mark.parametrize("path", LISTINGS + ["/video/", "/advertorial/", "/search?q=jembatan"])
def test_headings_never_skip_a_level(client, published_now, path):
    levels = heading_levels(client.get(path.format(**published_now)).get_data(as_text=True))
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"h{before} → h{after} in {levels}"


def test_every_listing_has_a_description(client, published_now):
    for path in listing_paths(published_now) + ["/video/", "/advertorial/"]:
        metas = [node for node in tree(client.get(path).get_data(as_text=True)).walk()
                 if node.tag == "meta" and node.attrs.get("name") == "description"]
        assert len(metas) == 1, path
        assert len(metas[0].attrs["content"]) > 20, path
    article = client.get(f"/berita/{published_now['slug']}").get_data(as_text=True)
    assert article.count('<meta name="description"') == 1


def og(html: str) -> dict[str, str]:
    return {node.attrs.get("property") or node.attrs.get("name"): node.attrs.get("content")
            for node in tree(html).walk() if node.tag == "meta"}


def test_every_listing_has_a_social_card_of_its_own(client, published_now):
    for path in listing_paths(published_now):
        html = client.get(path).get_data(as_text=True)
        card = og(html)
        assert card["og:image"].startswith("http://localhost/site/social-"), path
        assert card["og:title"] == next(n.text for n in tree(html).walk() if n.tag == "title")
        assert html.count('property="og:image"') == 1, path
    article = client.get(f"/berita/{published_now['slug']}").get_data(as_text=True)
    assert article.count('property="og:image"') == 1
    assert og(article)["og:type"] == "article"


def test_an_article_without_an_image_gets_the_sites_social_card(client, published_now):
    html = client.get(f"/berita/{published_now['slug']}").get_data(as_text=True)
    image = og(html)["og:image"]
    assert image.startswith("http://localhost/site/social-")
    assert og(html)["twitter:card"] == "summary_large_image"
    data = next(json.loads(n.text) for n in tree(html).walk()
                if n.attrs.get("type") == "application/ld+json")
    assert data["image"] == [image]
    assert data["publisher"]["logo"]["url"] == image  # no logo set yet: the card
    with client.get(image.removeprefix("http://localhost")) as response:
        assert response.status_code == 200
        assert Image.open(io.BytesIO(response.data)).size == (1200, 630)
    assert client.get("/site/social-000000000000.png").status_code == 404


def png(size: tuple[int, int], color: str) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def test_the_brand_set_in_the_admin_reaches_header_feeds_json_ld_and_cards(
        app, client, make_user, published_now):
    admin = make_user(role="admin")
    response = login_as(app, admin).post(
        "/admin/settings", content_type="multipart/form-data", data={
            "site_name": "Kabar Kediri", "language": "id", "timezone": "Asia/Jakarta",
            "accent_color": "#1a5276", "theme_color": "#0b2f4a",
            "logo": (png((600, 150), "navy"), "logo.png"),
            "logo_dark": (png((600, 150), "white"), "dark.png"),
            "favicon": (png((300, 200), "red"), "icon.png")})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    home = client.get("/").get_data(as_text=True)
    nodes = list(tree(home).walk())
    source = next(n for n in nodes if n.tag == "source")
    assert source.attrs["media"] == "(prefers-color-scheme: dark)"
    logo = next(n for n in nodes if "brand__logo" in n.attrs.get("class", ""))
    assert logo.attrs["alt"] == "Kabar Kediri"
    icon = next(n for n in nodes if n.tag == "link" and n.attrs.get("rel") == "icon")
    with client.get(icon.attrs["href"]) as favicon:
        assert Image.open(io.BytesIO(favicon.data)).size == (300, 300)  # made square
    assert og(home)["theme-color"] == "#0b2f4a"
    article = client.get(f"/berita/{published_now['slug']}").get_data(as_text=True)
    data = next(json.loads(n.text) for n in tree(article).walk()
                if n.attrs.get("type") == "application/ld+json")
    assert data["publisher"]["name"] == "Kabar Kediri"
    assert data["publisher"]["logo"]["url"] == "http://localhost" + logo.attrs["src"]
    card = og(article)["og:image"]
    assert card.startswith("http://localhost/site/social-")
    assert og(article)["og:site_name"] == "Kabar Kediri"
    channel = ET.fromstring(client.get("/feed.xml").get_data()).find("channel")
    assert channel.findtext("title") == "Kabar Kediri"
    assert channel.find("image").findtext("url") == "http://localhost" + logo.attrs["src"]
