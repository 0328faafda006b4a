"""Bugs journalists hit at the desk, replayed in Chromium: a video that ate an image, a new
article's text lost with its tab, and a newsroom that did not fit a phone."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import log_in, type_in_editor

pytestmark = pytest.mark.browser

VIDEO_ID = "dQw4w9WgXcQ"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles", "youtube"], "WTF_CSRF_ENABLED": True}


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "alun-alun.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 450), (180, 120, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_video_inserted_after_an_image_keeps_the_image(browser, server, make_user, photo):
    make_user(email="wartawan@example.com", role="journalist", name="Wartawan")
    page = log_in(browser, server.url, "wartawan@example.com")
    page.goto(f"{server.url}/admin/articles/new")
    page.get_by_label("Judul", exact=True).fill("Kirab Budaya")
    type_in_editor(page, "Kirab dimulai pukul tujuh.")
    page.get_by_role("button", name="Masukkan/edit gambar").click()
    dialog = page.locator(".tox-dialog")
    dialog.get_by_role("tab", name="Unggah").click()
    dialog.locator("input[type=file]").set_input_files(str(photo))
    dialog.get_by_label("Sumber").wait_for()
    dialog.get_by_label("Deskripsi alternatif").fill("Peserta kirab")
    dialog.get_by_role("button", name="Simpan").click()
    body = page.frame_locator("#body_ifr")
    body.locator("img[alt='Peserta kirab']").wait_for()

    page.get_by_role("button", name="Video YouTube").click()
    video = page.get_by_role("dialog")
    video.get_by_label("Alamat video YouTube").fill(f"https://youtu.be/{VIDEO_ID}")
    video.get_by_role("button", name="Sisipkan").click()
    body.locator(f'figure[data-youtube-id="{VIDEO_ID}"]').wait_for()
    assert body.locator("img[alt='Peserta kirab']").count() == 1
    page.keyboard.type("Warga memadati jalan.")

    page.locator("#article-form button[value=save]").click()
    page.wait_for_url("**/edit?saved=1*")
    html = page.frame_locator("#body_ifr").locator("body").inner_html()
    order = [html.index("Kirab dimulai"), html.index("Peserta kirab"),
             html.index(VIDEO_ID), html.index("Warga memadati jalan.")]
    assert order == sorted(order)


def test_text_of_a_never_saved_article_is_offered_back(browser, server, make_user):
    make_user(email="wartawan@example.com", role="journalist", name="Wartawan")
    page = log_in(browser, server.url, "wartawan@example.com")
    page.goto(f"{server.url}/admin/articles/new")
    page.get_by_label("Judul", exact=True).fill("Jembatan Putus di Ngadiluwih")
    type_in_editor(page, "Arus deras memutus jembatan desa.")
    page.locator("#autosave-status").filter(has_text="Tersimpan otomatis").wait_for(
        timeout=15_000)
    context = page.context
    page.close()  # the tab is closed without saving

    # The same browser: its own copy is offered on "new article".
    again = context.new_page()
    again.goto(f"{server.url}/admin/articles/new")
    offer = again.locator("#local-restore")
    offer.wait_for()
    offer.get_by_role("button", name="Pulihkan salinan itu").click()
    expect(again.get_by_label("Judul", exact=True)).to_have_value(
        "Jembatan Putus di Ngadiluwih")
    expect(again.frame_locator("#body_ifr").locator("body")).to_contain_text("Arus deras")
    context.close()

    # Another browser (the laptop died): the server's copy is listed and offered.
    other = log_in(browser, server.url, "wartawan@example.com")
    drafts = other.locator("#unsaved-drafts")
    drafts.get_by_role("link", name="Jembatan Putus di Ngadiluwih").click()
    other.locator("#server-restore").get_by_role("button", name="Pulihkan teks itu").click()
    expect(other.get_by_label("Judul", exact=True)).to_have_value(
        "Jembatan Putus di Ngadiluwih")
    other.locator("#article-form button[value=save]").click()
    other.wait_for_url("**/edit?saved=1*")
    expect(other.frame_locator("#body_ifr").locator("body")).to_contain_text("Arus deras")

    # Saved, it is no longer an unsaved draft: neither listed nor offered.
    other.goto(f"{server.url}/admin/")
    expect(other.locator("#unsaved-drafts")).to_have_count(0)
    other.goto(f"{server.url}/admin/articles/new")
    other.locator("#body_ifr").wait_for()
    expect(other.locator("#server-restore")).to_have_count(0)
    expect(other.locator("#local-restore")).to_be_hidden()
    other.context.close()


def test_on_a_phone_the_menu_folds_and_status_links_stand_apart(browser, server, make_user):
    make_user(email="redaktur@example.com", role="editor", name="Redaktur")
    page = log_in(browser, server.url, "redaktur@example.com",
                  viewport={"width": 390, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(f"{server.url}/admin/articles/")
    menu = page.get_by_role("navigation", name="Menu redaksi")
    assert menu.is_hidden()
    heading = page.get_by_role("heading", name="Artikel", exact=True)
    assert heading.bounding_box()["y"] < 200  # the page, not the menu, comes first
    button = page.get_by_role("button", name="Menu")
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert menu.is_visible() and button.get_attribute("aria-expanded") == "true"
    assert menu.get_by_role("link", name="Media").is_visible()
    button.click()
    assert menu.is_hidden()

    links = page.get_by_role("navigation", name="Saring status").get_by_role("link").all()
    boxes = [link.bounding_box() for link in links]
    for left, right in zip(boxes, boxes[1:], strict=False):
        same_line = abs(left["y"] - right["y"]) < 2
        assert not same_line or right["x"] >= left["x"] + left["width"] + 4

    page.set_viewport_size({"width": 1280, "height": 900})
    assert menu.is_visible() and button.is_hidden()


def test_an_editor_credits_a_co_author_who_readers_see_in_the_byline(browser, server,
                                                                    make_user):
    make_user(email="redaktur@example.com", role="editor", name="Redaktur Pagi")
    make_user(email="foto@example.com", role="journalist", name="Budi Fotografer")
    page = log_in(browser, server.url, "redaktur@example.com")
    page.goto(f"{server.url}/admin/articles/new")
    page.get_by_label("Judul", exact=True).fill("Festival Kelud")
    type_in_editor(page, "Ribuan warga naik ke Kelud.")
    row = page.get_by_role("group", name="Penulis lain 1")
    row.get_by_label("Nama").select_option(label="Budi Fotografer")
    row.get_by_label("Peran").select_option(label="Fotografer")
    page.get_by_role("button", name="Terbitkan / jadwalkan").click()
    page.wait_for_url("**/edit?saved=1*")
    assert page.get_by_role("group", name="Penulis lain 1").get_by_label("Nama").locator(
        "option:checked").inner_text() == "Budi Fotografer"
    page.get_by_role("link", name="Lihat di situs").click()
    page.wait_for_url("**/berita/festival-kelud")
    meta = page.locator(".article__meta")
    assert "Penulis: Redaktur Pagi" in meta.inner_text()
    assert "Fotografer: Budi Fotografer" in meta.inner_text()
    meta.get_by_role("link", name="Budi Fotografer").click()
    page.get_by_role("link", name="Festival Kelud").first.wait_for()
