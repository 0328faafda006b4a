"""The editor's promises: clean HTML, stable slugs, autosave, big articles, restore offers."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from cms.extensions import db
from plugins.articles.models import Article
from tests.articles.conftest import form_of, load, login_as


def create(client, **fields) -> int:
    data = {"title": "Judul Uji", "body": "<p>Isi</p>", "category_id": "", "action": "save"}
    response = client.post("/admin/articles/new", data=data | fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].split("/admin/articles/")[1].split("/")[0])


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>a<script>alert(1)</script></p>", "<script"),
        ('<p><img src="x.jpg" onerror="alert(1)"></p>', "onerror"),
        ('<p><a href="javascript:alert(1)">klik</a></p>', "javascript:"),
        ('<p style="color:red">merah</p>', "style="),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<p class="MsoNormal"><o:p>Word</o:p><span style="mso-x:1">teks</span></p>', "mso"),
    ],
)
def test_body_is_sanitized_on_save(app, writer, dirty, forbidden):
    article_id = create(login_as(app, writer), body=dirty)
    assert forbidden not in load(app, article_id).body


def test_slug_from_title_unique_and_stable_after_publishing(app, editor, client):
    client_editor = login_as(app, editor)
    first = create(client_editor, title="Banjir di Kediri: Warga Mengungsi!")
    second = create(client_editor, title="Banjir di Kediri: Warga Mengungsi!")
    assert load(app, first).slug == "banjir-di-kediri-warga-mengungsi"
    assert load(app, second).slug == "banjir-di-kediri-warga-mengungsi-2"
    data = form_of(client_editor, first) | {"action": "publish"}
    client_editor.post(f"/admin/articles/{first}/edit", data=data)
    data = form_of(client_editor, first) | {"title": "Judul Baru Sama Sekali", "action": "save"}
    client_editor.post(f"/admin/articles/{first}/edit", data=data)
    assert load(app, first).slug == "banjir-di-kediri-warga-mengungsi"  # title edits keep it
    data = form_of(client_editor, first) | {"slug": "banjir-kediri", "action": "save"}
    client_editor.post(f"/admin/articles/{first}/edit", data=data)
    assert load(app, first).slug == "banjir-kediri"
    moved = client.get("/berita/banjir-di-kediri-warga-mengungsi")
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith("/berita/banjir-kediri")


def test_slug_with_indonesian_and_accents(app, writer):
    article_id = create(login_as(app, writer), title="Café “Kopi Ndeso” Dibuka — Rp10.000 Saja")
    assert load(app, article_id).slug == "cafe-kopi-ndeso-dibuka-rp10-000-saja"


def test_public_page_shows_dateline_byline_and_tags(app, editor, client, category):
    client_editor = login_as(app, editor)
    article_id = create(client_editor, title="Pelatihan KIM", dateline="Kediri", byline="bsr1",
                        tags="KIM, Diskominfo", category_id=str(category))
    client_editor.post(f"/admin/articles/{article_id}/edit",
                       data=form_of(client_editor, article_id) | {"action": "publish",
                                                                  "category_id": str(category)})
    page = client.get(f"/berita/{load(app, article_id).slug}").get_data(as_text=True)
    assert '<span class="article__dateline">KEDIRI, Warta –</span>' in page
    assert "(bsr1)" in page
    assert "Diskominfo" in page and "Pemerintahan" in page


def test_drafts_are_never_public(app, writer, client):
    article_id = create(login_as(app, writer), title="Rahasia Redaksi")
    assert client.get(f"/berita/{load(app, article_id).slug}").status_code == 404
    assert "Rahasia Redaksi" not in client.get("/").get_data(as_text=True)


def test_two_megabyte_article_saves(app, writer):
    paragraph = "<p>" + ("Warga desa bergotong royong membersihkan saluran air. " * 40) + "</p>"
    body = paragraph * (2_100_000 // len(paragraph))
    article_id = create(login_as(app, writer), body=body)
    assert len(load(app, article_id).body) >= 2_000_000


def test_request_over_the_limit_gets_413_with_a_clear_page(app, writer):
    client = login_as(app, writer)
    response = client.post("/admin/articles/new", data={
        "title": "Terlalu besar", "body": "x" * (17 * 1024 * 1024), "action": "save"})
    assert response.status_code == 413
    assert "Data terlalu besar" in response.get_data(as_text=True)


def test_autosave_keeps_text_without_touching_the_article(app, writer):
    client = login_as(app, writer)
    article_id = create(client)
    before = load(app, article_id)
    response = client.post(f"/admin/articles/{article_id}/autosave", json={
        "draft_key": "kunci-uji-123", "fields": {"title": "Belum disimpan", "body": "<p>baru</p>"}})
    assert response.status_code == 200
    assert response.json["csrf_token"]
    after = load(app, article_id)
    assert (after.title, after.version) == (before.title, before.version)
    page = client.get(f"/admin/articles/{article_id}/edit").get_data(as_text=True)
    assert "tersimpan otomatis di server" in page
    assert "Belum disimpan" in page  # offered back for restoring


def test_autosave_of_a_new_article_is_offered_back(app, writer):
    client = login_as(app, writer)
    client.post("/admin/articles/autosave", json={"draft_key": "draf-baru-42",
                                                  "fields": {"title": "Ditulis saat mati lampu"}})
    with app.test_request_context():
        from plugins.articles import autosave

        user = db.session.get(type(writer), writer.id)
        assert autosave.newer_than_article(user, None, "draf-baru-42").data["title"] == (
            "Ditulis saat mati lampu")


@pytest.mark.parametrize("payload", [
    None, [], {"fields": "teks"}, {"draft_key": "x", "fields": {}},
    {"draft_key": "../../etc", "fields": {}},
])
def test_malformed_autosave_is_400(app, writer, payload):
    client = login_as(app, writer)
    kwargs = {"data": "bukan json", "content_type": "application/json"} if payload is None else {
        "json": payload}
    response = client.post("/admin/articles/autosave", **kwargs)
    assert response.status_code == 400
    assert "error" in response.json


def test_autosave_after_logout_answers_without_losing_anything(app, writer):
    client = login_as(app, writer)
    client.post("/logout")
    response = client.post("/admin/articles/autosave", json={"draft_key": "kunci-uji-123",
                                                             "fields": {"title": "x"}},
                           headers={"Accept": "application/json"})
    assert response.status_code in (302, 401)


def test_draft_key_of_someone_else_is_refused(app, writer, make_user):
    login_as(app, writer).post("/admin/articles/autosave", json={
        "draft_key": "milik-wartawan-1", "fields": {"title": "a"}})
    other = login_as(app, make_user(role="journalist"))
    response = other.post("/admin/articles/autosave", json={
        "draft_key": "milik-wartawan-1", "fields": {"title": "b"}})
    assert response.status_code == 400


def test_successful_save_discards_the_autosave(app, writer):
    client = login_as(app, writer)
    article_id = create(client)
    client.post(f"/admin/articles/{article_id}/autosave", json={
        "draft_key": "kunci-simpan-1", "fields": {"title": "Sementara"}})
    data = form_of(client, article_id) | {"draft_key": "kunci-simpan-1", "action": "save"}
    client.post(f"/admin/articles/{article_id}/edit", data=data)
    page = client.get(f"/admin/articles/{article_id}/edit").get_data(as_text=True)
    assert "tersimpan otomatis di server" not in page


def test_editor_page_loads_tinymce_under_a_relaxed_style_policy(app, writer):
    response = login_as(app, writer).get("/admin/articles/new")
    assert "vendor/tinymce/tinymce.min.js" in response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "script-src 'self';" in csp  # scripts stay strict


def test_listing_filters_by_status(app, editor, make_article):
    make_article(title="Sudah Terbit", status="published")
    make_article(title="Masih Draf")
    client = login_as(app, editor)
    page = client.get("/admin/articles/?status=published").get_data(as_text=True)
    assert "Sudah Terbit" in page and "Masih Draf" not in page
    assert client.get("/admin/articles/?status=ngawur&page=-3").status_code == 200


def test_categories_are_managed_by_editors(app, editor):
    client = login_as(app, editor)
    client.post("/admin/categories", data={"name": "Olahraga", "position": "1"})
    client.post("/admin/categories", data={"name": "Olahraga", "position": "2"})
    with app.app_context():
        slugs = sorted(db.session.scalars(select(
            __import__("plugins.articles.models", fromlist=["Category"]).Category.slug)))
    assert slugs == ["olahraga", "olahraga-2"]
    assert client.post("/admin/categories", data={"name": "!!!"}).status_code == 200


def test_dashboard_widget_counts_articles(app, editor, make_article):
    make_article(status="published")
    page = login_as(app, editor).get("/admin/").get_data(as_text=True)
    assert "Terbit: 1" in page


def test_article_json_snapshot_in_revision(app, writer):
    client = login_as(app, writer)
    article_id = create(client, tags="banjir, Kediri")
    with app.app_context():
        from plugins.articles.models import Revision

        revision = db.session.scalar(select(Revision).where(Revision.article_id == article_id))
        assert json.loads(revision.data_json)["tags"] == ["banjir", "Kediri"]
        assert db.session.get(Article, article_id).version == 1


def test_stale_csrf_token_reshows_the_text_with_a_reason(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True, PLUGINS=["articles"])
    user = make_user(role="journalist")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": user.email, "password": "kopi-tubruk-di-pasar-Pare",
                                "csrf_token": token})
    response = client.post("/admin/articles/new", data={
        "title": "Tulisan Tiga Jam", "body": "<p>Jangan sampai hilang</p>",
        "csrf_token": "kedaluwarsa", "action": "save"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "sudah kedaluwarsa" in page
    assert "Tulisan Tiga Jam" in page and "Jangan sampai hilang" in page
    fresh = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    again = client.post("/admin/articles/new", data={
        "title": "Tulisan Tiga Jam", "body": "<p>Jangan sampai hilang</p>",
        "csrf_token": fresh, "category_id": "", "action": "save"})
    assert again.status_code == 302
