"""Admins upload an export on /admin/wordpress/, rehearse it, import it, read the report."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from cms.extensions import db
from plugins.articles.models import Article
from tests.wordpress.conftest import export, item


def upload(client, text: str, **fields):
    data = {"export": (io.BytesIO(text.encode()), "ekspor.xml"), **fields}
    return client.post("/admin/wordpress/", data=data, content_type="multipart/form-data")


def articles(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Article))


def test_an_admin_rehearses_then_imports(app, client, auth, make_user):
    admin = make_user(role="admin")
    auth.login(admin.email)
    assert "Impor dari WordPress" in client.get("/admin/wordpress/").get_data(as_text=True)
    text = export(item(1, "Banjir"), item(2, "Gempa"))
    page = upload(client, text, dry_run="y").get_data(as_text=True)
    assert "Hasil uji coba" in page and "create article: &#39;Banjir&#39;" in page
    assert articles(app) == 0
    page = upload(client, text).get_data(as_text=True)
    assert "Hasil impor" in page and "article: 2 created" in page
    assert articles(app) == 2
    page = upload(client, text).get_data(as_text=True)
    assert "article: 0 created, 0 updated, 2 unchanged" in page


def test_a_broken_export_is_reported_by_line(app, client, auth, make_user):
    auth.login(make_user(role="admin").email)
    text = export(item(1, "Banjir"))
    page = upload(client, text[:200]).get_data(as_text=True)
    assert "baris " in page and articles(app) == 0


def test_only_admins_may_import(app, client, auth, make_user):
    auth.login(make_user(role="editor").email)
    assert client.get("/admin/wordpress/").status_code == 403
