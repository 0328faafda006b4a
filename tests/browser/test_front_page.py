"""The front page the editor controls, in Chromium: an editor pins a story as the headline,
drags another above it, and a reader sees the editor's choice first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from cms.extensions import db
from cms.models.user import utcnow
from plugins.articles import services
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser

TITLES = ("Banjir Surut di Kras", "Jalan Tol Kediri Dibuka", "Harga Cabai Naik")


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles"], "WTF_CSRF_ENABLED": True}


@pytest.fixture
def newsroom(app, make_user):
    """An editor, and three published stories, the first the oldest."""
    editor = make_user(email="redaktur@example.com", role="editor", name="Redaktur")
    with app.test_request_context():
        user = db.session.get(type(editor), editor.id)
        for hours, title in zip((3, 2, 1), TITLES, strict=True):
            article = services.save_article(user, services.ArticleInput(
                title=title, body="<p>Isi berita.</p>"))
            services.publish(user, article, utcnow() - timedelta(hours=hours))
    return editor


def headline_of(browser, url: str) -> str:
    context = browser.new_context(locale="id-ID")
    reader = context.new_page()
    reader.goto(url)
    title = reader.locator(".home__headline .card__title").inner_text()
    context.close()
    return title


def test_an_editor_pins_a_headline_and_drags_the_order(browser, server, newsroom, page):
    assert headline_of(browser, server.url) == TITLES[2]
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{server.url}/login")
    page.get_by_label("Email").fill("redaktur@example.com")
    page.get_by_label("Kata sandi").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{server.url}/admin/")
    page.get_by_role("link", name="Halaman depan").click()

    page.get_by_label("Berita", exact=True).first.select_option(label=TITLES[0])
    page.get_by_label("Urutan (1 = utama)").fill("1")
    page.get_by_role("button", name="Sematkan", exact=True).click()
    page.get_by_role("status").filter(has_text="disematkan").wait_for()
    assert headline_of(browser, server.url) == TITLES[0]

    page.get_by_label("Berita", exact=True).first.select_option(label=TITLES[1])
    page.get_by_role("button", name="Sematkan", exact=True).click()
    page.get_by_role("status").filter(has_text=f"{TITLES[1]} disematkan").wait_for()
    rows = page.locator("[data-front-pins] tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("1 · Utama")
    expect(rows.nth(0)).to_contain_text(TITLES[0])
    expect(rows.nth(1)).to_contain_text(TITLES[1])
    page.get_by_text("Seret baris").wait_for()  # the script is running

    rows.nth(1).drag_to(rows.nth(0), target_position={"x": 20, "y": 3})
    expect(rows.nth(0)).to_contain_text(TITLES[1])
    page.get_by_role("status").filter(has_text="Urutan disimpan").wait_for()
    assert headline_of(browser, server.url) == TITLES[1]

    with page.expect_navigation():
        page.get_by_role("button", name=f"Turunkan {TITLES[1]}").click()
    expect(rows.nth(0)).to_contain_text(TITLES[0])
    assert headline_of(browser, server.url) == TITLES[0]
    assert page.console_errors == []
