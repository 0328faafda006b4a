"""A reader's journey in a real browser, with accessibility checks (axe-core) of home,
article, rubrik and search pages, and screenshots of home and article at desktop and
phone widths (saved as test artifacts)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cms.hooks import call_hook
from cms.search import get_search_service

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("WARTA_TEST_ARTIFACTS", ROOT / "test-artifacts"))
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles", "pages", "search"]}


@pytest.fixture
def site(app):
    """The demo newsroom: Indonesian articles with illustrations, rubrik, tags, pages,
    all findable."""
    with app.app_context():
        call_hook("warta_instance_created", app=app)
        call_hook("warta_demo_content", app=app)
        assert get_search_service().rebuild() > 0


def serious_violations(page) -> list[str]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make assets` (npm ci installs axe-core)")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x)" for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


def test_reader_journey_from_home_to_feed(browser, live_server, site):
    page = browser.new_context(locale="id-ID").new_page()
    page.goto(live_server)
    page.get_by_role("navigation", name="Rubrik").get_by_role("link", name="Pertanian").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Pertanian"
    page.get_by_role("link", name="Petani Gurah Mulai Panen Padi, Harga Gabah Stabil").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Petani Gurah Mulai Panen Padi, Harga Gabah Stabil")
    assert "WIB" in page.locator(".article__meta").inner_text()
    page.get_by_role("link", name="#panen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "#panen"
    page.get_by_role("link", name="Petani Gurah Mulai Panen Padi, Harga Gabah Stabil").click()
    page.get_by_role("link", name="Dewi Lestari").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dewi Lestari"
    feed = page.request.get(f"{live_server}/feed.xml")
    assert feed.ok and "<rss" in feed.text()
    page.goto(live_server)
    page.get_by_role("link", name="Pedoman Pemberitaan Media Siber").click()
    assert "Dewan Pers" in page.locator("main").inner_text()


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_are_accessible_and_captured(browser, live_server, site, width):
    context = browser.new_context(locale="id-ID", viewport=WIDTHS[width], bypass_csp=True)
    page = context.new_page()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for name, path in {"home": "/", "article": "/berita/jembatan-desa-kras-rampung",
                       "category": "/rubrik/daerah/", "search": "/search?q=panen"}.items():
        page.goto(f"{live_server}{path}")
        page.wait_for_load_state("networkidle")
        found[name] = serious_violations(page)
        if name in ("home", "article"):
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    assert page.locator(".search-result").count() > 0  # the search page had results to check
    assert found == {"home": [], "article": [], "category": [], "search": []}, json.dumps(
        found, indent=1)
    context.close()
