"""An advertorial in a real browser: a sponsor's press officer submits a draft, an editor
publishes it, and a reader meets the label on the home page, the article page and (when
the search plugin ships) in search results."""

from __future__ import annotations

from pathlib import Path

import pytest

import plugins
from cms.extensions import db
from plugins.advertorial.models import PartnerUser, Sponsor
from tests.browser.test_newsroom import log_in

pytestmark = pytest.mark.browser

HAS_SEARCH = (Path(plugins.__file__).parent / "search" / "__init__.py").is_file()
TITLE = "Diskominfo Bina Komunitas Informasi Masyarakat Mlancu"


@pytest.fixture
def app_config(app_config):
    names = ["articles", "advertorial", *(["search"] if HAS_SEARCH else [])]
    return {**app_config, "PLUGINS": names, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def people(app, make_user):
    partner = make_user(email="humas@kedirikab.go.id", role="partner", name="Humas Kediri")
    make_user(email="redaktur@example.com", role="editor", name="Redaktur Pagi")
    with app.app_context():
        sponsor = Sponsor(name="Diskominfo Kabupaten Kediri", slug="diskominfo-kediri",
                          kind="government", disclosure="Kerja sama Pemkab Kediri.")
        db.session.add(sponsor)
        db.session.flush()
        db.session.add(PartnerUser(user_id=partner.id, sponsor_id=sponsor.id))
        db.session.commit()


def test_partner_draft_reaches_readers_with_its_label(browser, server, people):
    officer = log_in(browser, server.url, "humas@kedirikab.go.id")
    officer.get_by_role("link", name="Tulis advertorial").click()
    officer.get_by_label("Judul").fill(TITLE)
    officer.get_by_label("Dateline (tempat)").fill("Kediri")
    officer.get_by_label("Isi").fill(
        "Pemkab Kediri melalui Diskominfo kembali membina KIM.\n\nKali ini di Balai Desa.")
    officer.get_by_role("button", name="Ajukan ke redaksi").click()
    officer.wait_for_url(f"{server.url}/admin/advertorial/mitra/")
    row = officer.get_by_role("row").filter(has_text=TITLE)
    assert row.locator(".badge").inner_text() == "menunggu redaktur"
    assert officer.goto(f"{server.url}/admin/articles/").status == 403

    desk = log_in(browser, server.url, "redaktur@example.com")
    desk.goto(f"{server.url}/admin/articles/?status=review")
    desk.get_by_role("link", name=TITLE).click()
    assert desk.get_by_label("Advertorial (konten berbayar)").is_checked()
    assert desk.get_by_label("Sponsor").locator("option:checked").inner_text() == (
        "Diskominfo Kabupaten Kediri")
    desk.get_by_role("button", name="Terbitkan / jadwalkan").click()
    desk.wait_for_url("**/edit?saved=1*")
    assert desk.locator("#article-status").inner_text() == "terbit"

    reader = browser.new_context(locale="id-ID").new_page()
    reader.goto(server.url)
    cards = reader.locator("article.card").filter(has_text=TITLE)
    assert cards.count() >= 2  # the latest news and the "Advertorial" block
    for index in range(cards.count()):
        assert cards.nth(index).locator(".card__label").text_content() == "Advertorial"
    cards.first.get_by_role("link", name=TITLE).click()
    heading = reader.get_by_role("heading", level=1)
    assert heading.locator(".label").text_content() == "Advertorial"
    assert heading.text_content() == f"Advertorial {TITLE}"
    assert reader.locator(".advertorial-disclosure").is_visible()
    assert reader.title().startswith(f"[Advertorial] {TITLE}")

    if HAS_SEARCH:
        result = reader.locator(".search-result").filter(has_text=TITLE)
        for _attempt in range(20):  # the index is written just after the publish
            reader.goto(f"{server.url}/search?q=Mlancu")
            if result.count():
                break
            reader.wait_for_timeout(250)
        label = result.locator(".search-result__label--advertorial")
        assert label.text_content() == "Advertorial"
