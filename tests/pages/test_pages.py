"""Static pages: the starter set, editing by editors, links in the footer."""

from __future__ import annotations

from pathlib import Path

import pytest

from cms.hooks import call_hook
from tests.articles.conftest import login_as


@pytest.fixture
def starter(app):
    with app.app_context():
        assert call_hook("warta_instance_created", app=app) == ["4 halaman"]


def test_starter_pages_exist_and_are_linked_in_the_footer(client, starter):
    home = client.get("/").get_data(as_text=True)
    for slug in ("redaksi", "tentang-kami", "pedoman-media-siber", "kontak"):
        assert f'href="/halaman/{slug}"' in home
        assert client.get(f"/halaman/{slug}").status_code == 200
    guideline = client.get("/halaman/pedoman-media-siber").get_data(as_text=True)
    assert "Pedoman Pemberitaan Media Siber" in guideline and "hak jawab" in guideline


def test_starter_pages_are_created_once(app, starter):
    with app.app_context():
        assert call_hook("warta_instance_created", app=app) == ["0 halaman"]


def test_editor_edits_a_page_and_html_is_sanitized(app, client, starter, make_user):
    editor = login_as(app, make_user(role="editor"))
    response = editor.post("/admin/pages/1", data={
        "title": "Redaksi", "slug": "redaksi", "in_footer": "y", "position": "1",
        "body": '<p>Pemimpin Redaksi: Sri</p><script>alert(1)</script>'})
    assert response.status_code == 302
    page = client.get("/halaman/redaksi").get_data(as_text=True)
    assert "Pemimpin Redaksi: Sri" in page and "<script>alert" not in page


def test_editor_creates_and_deletes_a_page(app, client, make_user):
    editor = login_as(app, make_user(role="editor"))
    assert editor.post("/admin/pages/new", data={"title": "Iklan & Kerja Sama",
                                                 "body": "<p>Hubungi kami</p>"}).status_code == 302
    assert client.get("/halaman/iklan-kerja-sama").status_code == 200
    editor.post("/admin/pages/1/delete")
    assert client.get("/halaman/iklan-kerja-sama").status_code == 404


@pytest.mark.parametrize("role", ["partner", "journalist"])
def test_only_editors_manage_pages(app, make_user, starter, role):
    client = login_as(app, make_user(role=role))
    assert client.get("/admin/pages/").status_code == 403
    assert client.post("/admin/pages/1", data={"title": "x"}).status_code == 403


def test_page_without_title_is_refused_with_the_text_kept(app, make_user):
    editor = login_as(app, make_user(role="editor"))
    response = editor.post("/admin/pages/new", data={"title": "", "body": "<p>tetap ada</p>"})
    assert response.status_code == 400
    assert "tetap ada" in response.get_data(as_text=True)


def test_koran_child_theme_changes_the_look_without_copying_the_parent(make_app, starter):
    default = make_app(PLUGINS=["articles", "pages"])
    koran = make_app(PLUGINS=["articles", "pages"], THEME="koran")
    default_home = default.test_client().get("/").get_data(as_text=True)
    koran_home = koran.test_client().get("/").get_data(as_text=True)
    assert "koran-front" in koran_home and "koran-front" not in default_home
    assert "/theme/koran.css" in koran_home
    article = koran.test_client().get("/halaman/redaksi").get_data(as_text=True)
    assert "/theme/style.css" in article  # the parent's stylesheet and layout still serve
    shipped = sorted(p.name for p in (Path(__file__).parents[2] / "themes/koran/templates")
                     .rglob("*.html"))
    assert shipped == ["home.html", "theme_head.html"]


def test_other_plugins_link_a_page_only_while_it_exists(app, starter):
    from plugins.pages.api import GUIDELINE_SLUG, page_url

    with app.test_request_context():
        assert page_url(GUIDELINE_SLUG) == "/halaman/pedoman-media-siber"
        assert page_url("tidak-ada") is None
