"""The whole newsroom journey in Chromium, as issue 19 asks: a journalist writes a story
with two photos, a gallery and a video and submits it; an editor picks its featured image,
credits a photographer, publishes it and pins it as the headline; a reader who is not
logged in finds it at the top of the home page, complete and without YouTube watching."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

from cms.extensions import db
from cms.models.user import User
from plugins.articles import services
from plugins.articles.media import import_image
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser

VIDEO_ID = "dQw4w9WgXcQ"
TITLE = "Sehari di Kediri"
OTHER_TITLE = "Harga Cabai Naik"
YOUTUBE_HOSTS = re.compile(
    r"(^|\.)(youtube(-nocookie)?\.com|youtu\.be|ytimg\.com|googlevideo\.com)$")


@pytest.fixture
def app_config(app_config):
    # The server's thumbnail fetch finds this machine offline: readers get the placeholder.
    return {**app_config, "PLUGINS": ["articles", "youtube"], "WTF_CSRF_ENABLED": True,
            "YOUTUBE_THUMBNAIL_URL": "http://127.0.0.1:9/{video_id}.jpg"}


def jpeg(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1000), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def seed_library(app, uploader: User, photos: list[tuple[str, str]]) -> None:
    """Photos the journalist uploaded earlier: ``(caption, alt)`` each."""
    with app.test_request_context():
        for number, (caption, alt) in enumerate(photos):
            item = import_image(io.BytesIO(jpeg((40 * number, 90, 160))), caption=caption,
                                credit="bsr1", alt=alt)
            item.uploader_id = uploader.id
        db.session.commit()


@pytest.fixture
def tabs() -> Iterator[list]:
    """Every tab the test opens, each in its own context, closed at the end."""
    opened: list = []
    yield opened
    for tab in opened:
        tab.context.close()


def sign_in(browser, url: str, email: str, tabs: list):
    """A logged-in tab in its own context; YouTube's thumbnails in the editor stay offline."""
    context = browser.new_context(locale="id-ID", viewport={"width": 1600, "height": 1000})
    tab = watched_tab(context, tabs)
    tab.route(is_youtube, lambda route: route.abort())
    tab.goto(f"{url}/login")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Kata sandi").fill(STRONG_PASSWORD)
    tab.get_by_role("button", name="Masuk").click()
    expect(tab).to_have_url(f"{url}/admin/")
    return tab


def is_youtube(url: str) -> bool:
    """Any of YouTube's hosts: a route matcher and a filter for recorded requests."""
    return bool(YOUTUBE_HOSTS.search(urlsplit(url).hostname or ""))


def watched_tab(context, tabs: list):
    """A tab whose console errors (CSP violations included) the test checks at the end."""
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))
    tabs.append(tab)
    return tab


def photo_button(picker, caption: str):
    return picker.get_by_role("button", name=re.compile(re.escape(caption)))


def headline(tab):
    return tab.locator(".home__headline .card__title")


def test_a_story_travels_from_journalist_to_editor_to_the_readers_headline(
        browser, server, app, make_user, tabs, tmp_path: Path):
    url = server.url
    writer_user = make_user(email="sri@example.com", role="journalist", name="Sri Wartawati")
    make_user(email="redaktur@example.com", role="editor", name="Redaktur Pagi")
    make_user(email="budi@example.com", role="journalist", name="Budi Fotografer")
    colleague = make_user(email="andi@example.com", role="editor", name="Andi Redaktur")
    seed_library(app, writer_user, [("Pasar Pahing pagi", "Lapak sayur"),
                                    ("Sungai Brantas", "Perahu di sungai"),
                                    ("Gunung Kelud", "Kawah Gunung Kelud"),
                                    ("Simpang Lima Gumul", "Monumen di Gumul")])
    new_photo = tmp_path / "alun-alun.jpg"
    new_photo.write_bytes(jpeg((200, 60, 30)))

    # The journalist writes, inserting everything from the editor's own buttons.
    writer = sign_in(browser, url, "sri@example.com", tabs)
    writer.goto(f"{url}/admin/articles/new")
    writer.get_by_label("Judul", exact=True).fill(TITLE)
    body = writer.frame_locator(".tox-edit-area iframe")
    body.locator("body").click()
    writer.keyboard.type("Pagi di alun-alun.")
    picker = writer.get_by_role("dialog", name="Pustaka media")

    writer.get_by_role("button", name="Foto dari pustaka").click()
    picker.get_by_text("Unggah gambar baru").click()
    picker.get_by_label("Berkas (JPEG, PNG, WebP, GIF)").set_input_files(new_photo)
    picker.locator("#picker-upload-alt").fill("Warga di alun-alun")
    picker.locator("#picker-upload-caption").fill("Alun-alun Kediri")
    picker.get_by_role("button", name="Unggah", exact=True).click()
    expect(picker.get_by_text("Foto diunggah dan dipilih.")).to_be_visible()
    picker.get_by_role("button", name="Sisipkan foto").click()
    expect(body.locator('img[alt="Warga di alun-alun"]')).to_be_visible()
    writer.keyboard.type("Siang ke pasar.")

    writer.get_by_role("button", name="Foto dari pustaka").click()
    photo_button(picker, "Pasar Pahing pagi").click()
    picker.get_by_role("button", name="Sisipkan foto").click()
    expect(body.locator('img[alt="Lapak sayur"]')).to_be_visible()

    writer.get_by_role("button", name="Galeri foto").click()
    photo_button(picker, "Sungai Brantas").click()
    photo_button(picker, "Gunung Kelud").click()
    picker.get_by_role("button", name="Sisipkan galeri").click()
    expect(body.locator("figure.warta-gallery > figure")).to_have_count(2)
    writer.keyboard.type("Sore di sungai.")

    writer.get_by_role("button", name="Video YouTube").click()
    writer.get_by_label("Alamat video YouTube").fill(f"https://youtu.be/{VIDEO_ID}")
    writer.get_by_role("dialog").get_by_role("button", name="Sisipkan").click()
    expect(body.locator(f'figure[data-youtube-id="{VIDEO_ID}"]')).to_have_count(1)
    expect(body.locator("img")).to_have_count(4)  # the video kept every photo

    writer.get_by_role("button", name="Simpan", exact=True).click()
    expect(writer).to_have_url(re.compile(r"/edit\?saved=1"))
    writer.get_by_role("button", name="Ajukan ke redaktur").click()
    expect(writer).to_have_url(re.compile(r"/edit\?saved=1"))
    expect(writer.locator("#article-status")).to_have_text("menunggu redaktur")

    # The editor picks the featured image, credits the photographer and publishes.
    desk = sign_in(browser, url, "redaktur@example.com", tabs)
    desk.goto(f"{url}/admin/articles/?status=review")
    desk.get_by_role("link", name=TITLE).click()
    # The picker's script is deferred: a click before the page has loaded would do nothing.
    desk.wait_for_url(re.compile(r"/admin/articles/\d+/edit$"))
    desk_picker = desk.get_by_role("dialog", name="Pustaka media")
    desk.get_by_role("button", name="Pilih dari pustaka media").click()
    photo_button(desk_picker, "Simpang Lima Gumul").click()
    desk_picker.get_by_role("button", name="Jadikan gambar utama").click()
    expect(desk_picker).to_be_hidden()
    expect(desk.locator("[data-featured-preview]")).to_be_visible()
    expect(desk.get_by_label("Teks alternatif foto")).to_have_value("Monumen di Gumul")
    row = desk.get_by_role("group", name="Penulis lain 1")
    row.get_by_label("Nama").select_option(label="Budi Fotografer")
    row.get_by_label("Peran").select_option(label="Fotografer")
    desk.get_by_role("button", name="Terbitkan / jadwalkan").click()
    expect(desk).to_have_url(re.compile(r"/edit\?saved=1"))
    expect(desk.locator("#article-status")).to_have_text("terbit")

    # Meanwhile a colleague publishes a newer story with a photo: left alone, it would lead
    # the home page.
    with app.test_request_context():
        user = db.session.get(User, colleague.id)
        photo = import_image(io.BytesIO(jpeg((90, 160, 40))), caption="Pasar cabai",
                             alt="Pedagang cabai")
        photo.uploader_id = user.id
        services.publish(user, services.save_article(user, services.ArticleInput(
            title=OTHER_TITLE, body="<p>Isi berita.</p>", image_id=photo.id)))
    reader_context = browser.new_context(locale="id-ID",
                                         viewport={"width": 1280, "height": 900})
    youtube_requests: list[str] = []
    reader_context.on("request", lambda request: is_youtube(request.url)
                      and youtube_requests.append(request.url))
    reader_context.route(is_youtube, lambda route: route.abort())  # recorded all the same
    reader = watched_tab(reader_context, tabs)
    reader.goto(url)
    expect(headline(reader)).to_have_text(OTHER_TITLE)

    desk.get_by_role("link", name="Halaman depan").click()
    desk.wait_for_url(f"{url}/admin/front-page/")
    desk.get_by_label("Berita", exact=True).first.select_option(label=TITLE)
    desk.get_by_label("Urutan (1 = utama)").fill("1")
    desk.get_by_role("button", name="Sematkan", exact=True).click()
    expect(desk.get_by_role("status").filter(has_text="disematkan")).to_be_visible()
    expect(desk.locator("[data-front-pins] tr").first).to_contain_text(TITLE)

    # The reader, not logged in, finds the story at the top, and YouTube only after a click.
    reader.goto(url)
    expect(headline(reader)).to_have_text(TITLE)
    expect(reader.locator(".home__headline img")).to_have_attribute("srcset", re.compile("1600w$"))
    headline(reader).get_by_role("link").click()
    expect(reader).to_have_url(re.compile(r"/berita/sehari-di-kediri$"))
    meta = reader.locator(".article__meta")
    expect(meta).to_contain_text("Penulis: Sri Wartawati")
    expect(meta).to_contain_text("Fotografer: Budi Fotografer")
    expect(reader.locator(".article__image img")).to_have_attribute("alt", "Monumen di Gumul")
    expect(reader.locator(".article__image img")).to_have_attribute("srcset",
                                                                      re.compile("1600w$"))
    article_body = reader.locator(".article__body")
    inline = article_body.locator("img[srcset]")
    expect(inline).to_have_count(4)
    for index in range(4):
        expect(inline.nth(index)).to_have_attribute("srcset", re.compile("^/uploads/.*1600w$"))
    for alt in ("Warga di alun-alun", "Lapak sayur"):
        expect(article_body.get_by_role("img", name=alt)).to_be_visible()
    gallery = article_body.get_by_role("list", name=re.compile("Galeri foto, 2 foto"))
    expect(gallery.get_by_role("listitem")).to_have_count(2)
    expect(gallery.get_by_role("img", name="Kawah Gunung Kelud")).to_have_count(1)
    text = article_body.inner_text()
    assert text.index("Pagi di alun-alun.") < text.index("Siang ke pasar.") < text.index(
        "Sore di sungai.")
    facade = reader.locator("[data-youtube-facade]")
    expect(facade).to_have_count(1)
    expect(reader.locator("iframe")).to_have_count(0)
    assert youtube_requests == []

    with reader.expect_request(lambda request: is_youtube(request.url)):
        facade.get_by_role("link").click()
    expect(facade.locator("iframe")).to_have_attribute(
        "src", f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?autoplay=1")
    expect(reader).to_have_url(re.compile(r"/berita/sehari-di-kediri$"))
    for tab in tabs:
        assert tab.console_errors == [], tab.url
