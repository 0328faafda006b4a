"""The media library over HTTP: uploads from the media page and the editor, and serving them."""

from __future__ import annotations

import io
import random
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from cms.extensions import db
from plugins.articles.models import Media
from tests.articles.conftest import load, login_as

REFUSED = "Berkas bukan gambar yang didukung (JPEG, PNG, WebP, GIF)."
NO_FILE = "Pilih berkas gambar untuk diunggah."


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (800, 400), noise: bool = False) -> bytes:
    """A real image made in memory; ``noise`` makes it too random to compress well."""
    if noise:
        pixels = random.Random(7).randbytes(size[0] * size[1] * 3)
        image = Image.frombytes("RGB", size, pixels)
    else:
        image = Image.new("RGB", size, (30, 120, 200))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def upload(client, url: str, content: bytes, filename: str, **fields):
    data = {"file": (io.BytesIO(content), filename), **fields}
    return client.post(url, data=data, content_type="multipart/form-data")


def fetch(client, url: str) -> tuple[int, str, bytes]:
    """GET ``url`` and close the response (served files stay open until then)."""
    with client.get(url) as response:
        return response.status_code, response.mimetype, response.get_data()


def media_rows(app) -> list[Media]:
    with app.app_context():
        rows = db.session.scalars(select(Media).order_by(Media.id)).all()
        db.session.expunge_all()
        return rows


def stored_files(instance_path: Path) -> list[Path]:
    folder = instance_path / "uploads"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.fixture
def writer(make_user):
    return make_user(role="journalist", name="Wartawan Foto")


def test_media_page_upload_keeps_caption_credit_alt_and_uploader(app, writer, instance_path):
    client = login_as(app, writer)
    response = upload(client, "/admin/media", image_bytes("PNG"), "banjir-kras.png",
                      caption="Banjir di Desa Kras", credit="Dok. Warga", alt="Jalan tergenang")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/media")
    [item] = media_rows(app)
    assert (item.caption, item.credit, item.alt) == ("Banjir di Desa Kras", "Dok. Warga",
                                                    "Jalan tergenang")
    assert item.uploader_id == writer.id
    assert (item.width, item.height, item.format) == (800, 400, "PNG")
    assert "banjir-kras" not in item.path
    uploads = instance_path / "uploads"
    assert (uploads / item.path).is_file()
    assert sorted(item.variants) == [320, 640]
    assert all((uploads / path).is_file() for path in item.variants.values())
    page = client.get("/admin/media").get_data(as_text=True)
    assert f"Gambar #{item.id} diunggah." in page
    assert "Banjir di Desa Kras" in page
    status, mimetype, content = fetch(client, f"/uploads/{item.path}")
    assert (status, mimetype) == (200, "image/png")
    assert Image.open(io.BytesIO(content)).size == (800, 400)


def test_editor_upload_answers_location_and_id(app, writer, instance_path):
    client = login_as(app, writer)
    response = upload(client, "/admin/media/editor-upload", image_bytes("JPEG", (1200, 900)),
                      "IMG_2031.JPG", caption="Panen padi", credit="bsr1")
    assert response.status_code == 200
    answer = response.get_json()
    [item] = media_rows(app)
    assert answer == {"location": f"/uploads/{item.path}", "id": item.id}
    assert (item.caption, item.credit, item.uploader_id) == ("Panen padi", "bsr1", writer.id)
    assert (instance_path / "uploads" / item.path).is_file()
    status, mimetype, content = fetch(app.test_client(), answer["location"])  # no login needed
    assert (status, mimetype) == (200, "image/jpeg")
    assert Image.open(io.BytesIO(content)).size == (1200, 900)


@pytest.mark.parametrize(
    "url",
    [
        "/uploads/../../etc/passwd",
        "/uploads/..%2F..%2Fetc%2Fpasswd",
        "/uploads/2026/11/evil.php",
        "/uploads/2026/11/catatan.txt",
        "/uploads/2026/11/0123456789abcdef.jpg",
        "/uploads/2026/11/0123456789abcdef.jpg.php",
    ],
)
def test_only_generated_names_that_exist_are_served(app, client, instance_path, url):
    folder = instance_path / "uploads" / "2026" / "11"
    folder.mkdir(parents=True)
    (folder / "evil.php").write_text("<?php system($_GET['c']);")
    (folder / "catatan.txt").write_text("rahasia redaksi")
    (folder / "0123456789abcdef.jpg.php").write_text("<?php echo 1;")
    assert fetch(client, url)[0] == 404


CORRUPT = "Berkas gambar rusak atau tidak lengkap."
NOT_IMAGES = {
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo.svg", REFUSED),
    "text": (b"Ini bukan gambar, hanya catatan liputan.", "catatan.txt", REFUSED),
    "html renamed to jpg": (b"<!doctype html><html><script>alert(1)</script></html>",
                            "foto.jpg", REFUSED),
    "truncated png": (image_bytes("PNG")[:200], "potong.png", CORRUPT),
}


@pytest.mark.parametrize("upload_case", NOT_IMAGES.values(), ids=NOT_IMAGES.keys())
def test_media_page_refuses_what_is_not_an_image(app, writer, instance_path, upload_case):
    content, filename, message = upload_case
    response = upload(login_as(app, writer), "/admin/media", content, filename)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert media_rows(app) == []
    assert stored_files(instance_path) == []


@pytest.mark.parametrize("upload_case", NOT_IMAGES.values(), ids=NOT_IMAGES.keys())
def test_editor_upload_refuses_what_is_not_an_image(app, writer, instance_path, upload_case):
    content, filename, message = upload_case
    response = upload(login_as(app, writer), "/admin/media/editor-upload", content, filename)
    assert response.status_code == 400
    assert response.get_json()["error"].startswith(message)
    assert media_rows(app) == []
    assert stored_files(instance_path) == []


@pytest.mark.parametrize("url", ["/admin/media", "/admin/media/editor-upload"])
def test_upload_over_the_byte_limit_is_413_with_a_message(make_app, make_user, instance_path,
                                                           url):
    small = make_app(ARTICLES_MAX_IMAGE_BYTES=1000)
    client = login_as(small, make_user(role="journalist"))
    content = image_bytes("PNG", (64, 64), noise=True)
    assert len(content) > 1000
    response = upload(client, url, content, "besar.png")
    assert response.status_code == 413
    message = "Berkas terlalu besar (maksimal 1000 bita)."
    if url.endswith("editor-upload"):
        assert response.get_json() == {"error": message}
    else:
        assert message in response.get_data(as_text=True)
    assert media_rows(small) == []
    assert stored_files(instance_path) == []


def test_request_over_the_server_limit_is_413_the_editor_can_read(make_app, make_user,
                                                                  instance_path):
    small = make_app(MAX_CONTENT_LENGTH=5000)
    client = login_as(small, make_user(role="journalist"))
    content = image_bytes("PNG", (64, 64), noise=True)
    response = client.post("/admin/media/editor-upload",
                           data={"file": (io.BytesIO(content), "besar.png")},
                           headers={"Accept": "application/json"},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert response.get_json()["error"] == "Data terlalu besar"
    page = upload(client, "/admin/media", content, "besar.png")
    assert page.status_code == 413
    assert "Data terlalu besar" in page.get_data(as_text=True)
    assert stored_files(instance_path) == []


def test_upload_under_the_byte_limit_is_accepted(make_app, make_user):
    small = make_app(ARTICLES_MAX_IMAGE_BYTES=1000)
    client = login_as(small, make_user(role="journalist"))
    content = image_bytes("PNG", (16, 16))
    assert len(content) < 1000
    response = upload(client, "/admin/media/editor-upload", content, "kecil.png")
    assert response.status_code == 200
    assert len(media_rows(small)) == 1


def test_no_file_chosen_is_400_with_a_message(app, writer):
    client = login_as(app, writer)
    page = client.post("/admin/media", data={"caption": "Tanpa berkas"},
                       content_type="multipart/form-data")
    assert page.status_code == 400
    assert NO_FILE in page.get_data(as_text=True)
    empty_name = upload(client, "/admin/media", b"", "")
    assert empty_name.status_code == 400
    editor = client.post("/admin/media/editor-upload", data={},
                         content_type="multipart/form-data")
    assert editor.status_code == 400
    assert editor.get_json() == {"error": NO_FILE}
    assert media_rows(app) == []


def test_empty_file_is_400(app, writer):
    response = upload(login_as(app, writer), "/admin/media/editor-upload", b"", "kosong.png")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("Berkas kosong.")


def attempt(client, method: str, url: str):
    if method == "get":
        return client.get(url)
    return upload(client, url, image_bytes(), "foto.png")


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/admin/media"), ("post", "/admin/media"), ("post", "/admin/media/editor-upload")],
)
def test_partner_is_forbidden_and_anonymous_is_sent_to_login(app, make_user, instance_path,
                                                              method, url):
    partner = login_as(app, make_user(role="partner"))
    assert attempt(partner, method, url).status_code == 403
    redirected = attempt(app.test_client(), method, url)
    assert redirected.status_code == 302
    assert "/login" in redirected.headers["Location"]
    assert media_rows(app) == []
    assert stored_files(instance_path) == []


@pytest.mark.parametrize("role", ["journalist", "editor", "admin"])
def test_newsroom_roles_can_open_the_media_library(app, make_user, role):
    response = login_as(app, make_user(role=role)).get("/admin/media")
    assert response.status_code == 200
    assert "Pustaka media" in response.get_data(as_text=True)


class ImageTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def test_article_shows_its_featured_image_with_srcset_size_and_alt(app, writer, make_article):
    response = upload(login_as(app, writer), "/admin/media/editor-upload", image_bytes(),
                      "banjir.png", caption="Banjir di Desa Kras", credit="Dok. Warga")
    media_id = response.get_json()["id"]
    article_id = make_article(author=writer, status="published", image_id=media_id,
                              image_alt="Warga menyeberangi jalan yang tergenang")
    reader = app.test_client()
    page = reader.get(f"/berita/{load(app, article_id).slug}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    parser = ImageTags()
    parser.feed(html)
    [item] = media_rows(app)
    [featured] = [img for img in parser.images if img.get("src") == f"/uploads/{item.path}"]
    assert (featured["width"], featured["height"]) == ("800", "400")
    assert featured["alt"] == "Warga menyeberangi jalan yang tergenang"
    candidates = [entry.split() for entry in featured["srcset"].split(",")]
    assert [width for _, width in candidates] == ["320w", "640w", "800w"]
    for url, width in candidates:
        status, _, content = fetch(reader, url)
        assert status == 200
        assert f"{Image.open(io.BytesIO(content)).width}w" == width
    assert "Banjir di Desa Kras" in html
    assert "Dok. Warga" in html


def test_same_file_uploaded_twice_is_stored_twice_under_new_names(app, writer):
    client = login_as(app, writer)
    answers = [upload(client, "/admin/media/editor-upload", image_bytes(), "foto.png").get_json()
               for _ in range(2)]
    first, second = media_rows(app)
    assert first.path != second.path
    assert [answer["location"] for answer in answers] == [f"/uploads/{first.path}",
                                                          f"/uploads/{second.path}"]
    assert all(fetch(client, answer["location"])[0] == 200 for answer in answers)
