"""A journalist builds a story from the media picker: two photos, a gallery, a video and
the featured image chosen by clicking; readers get responsive images and a gallery."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from cms.extensions import db
from plugins.articles import services
from plugins.articles.media import import_image
from plugins.articles.models import Article, Media
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser

VIDEO_ID = "dQw4w9WgXcQ"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles", "youtube"], "WTF_CSRF_ENABLED": True}


def jpeg(colour: tuple[int, int, int], size: tuple[int, int] = (1600, 1000)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def seed_library(app, uploader, photos: list[tuple[str, str]]) -> None:
    """Photos already in the journalist's library: ``(caption, alt)`` each."""
    with app.test_request_context():
        for number, (caption, alt) in enumerate(photos):
            item = import_image(io.BytesIO(jpeg((40 * number, 90, 160))), caption=caption,
                                credit="bsr1", alt=alt)
            item.uploader_id = uploader.id
        db.session.commit()


def log_in(page, live_server: str, email: str) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server}/admin/")


def photo_button(picker, caption: str):
    return picker.get_by_role("button", name=re.compile(re.escape(caption)))


def test_journalist_writes_with_photos_gallery_video_and_featured_image(
        page, live_server, app, make_user, tmp_path: Path):
    page.route("**/*ytimg.com/**", lambda route: route.abort())
    page.route("**/*youtube*.com/**", lambda route: route.abort())
    page.set_viewport_size({"width": 1600, "height": 1000})
    writer = make_user(email="sri@example.com", role="journalist", name="Sri Wartawati")
    editor = make_user(role="editor")
    seed_library(app, writer, [("Pasar Pahing pagi", "Lapak sayur"),
                               ("Sungai Brantas", "Perahu di sungai"),
                               ("Gunung Kelud", "")])
    new_photo = tmp_path / "alun-alun.jpg"
    new_photo.write_bytes(jpeg((200, 60, 30)))

    log_in(page, live_server, "sri@example.com")
    page.goto(f"{live_server}/admin/articles/new")
    page.get_by_label("Judul", exact=True).fill("Sehari di Kediri")
    body = page.frame_locator(".tox-edit-area iframe")
    body.locator("body").click()
    page.keyboard.type("Pagi di alun-alun.")
    picker = page.get_by_role("dialog", name="Pustaka media")

    # A photo uploaded from the picker, inserted at once.
    page.get_by_role("button", name="Foto dari pustaka").click()
    photo_button(picker, "Pasar Pahing pagi").wait_for()
    picker.get_by_text("Unggah gambar baru").click()
    picker.get_by_label("Berkas (JPEG, PNG, WebP, GIF)").set_input_files(new_photo)
    picker.locator("#picker-upload-alt").fill("Warga di alun-alun")
    picker.locator("#picker-upload-caption").fill("Alun-alun Kediri")
    picker.get_by_role("button", name="Unggah", exact=True).click()
    picker.get_by_text("Foto diunggah dan dipilih.").wait_for()
    picker.get_by_role("button", name="Sisipkan foto").click()
    body.locator('img[alt="Warga di alun-alun"]').wait_for()
    page.keyboard.type("Siang ke pasar.")

    # A photo found by searching its caption.
    page.get_by_role("button", name="Foto dari pustaka").click()
    picker.get_by_label("Keterangan atau teks alternatif").fill("pasar")
    picker.get_by_role("button", name="Cari").click()
    expect(picker.locator(".picker__item")).to_have_count(1)  # the search's answer
    photo_button(picker, "Pasar Pahing pagi").click()
    picker.get_by_role("button", name="Sisipkan foto").click()
    body.locator('img[alt="Lapak sayur"]').wait_for()

    # A gallery of two photos; the one without alternative text gets it in place.
    page.get_by_role("button", name="Galeri foto").click()
    photo_button(picker, "Sungai Brantas").click()
    photo_button(picker, "Gunung Kelud").click()
    picker.get_by_role("button", name="Sisipkan galeri").click()
    picker.get_by_text("belum punya teks alternatif").wait_for()
    picker.locator("#picker-alt").fill("Kawah Gunung Kelud")
    picker.get_by_role("button", name="Simpan keterangan").click()
    picker.get_by_text("Keterangan foto disimpan.").wait_for()
    picker.get_by_role("button", name="Sisipkan galeri").click()
    body.locator("figure.warta-gallery > figure").nth(1).wait_for()
    page.keyboard.type("Sore di sungai.")

    # A video, with the YouTube plugin's button.
    page.get_by_role("button", name="Video YouTube").click()
    page.get_by_label("Alamat video YouTube").fill(f"https://youtu.be/{VIDEO_ID}")
    page.get_by_role("dialog").get_by_role("button", name="Sisipkan").click()
    body.locator(f'figure[data-youtube-id="{VIDEO_ID}"]').wait_for()

    # The featured image, chosen by clicking.
    page.get_by_role("button", name="Pilih dari pustaka media").click()
    photo_button(picker, "Sungai Brantas").click()
    picker.get_by_role("button", name="Jadikan gambar utama").click()
    expect(picker).to_be_hidden()
    expect(page.locator("[data-featured-preview]")).to_be_visible()
    expect(page.get_by_label("Teks alternatif foto")).to_have_value("Perahu di sungai")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_url("**/edit?saved=1**")

    with app.test_request_context():
        article = db.session.scalars(select(Article)).one()
        river = db.session.scalars(select(Media).where(Media.caption == "Sungai Brantas")).one()
        assert article.image_id == river.id
        assert article.body.count("<img") == 4
        services.publish(db.session.get(type(editor), editor.id), article)
        slug = article.slug

    page.goto(f"{live_server}/berita/{slug}")
    article_body = page.locator(".article__body")
    inline = article_body.locator("img[srcset]")
    assert inline.count() == 4
    for index in range(4):
        srcset = inline.nth(index).get_attribute("srcset")
        assert srcset.startswith("/uploads/") and srcset.endswith("1600w")
    assert page.locator(".article__image img").get_attribute("srcset").endswith("1600w")
    track = article_body.get_by_role("list", name=re.compile("Galeri foto, 2 foto"))
    assert track.get_attribute("tabindex") == "0"
    assert track.get_by_role("listitem").count() == 2
    assert track.locator('img[alt="Kawah Gunung Kelud"]').count() == 1
    assert page.locator("[data-youtube-facade]").count() == 1
    text = article_body.inner_text()
    assert text.index("Pagi di alun-alun.") < text.index("Siang ke pasar.") < text.index(
        "Sore di sungai.")
    page.set_viewport_size({"width": 390, "height": 844})
    track.focus()
    page.keyboard.press("ArrowRight")
    for _ in range(50):  # the page's CSP forbids wait_for_function's string evaluation
        if track.evaluate("t => t.scrollLeft") > 0:
            break
        page.wait_for_timeout(100)
    assert track.evaluate("t => t.scrollLeft") > 0
    assert track.evaluate("t => getComputedStyle(t).scrollSnapType").startswith("x")
    csp_errors = [e for e in page.console_errors if "Content Security Policy" in e]
    assert csp_errors == []
