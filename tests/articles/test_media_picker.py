"""The media picker's endpoints: search and paging, upload, editing an image's words."""

from __future__ import annotations

import io
from datetime import datetime

import pytest

from cms.extensions import db
from plugins.articles.models import Media
from tests.articles.conftest import login_as
from tests.articles.test_media import image_bytes, media_rows, upload
from tests.conftest import STRONG_PASSWORD

SEARCH = "/admin/media/picker/search"
UPLOAD = "/admin/media/picker/upload"


@pytest.fixture
def writer(make_user):
    return make_user(role="journalist", name="Sri Wartawati", email="sri@example.com")


@pytest.fixture
def colleague(make_user):
    return make_user(role="journalist", name="Bagus Fotografer", email="bagus@example.com")


def add_media(app, uploader, caption: str = "", credit: str = "", alt: str = "",
              created_at: datetime | None = None) -> int:
    """A library row without a file: enough for searching and editing."""
    with app.app_context():
        row = Media(path=f"2026/11/{Media.query.count():016x}.jpg", width=800, height=600,
                    format="JPEG", size_bytes=1000, caption=caption, credit=credit, alt=alt,
                    uploader_id=uploader.id if uploader else None,
                    created_at=created_at or datetime(2026, 11, 20, 3, 0))
        db.session.add(row)
        db.session.commit()
        return row.id


def ids(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.get_json()["items"]]


def test_search_filters_by_caption_credit_uploader_and_date(app, writer, make_user):
    editor = make_user(role="editor", name="Redaktur Pagi")
    flood = add_media(app, writer, caption="Banjir di Desa Kras", credit="Dok. Warga",
                      created_at=datetime(2026, 11, 2, 3, 0))
    market = add_media(app, writer, caption="Pasar Pahing", alt="Lapak sayur banjir pembeli",
                       credit="bsr1", created_at=datetime(2026, 11, 20, 3, 0))
    other = add_media(app, editor, caption="Rapat DPRD", credit="Humas Pemkab",
                      created_at=datetime(2026, 11, 25, 3, 0))
    client = login_as(app, editor)
    assert ids(client.get(SEARCH)) == [other, market, flood]
    assert ids(client.get(SEARCH, query_string={"q": "banjir"})) == [market, flood]
    assert ids(client.get(SEARCH, query_string={"q": "100%_"})) == []
    assert ids(client.get(SEARCH, query_string={"credit": "warga"})) == [flood]
    assert ids(client.get(SEARCH, query_string={"uploader": "wartawati"})) == [market, flood]
    assert ids(client.get(SEARCH, query_string={"uploader": "sri@example"})) == [market, flood]
    assert ids(client.get(SEARCH, query_string={"from": "2026-11-20"})) == [other, market]
    assert ids(client.get(SEARCH, query_string={"from": "2026-11-01", "to": "2026-11-20"})) == [
        market, flood]
    answer = client.get(SEARCH, query_string={"q": "Rapat"}).get_json()
    [item] = answer["items"]
    assert item["caption"] == "Rapat DPRD" and item["credit"] == "Humas Pemkab"
    assert item["uploader"] == "Redaktur Pagi"
    assert item["src"].startswith("/uploads/2026/11/")
    assert item["details_url"] == f"/admin/media/picker/{other}"
    assert (answer["total"], answer["pages"], answer["has_next"]) == (1, 1, False)


def test_search_pages_through_the_library_newest_first(app, writer):
    made = [add_media(app, writer, caption=f"Foto {n}") for n in range(30)]
    client = login_as(app, writer)
    first = client.get(SEARCH).get_json()
    assert [item["id"] for item in first["items"]] == made[::-1][:24]
    assert (first["page"], first["pages"], first["total"]) == (1, 2, 30)
    assert first["has_next"] and not first["has_prev"]
    second = client.get(SEARCH, query_string={"page": 2}).get_json()
    assert [item["id"] for item in second["items"]] == made[::-1][24:]
    assert second["has_prev"] and not second["has_next"]
    assert ids(client.get(SEARCH, query_string={"page": 9})) == []


@pytest.mark.parametrize(("args", "message"), [
    ({"page": "dua"}, "Nomor halaman harus bilangan bulat"),
    ({"page": "0"}, "Nomor halaman harus bilangan bulat"),
    ({"page": "99999999999999999999"}, "Nomor halaman harus bilangan bulat"),
    ({"from": "17-08-2026"}, "Tanggal harus ditulis TTTT-BB-HH"),
    ({"to": "2026-02-30"}, "Tanggal harus ditulis TTTT-BB-HH"),
    ({"from": "2026-12-01", "to": "2026-11-01"}, "Tanggal awal harus sebelum tanggal akhir."),
    ({"q": "x" * 201}, "Kata pencarian paling panjang 200 karakter."),
])
def test_bad_search_answers_400_with_the_reason(app, writer, args, message):
    response = login_as(app, writer).get(SEARCH, query_string=args)
    assert response.status_code == 400
    assert message in response.get_json()["error"]


def test_journalist_picks_from_own_and_published_images_only(app, writer, colleague,
                                                            make_article):
    mine = add_media(app, writer, caption="Milik sendiri")
    embargoed = add_media(app, colleague, caption="Foto embargo")
    published = add_media(app, colleague, caption="Sudah terbit")
    make_article(author=colleague, image_id=embargoed)
    make_article(author=colleague, status="published", image_id=published)
    client = login_as(app, writer)
    assert ids(client.get(SEARCH)) == [published, mine]
    answer = {item["id"]: item for item in client.get(SEARCH).get_json()["items"]}
    assert answer[mine]["details_url"] == f"/admin/media/picker/{mine}"
    assert answer[published]["details_url"] is None  # another's photo: pick, not edit
    response = client.post(f"/admin/media/picker/{embargoed}", json={"alt": "x"})
    assert response.status_code == 404
    response = client.post(f"/admin/media/picker/{published}", json={"alt": "x"})
    assert response.status_code == 403
    assert "Hanya pengunggah gambar atau redaktur" in response.get_json()["error"]
    with app.app_context():
        assert db.session.get(Media, published).alt == ""


@pytest.mark.parametrize("role", ["partner", None])
def test_picker_is_closed_to_partners_and_readers(app, make_user, writer, role):
    item = add_media(app, writer, caption="Rahasia")
    client = login_as(app, make_user(role=role)) if role else app.test_client()
    for response in (client.get(SEARCH), client.post(f"/admin/media/picker/{item}", json={}),
                     upload(client, UPLOAD, image_bytes(), "foto.png")):
        assert response.status_code == (403 if role else 302)
    assert len(media_rows(app)) == 1


def test_uploader_edits_alt_caption_and_credit_in_place(app, writer):
    item = add_media(app, writer, caption="Lama", credit="Lama")
    client = login_as(app, writer)
    response = client.post(f"/admin/media/picker/{item}", json={
        "alt": "  Warga   menyeberang ", "caption": "Banjir di Kras", "credit": "Foto: bsr1"})
    assert response.status_code == 200
    answer = response.get_json()
    assert (answer["alt"], answer["caption"], answer["credit"]) == (
        "Warga menyeberang", "Banjir di Kras", "bsr1")
    response = client.post(f"/admin/media/picker/{item}", json={"caption": ""})
    assert response.get_json()["caption"] == "" and response.get_json()["alt"] == (
        "Warga menyeberang")


def test_editor_edits_anyones_image(app, writer, make_user):
    item = add_media(app, writer)
    client = login_as(app, make_user(role="editor"))
    assert client.post(f"/admin/media/picker/{item}", json={"alt": "Pasar"}).status_code == 200
    with app.app_context():
        assert db.session.get(Media, item).alt == "Pasar"


@pytest.mark.parametrize(("payload", "message"), [
    ({"alt": "a" * 301}, "Teks alternatif paling panjang 300 karakter."),
    ({"caption": "a" * 501}, "Keterangan paling panjang 500 karakter."),
    ({"credit": ["bsr1"]}, "Kredit foto harus berupa teks."),
    (["alt"], "Kirim isian sebagai objek JSON"),
])
def test_bad_details_answer_400_and_change_nothing(app, writer, payload, message):
    item = add_media(app, writer, alt="Tetap")
    response = login_as(app, writer).post(f"/admin/media/picker/{item}", json=payload)
    assert response.status_code == 400
    assert message in response.get_json()["error"]
    with app.app_context():
        assert db.session.get(Media, item).alt == "Tetap"


def test_details_of_an_unknown_image_is_404(app, writer):
    response = login_as(app, writer).post("/admin/media/picker/999", json={"alt": "x"})
    assert response.status_code == 404


def test_upload_from_the_picker_answers_the_new_item(app, writer):
    client = login_as(app, writer)
    response = upload(client, UPLOAD, image_bytes("JPEG", (1200, 800)), "kras.jpg",
                      caption="Banjir", credit="Foto: Dok. Warga", alt="Jalan tergenang")
    assert response.status_code == 201
    [row] = media_rows(app)
    answer = response.get_json()
    assert answer["id"] == row.id and answer["src"] == f"/uploads/{row.variants[1024]}"
    assert answer["thumb"] == f"/uploads/{row.variants[320]}"
    assert (answer["alt"], answer["caption"], answer["width"]) == ("Jalan tergenang", "Banjir",
                                                                  1200)
    assert ids(client.get(SEARCH, query_string={"q": "Banjir"})) == [row.id]


def test_upload_of_a_non_image_is_400_with_the_reason(app, writer):
    response = upload(login_as(app, writer), UPLOAD, b"bukan gambar", "catatan.jpg")
    assert response.status_code == 400
    assert "Berkas bukan gambar yang didukung" in response.get_json()["error"]
    response = login_as(app, writer).post(UPLOAD, data={})
    assert response.status_code == 400
    assert response.get_json()["error"] == "Pilih berkas gambar untuk diunggah."
    assert media_rows(app) == []


def csrf_token(client) -> str:
    page = client.get("/admin/articles/new").get_data(as_text=True)
    return page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]


def test_every_post_needs_the_csrf_token(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True, PLUGINS=["articles"])
    writer = make_user(role="journalist")
    item = add_media(app, writer, alt="Tetap")
    client = app.test_client()
    token = client.get("/login").get_data(as_text=True).split(
        'name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": writer.email, "password": STRONG_PASSWORD,
                                "csrf_token": token})
    refused = [client.post(f"/admin/media/picker/{item}", json={"alt": "Baru"}),
               upload(client, UPLOAD, image_bytes(), "foto.png")]
    assert [response.status_code for response in refused] == [400, 400]
    assert len(media_rows(app)) == 1
    token = csrf_token(client)
    response = client.post(f"/admin/media/picker/{item}", json={"alt": "Baru"},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 200
    response = client.post(UPLOAD, data={"file": (io.BytesIO(image_bytes()), "foto.png")},
                           headers={"X-CSRFToken": token}, content_type="multipart/form-data")
    assert response.status_code == 201


def test_editor_page_offers_the_picker_and_the_featured_image_button(app, writer):
    page = login_as(app, writer).get("/admin/articles/new").get_data(as_text=True)
    assert 'id="media-picker"' in page
    assert 'data-search-url="/admin/media/picker/search"' in page
    assert "Pilih dari pustaka media" in page
    assert "/admin/articles/static/picker.js" in page
