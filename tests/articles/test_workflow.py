"""Roles, ownership and the publishing workflow, through HTTP as writers use it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cms.extensions import db
from cms.hookspecs import hookimpl
from cms.models.user import utcnow
from cms.testing import register_temporarily
from plugins.articles.models import Article, Revision
from tests.articles.conftest import form_of, load, login_as

ROLES = ["partner", "journalist", "editor", "admin"]


@pytest.fixture
def people(make_user):
    return {role: make_user(role=role, name=f"Uji {role}") for role in ROLES} | {
        "owner": make_user(role="journalist", name="Pemilik Draf")}


@pytest.fixture
def draft(make_article, people):
    return make_article(author=people["owner"])


# (method, url template, expected status per role: partner, journalist(other), editor, admin)
MATRIX = [
    ("GET", "/admin/articles/", (403, 200, 200, 200)),
    ("GET", "/admin/articles/new", (403, 200, 200, 200)),
    ("GET", "/admin/articles/{id}/edit", (403, 403, 200, 200)),
    ("GET", "/admin/articles/{id}/preview", (403, 403, 200, 200)),
    ("GET", "/admin/articles/{id}/revisions", (403, 403, 200, 200)),
    ("POST", "/admin/articles/{id}/delete", (403, 403, 302, 302)),
    ("POST", "/admin/articles/{id}/autosave", (403, 403, 400, 400)),
    ("GET", "/admin/categories", (403, 403, 200, 200)),
    ("GET", "/admin/media", (403, 200, 200, 200)),
    ("GET", "/admin/articles/{id}/revisions/compare?a=1&b=1", (403, 403, 200, 200)),
    ("POST", "/admin/articles/{id}/revisions/1/restore", (403, 403, 302, 302)),
]


@pytest.mark.parametrize(("method", "url", "expected"), MATRIX)
@pytest.mark.parametrize("role_index", range(4), ids=ROLES)
def test_role_matrix(app, people, draft, method, url, expected, role_index):
    client = login_as(app, people[ROLES[role_index]])
    response = client.open(url.format(id=draft), method=method)
    assert response.status_code == expected[role_index]


@pytest.mark.parametrize("url", ["/admin/articles/", "/admin/articles/new", "/admin/media"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_owner_edits_own_draft_but_not_after_submitting(app, people, draft):
    client = login_as(app, people["owner"])
    data = form_of(client, draft) | {"title": "Banjir Surut", "action": "save"}
    assert client.post(f"/admin/articles/{draft}/edit", data=data).status_code == 302
    assert load(app, draft).title == "Banjir Surut"
    data = form_of(client, draft) | {"action": "submit"}
    assert client.post(f"/admin/articles/{draft}/edit", data=data).status_code == 302
    assert load(app, draft).status == "review"
    data = form_of(client, draft) | {"title": "Diubah lagi", "action": "save"}
    assert client.post(f"/admin/articles/{draft}/edit", data=data).status_code == 403
    assert load(app, draft).title == "Banjir Surut"


def test_journalist_cannot_publish(app, people, draft):
    client = login_as(app, people["owner"])
    data = form_of(client, draft) | {"action": "publish"}
    assert client.post(f"/admin/articles/{draft}/edit", data=data).status_code == 403
    assert load(app, draft).status == "draft"


def test_other_journalist_cannot_touch_a_draft_by_id(app, people, draft):
    client = login_as(app, people["journalist"])
    for url in (f"/admin/articles/{draft}/edit", f"/admin/articles/{draft}/preview"):
        assert client.get(url).status_code == 403
    assert client.post(f"/admin/articles/{draft}/edit", data={"title": "x", "version": "1",
                                                              "action": "save"}).status_code == 403
    assert client.post(f"/admin/articles/{draft}/delete").status_code == 403
    assert load(app, draft) is not None
    listing = client.get("/admin/articles/").get_data(as_text=True)
    assert "Banjir Melanda Desa Kras" not in listing


def test_mass_assignment_changes_nothing(app, people):
    owner = people["owner"]
    client = login_as(app, owner)
    response = client.post("/admin/articles/new", data={
        "title": "Coba Terbit Sendiri", "body": "<p>x</p>", "category_id": "",
        "status": "published", "author_id": str(people["admin"].id), "role": "admin",
        "published_at": "2020-01-01T00:00", "version": "99", "action": "save"})
    assert response.status_code == 302
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.title == "Coba Terbit Sendiri"))
        assert article.status == "draft"
        assert article.author_id == owner.id
        assert article.published_at is None
        assert article.author.role_key == "journalist"


def test_editor_publishes_now_and_readers_see_it(app, people, draft, client):
    editor = login_as(app, people["editor"])
    data = form_of(editor, draft) | {"action": "publish"}
    assert editor.post(f"/admin/articles/{draft}/edit", data=data).status_code == 302
    article = load(app, draft)
    assert article.status == "published"
    assert client.get(f"/berita/{article.slug}").status_code == 200


def test_scheduled_article_appears_on_its_own_time(app, people, draft, client):
    editor = login_as(app, people["editor"])
    data = form_of(editor, draft) | {"action": "publish", "publish_at": "2099-01-01T08:00"}
    assert editor.post(f"/admin/articles/{draft}/edit", data=data).status_code == 302
    article = load(app, draft)
    assert article.status == "scheduled"
    assert article.published_at.hour == 1  # 08:00 WIB is 01:00 UTC
    assert client.get(f"/berita/{article.slug}").status_code == 404
    assert article.title not in client.get("/").get_data(as_text=True)
    with app.app_context():
        db.session.get(Article, draft).published_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get(f"/berita/{article.slug}").status_code == 200
    assert article.title in client.get("/").get_data(as_text=True)


def test_unpublish_and_archive_hide_the_article(app, people, make_article, client):
    article_id = make_article(status="published")
    slug = load(app, article_id).slug
    editor = login_as(app, people["editor"])
    for action in ("unpublish", "archive"):
        data = form_of(editor, article_id) | {"action": action}
        assert editor.post(f"/admin/articles/{article_id}/edit", data=data).status_code == 302
        assert client.get(f"/berita/{slug}").status_code == 404
    assert load(app, article_id).status == "archived"


def test_unknown_action_is_a_bad_request(app, people, draft):
    editor = login_as(app, people["editor"])
    data = form_of(editor, draft) | {"action": "terbangkan"}
    assert editor.post(f"/admin/articles/{draft}/edit", data=data).status_code == 400


def test_second_save_from_an_old_version_is_refused_and_text_kept(app, people, draft):
    first, second = login_as(app, people["editor"]), login_as(app, people["admin"])
    stale = form_of(second, draft)
    fresh = form_of(first, draft) | {"title": "Versi Redaktur Pertama", "action": "save"}
    assert first.post(f"/admin/articles/{draft}/edit", data=fresh).status_code == 302
    response = second.post(f"/admin/articles/{draft}/edit",
                           data=stale | {"title": "Versi Kedua", "body": "<p>Teks kedua</p>",
                                         "action": "save"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "sudah disimpan oleh Uji editor" in page
    assert "Versi Kedua" in page and "Teks kedua" in page
    assert load(app, draft).title == "Versi Redaktur Pertama"


def test_editor_page_shows_who_else_has_it_open(app, people, draft):
    login_as(app, people["editor"]).get(f"/admin/articles/{draft}/edit")
    page = login_as(app, people["admin"]).get(f"/admin/articles/{draft}/edit")
    assert "juga sedang dibuka oleh" in page.get_data(as_text=True)
    assert "Uji editor" in page.get_data(as_text=True)


def test_failed_save_keeps_text_and_writes_nothing(app, people):
    client = login_as(app, people["owner"])
    response = client.post("/admin/articles/new", data={
        "title": "Judul Tetap Ada", "body": "<p>Paragraf panjang yang berharga</p>",
        "tags": "baik, " + "x" * 70, "category_id": "", "action": "save"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Tag tidak valid" in page
    assert "Paragraf panjang yang berharga" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 0


def test_database_error_mid_save_leaves_no_half_article(app, people, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from plugins.articles import services

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("disk penuh"))

    monkeypatch.setattr(services, "_add_revision", broken)
    client = login_as(app, people["owner"])
    with pytest.raises(OperationalError):
        client.post("/admin/articles/new", data={"title": "Tidak Jadi", "body": "<p>x</p>",
                                                 "category_id": "", "action": "save"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 0
        assert db.session.scalar(select(func.count()).select_from(Revision)) == 0


def test_every_save_keeps_a_revision_and_restore_adds_one(app, people, draft):
    editor = login_as(app, people["editor"])
    for title in ("Judul Kedua", "Judul Ketiga"):
        data = form_of(editor, draft) | {"title": title, "action": "save"}
        editor.post(f"/admin/articles/{draft}/edit", data=data)
    compare = editor.get(f"/admin/articles/{draft}/revisions/compare?a=1&b=3")
    assert "Banjir Melanda Desa Kras" in compare.get_data(as_text=True)
    assert "Judul Ketiga" in compare.get_data(as_text=True)
    assert editor.post(f"/admin/articles/{draft}/revisions/1/restore").status_code == 302
    assert load(app, draft).title == "Banjir Melanda Desa Kras"
    with app.app_context():
        notes = db.session.scalars(select(Revision.note).where(Revision.article_id == draft)
                                   .order_by(Revision.number)).all()
    assert len(notes) == 4 and notes[-1] == "Dipulihkan dari revisi #1"


class DeskPlugin:
    """A plugin keeping one field per article beside the core record, as advertorial keeps
    the sponsor: who on the desk looks after the story."""

    def __init__(self) -> None:
        self.in_charge: dict[int, str] = {}

    @hookimpl
    def articles_revision_fields(self, article):
        return {"meja": {"in_charge": self.in_charge.get(article.id, "")}}

    @hookimpl
    def articles_restore_fields(self, article, fields):
        if "meja" in fields:
            self.in_charge[article.id] = fields["meja"]["in_charge"]


class RefusingRestore:
    @hookimpl
    def articles_restore_fields(self, article, fields):
        raise ValueError("Video revisi itu sudah dihapus dari YouTube.")


def save_title(client, article_id: int, title: str) -> None:
    data = form_of(client, article_id) | {"title": title, "action": "save"}
    assert client.post(f"/admin/articles/{article_id}/edit", data=data).status_code == 302


def test_restore_brings_back_plugin_fields_and_compare_shows_their_changes(app, people, draft):
    desk = DeskPlugin()
    with register_temporarily(app, desk, "meja"):  # after revision 1 was taken
        editor = login_as(app, people["editor"])
        desk.in_charge[draft] = "Andi"
        save_title(editor, draft, "Judul Kedua")
        desk.in_charge[draft] = "Budi"
        save_title(editor, draft, "Judul Ketiga")
        page = editor.get(f"/admin/articles/{draft}/revisions/compare?a=2&b=3").get_data(
            as_text=True)
        assert "meja.in_charge" in page and "- Andi" in page and "+ Budi" in page
        page = editor.get(f"/admin/articles/{draft}/revisions/compare?a=1&b=3").get_data(
            as_text=True)
        assert "Judul Ketiga" in page and "meja.in_charge" not in page
        assert editor.post(f"/admin/articles/{draft}/revisions/2/restore").status_code == 302
        assert (load(app, draft).title, desk.in_charge[draft]) == ("Judul Kedua", "Andi")
        with app.app_context():
            newest = db.session.scalar(select(Revision).where(Revision.article_id == draft)
                                       .order_by(Revision.number.desc()).limit(1))
            assert newest.data["plugins"] == {"meja": {"in_charge": "Andi"}}


def test_restoring_a_revision_without_plugin_fields_keeps_todays(app, people, draft):
    desk = DeskPlugin()
    with register_temporarily(app, desk, "meja"):
        editor = login_as(app, people["editor"])
        desk.in_charge[draft] = "Budi"
        save_title(editor, draft, "Judul Kedua")
        with app.app_context():
            first = db.session.scalar(select(Revision).where(Revision.article_id == draft,
                                                             Revision.number == 1))
            old_shape = first.data
            del old_shape["plugins"]  # as revisions were kept before plugins had fields there
            first.data_json = json.dumps(old_shape)
            db.session.commit()
        assert editor.post(f"/admin/articles/{draft}/revisions/1/restore").status_code == 302
        assert (load(app, draft).title, desk.in_charge[draft]) == ("Banjir Melanda Desa Kras",
                                                                   "Budi")


def test_plugin_refusing_a_restore_changes_nothing_and_says_why(app, people, draft):
    editor = login_as(app, people["editor"])
    save_title(editor, draft, "Judul Kedua")
    with register_temporarily(app, RefusingRestore(), "penolak"):
        response = editor.post(f"/admin/articles/{draft}/revisions/1/restore",
                               follow_redirects=True)
        assert "Video revisi itu sudah dihapus dari YouTube." in response.get_data(as_text=True)
        assert load(app, draft).title == "Judul Kedua"
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Revision)
                                     .where(Revision.article_id == draft)) == 2


def test_compare_with_unknown_revision_is_404(app, people, draft):
    editor = login_as(app, people["editor"])
    assert editor.get(f"/admin/articles/{draft}/revisions/compare?a=1&b=9").status_code == 404
    assert editor.get(f"/admin/articles/{draft}/revisions/compare?a=x").status_code == 404
    assert editor.get("/admin/articles/999999/edit").status_code == 404
