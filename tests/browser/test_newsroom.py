"""The newsroom in a real browser: from a journalist's draft to a reader's page, and no
text lost when the server dies mid-sentence."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from tests.browser.conftest import log_in, type_in_editor

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles"], "WTF_CSRF_ENABLED": True}


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "sungai.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 450), (40, 120, 180)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_article_travels_from_journalist_to_reader(browser, server, make_user, photo):
    make_user(email="wartawan@example.com", role="journalist", name="Wartawan Lapangan")
    make_user(email="redaktur@example.com", role="editor", name="Redaktur Pagi")
    title = "Warga Kras Gotong Royong Bersihkan Sungai"

    writer = log_in(browser, server.url, "wartawan@example.com")
    writer.goto(f"{server.url}/admin/articles/new")
    writer.get_by_label("Judul", exact=True).fill(title)
    writer.get_by_label("Dateline (tempat)").fill("Kediri")
    type_in_editor(writer, "Ratusan warga turun ke sungai sejak pagi.")
    writer.get_by_role("button", name="Masukkan/edit gambar").click()
    dialog = writer.locator(".tox-dialog")
    dialog.get_by_role("tab", name="Unggah").click()
    dialog.locator("input[type=file]").set_input_files(str(photo))
    source = dialog.get_by_label("Sumber")
    source.wait_for()
    assert "/uploads/" in source.input_value()
    dialog.get_by_label("Deskripsi alternatif").fill("Warga membersihkan sungai")
    dialog.get_by_role("button", name="Simpan").click()
    writer.locator("#article-form button[value=save]").click()
    writer.wait_for_url("**/edit?saved=1*")
    writer.get_by_role("button", name="Ajukan ke redaktur").click()
    writer.wait_for_url("**/edit?saved=1*")
    assert writer.locator("#article-status").inner_text() == "menunggu redaktur"

    desk = log_in(browser, server.url, "redaktur@example.com")
    desk.goto(f"{server.url}/admin/articles/?status=review")
    desk.get_by_role("link", name=title).click()
    soon = datetime.now(ZoneInfo("Asia/Jakarta")) + timedelta(seconds=4)
    desk.get_by_label("Waktu terbit").fill(soon.strftime("%Y-%m-%dT%H:%M:%S"))
    desk.get_by_role("button", name="Terbitkan / jadwalkan").click()
    desk.wait_for_url("**/edit?saved=1*")
    assert desk.locator("#article-status").inner_text() == "terjadwal"

    reader = browser.new_context().new_page()
    slug_url = f"{server.url}/berita/warga-kras-gotong-royong-bersihkan-sungai"
    assert reader.goto(slug_url).status == 404  # scheduled: not yet
    reader.wait_for_timeout(5000)
    response = reader.goto(slug_url)  # its time has come, with no cron job
    assert response.status == 200
    assert reader.get_by_role("heading", name=title).is_visible()
    image = reader.locator(".article__body img")
    assert image.get_attribute("alt") == "Warga membersihkan sungai"
    # The body image now has a srcset: Chromium picks the size for the 760 px column.
    assert image.evaluate("img => img.complete && img.naturalWidth > 0 "
                          "&& img.currentSrc.includes('/uploads/')")
    reader.goto(server.url)
    assert reader.get_by_role("link", name=title).is_visible()


def test_text_typed_while_the_server_is_down_is_offered_back(browser, server, make_user):
    make_user(email="wartawan@example.com", role="journalist")
    page = log_in(browser, server.url, "wartawan@example.com")
    page.goto(f"{server.url}/admin/articles/new")
    page.get_by_label("Judul", exact=True).fill("Hujan Deras di Lereng Kelud")
    type_in_editor(page, "Paragraf pertama tersimpan.")
    page.locator("#article-form button[value=save]").click()
    page.wait_for_url("**/edit?saved=1*")
    edit_url = page.url.split("?")[0]

    server.stop()
    type_in_editor(page, " Kalimat yang diketik saat server mati.")
    status = page.locator("#autosave-status")
    status.get_by_text("Server tidak terjangkau").wait_for(timeout=15000)

    server.start()
    page.goto(edit_url)
    offer = page.locator("#local-restore")
    offer.wait_for(state="visible")
    offer.get_by_role("button", name="Pulihkan salinan itu").click()
    body = page.frame_locator("#body_ifr").locator("body")
    assert "Kalimat yang diketik saat server mati." in body.inner_text()
    page.locator("#article-form button[value=save]").click()
    page.wait_for_url("**/edit?saved=1*")
    assert "Kalimat yang diketik saat server mati." in (
        page.frame_locator("#body_ifr").locator("body").inner_text())
    assert not page.locator("#local-restore").is_visible()
