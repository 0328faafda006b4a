"""The press-law workflow in a real browser: an editor publishes a correction on the desk
page and a reader sees the dated notice on the story and follows it both ways."""

from __future__ import annotations

import re

import pytest

from tests.articles import conftest as articles_fixtures
from tests.browser.test_newsroom import log_in
from tests.browser.test_reader import serious_violations

pytestmark = pytest.mark.browser

make_article = articles_fixtures.make_article
TITLE = "Banjir Melanda Desa Kras"
RALAT = "Jumlah rumah yang terendam 40, bukan 400 seperti tertulis sebelumnya."


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles", "pages", "redaksi"],
            "WTF_CSRF_ENABLED": True}


def test_editor_publishes_a_correction_and_a_reader_sees_it(browser, server, make_user,
                                                            make_article, page):
    make_user(email="redaktur@example.com", role="editor", name="Redaktur Pagi")
    make_article(status="published", title=TITLE,
                 body="<p>Air setinggi lutut merendam 400 rumah.</p>")

    desk = log_in(browser, server.url, "redaktur@example.com")
    desk.get_by_role("navigation", name="Menu redaksi").get_by_role(
        "link", name="Ralat & pencabutan").click()
    desk.get_by_role("link", name=TITLE).click()
    desk.get_by_label("Jenis").select_option(label="Ralat")
    desk.get_by_label("Isi yang dimuat").fill(RALAT)
    desk.get_by_role("button", name="Terbitkan pemberitahuan").click()
    desk.wait_for_url(re.compile(r".*/admin/redaksi/article/\d+$"))
    assert "tampil di atas berita" in desk.locator(".flash").inner_text()

    page.goto(f"{server.url}/berita/banjir-melanda-desa-kras")
    notice = page.get_by_role("complementary", name="Ralat")
    assert "Ralat" in notice.inner_text() and RALAT in notice.inner_text()
    assert re.search(r"\d{1,2} \w+ \d{4} \d\d:\d\d WIB", notice.locator("time").inner_text())
    assert "Diperbarui" in page.locator(".article__meta").inner_text()
    assert serious_violations(page) == []

    notice.get_by_role("link", name="Baca selengkapnya").click()
    page.wait_for_url(re.compile(r".*/koreksi/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text() == f"Ralat: {TITLE}"
    assert RALAT in page.locator("main").inner_text()
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(r".*/berita/banjir-melanda-desa-kras#koreksi-\d+$"))
    assert page.get_by_role("complementary", name="Ralat").is_visible()
    assert page.console_errors == []
