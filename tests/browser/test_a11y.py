"""axe-core (npm devDependency, never shipped to readers) finds 0 violations of any impact
on home, article, rubrik and tag pages in every shipped theme, at desktop and phone
widths; on a phone an article body's headings stay smaller than the article's title."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cms.config import DefaultConfig
from cms.extensions import db
from cms.models import User
from cms.themes import discover_themes
from plugins.articles import services
from plugins.articles.models import Article, Category
from tests.browser.test_reader import AXE, ROOT, WIDTHS

pytestmark = pytest.mark.browser

THEMES = sorted(discover_themes(DefaultConfig.THEMES_FOLDER)[0])
BODY = ("<p>KEDIRI – Jembatan Brantas dibuka untuk umum.</p><h2>Jalur baru bagi petani</h2>"
        "<p>Warga menyambut.</p><h3>Jam buka</h3><p>Setiap hari.</p>"
        '<figure data-youtube-id="dQw4w9WgXcQ"></figure>')


@pytest.fixture(params=THEMES)
def app_config(app_config, request):
    return {**app_config, "THEME": request.param,
            "PLUGINS": ["articles", "search", "youtube", "advertorial", "pages", "redaksi"],
            "YOUTUBE_THUMBNAIL_URL": "http://127.0.0.1:9/{video_id}.jpg"}


@pytest.fixture
def site(app, make_user) -> dict[str, str]:
    editor = make_user(role="editor", name="Redaktur Pagi")
    with app.test_request_context():
        db.session.add(Category(name="Pemerintahan", slug="pemerintahan"))
        db.session.commit()
        user = db.session.get(User, editor.id)
        slugs = []
        for title in ("Jembatan Brantas Dibuka", "Harga Gabah Stabil"):
            article = services.save_article(user, services.ArticleInput(
                title=title, body=BODY, lead="Ringkasan berita untuk pembaca.",
                category_id=db.session.scalar(db.select(Category.id)), tags=["kim"],
                byline="bsr1"))
            slugs.append(services.publish(user, db.session.get(Article, article.id)).slug)
    return {"home": "/", "article": f"/berita/{slugs[0]}", "rubrik": "/rubrik/pemerintahan/",
            "tag": "/tag/kim/"}


def violations(page) -> list[str]:
    if not Path(AXE).exists():
        pytest.fail(f"{AXE} is missing: run `make assets` (npm ci installs axe-core)")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            f"{[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_axe_finds_no_violations(browser, live_server, site, width):
    context = browser.new_context(locale="id-ID", viewport=WIDTHS[width])
    page = context.new_page()
    # Nothing leaves the machine: a page must not need YouTube to be accessible.
    page.route("**/*youtube*.com/**", lambda route: route.abort())
    found = {}
    for name, path in site.items():
        page.goto(live_server + path)
        found[name] = violations(page)
    context.close()
    assert found == {name: [] for name in site}


def test_body_headings_are_smaller_than_the_title_on_a_phone(browser, live_server, site):
    context = browser.new_context(locale="id-ID", viewport=WIDTHS["phone"])
    page = context.new_page()
    page.goto(live_server + site["article"])
    size = "el => parseFloat(getComputedStyle(el).fontSize)"
    title = page.locator(".article__title").evaluate(size)
    for heading in ("h2", "h3"):
        assert page.locator(f".article__body {heading}").first.evaluate(size) < title
    context.close()


def test_header_search_lines_up_with_the_masthead_on_desktop(browser, live_server, site):
    context = browser.new_context(locale="id-ID", viewport=WIDTHS["desktop"])
    page = context.new_page()
    page.goto(live_server + "/")
    column = ("el => el.getBoundingClientRect().left"
              " + parseFloat(getComputedStyle(el).paddingLeft)")
    masthead = page.locator(".masthead__inner").evaluate(column)
    content = page.locator("main").evaluate(column)
    search = page.locator(".search-form--header input[type=search]").evaluate(
        "el => el.getBoundingClientRect().left")
    assert abs(search - masthead) <= 1 and abs(search - content) <= 1, (masthead, search,
                                                                         content)
    context.close()


def test_axe_is_a_development_tool_never_served_to_readers():
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert "axe-core" in manifest["devDependencies"]
    assert "axe-core" not in manifest.get("dependencies", {})
    shipped = manifest["warta"]["vendor"]
    assert not [name for name in (*shipped, *shipped.values()) if "axe" in name]
