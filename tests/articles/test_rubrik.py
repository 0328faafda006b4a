"""The rubrik tree: editors put a rubrik under another, readers follow it both ways."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cms.extensions import db
from plugins.articles.models import Category
from tests.articles.conftest import login_as


def rubrik_ids(app) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(select(Category.slug, Category.id)).all())


def parent_of(app, slug: str) -> str | None:
    with app.app_context():
        found = db.session.scalar(select(Category).where(Category.slug == slug))
        return found.parent.slug if found.parent else None


@pytest.fixture
def tree(app, editor):
    """``berita`` above ``kediri-raya`` above ``ngasem``, made through the desk's form."""
    desk = login_as(app, editor)
    assert desk.post("/admin/categories", data={"name": "Berita"}).status_code == 302
    for name, parent in (("Kediri Raya", "berita"), ("Ngasem", "kediri-raya")):
        added = desk.post("/admin/categories",
                          data={"name": name, "parent_id": str(rubrik_ids(app)[parent])})
        assert added.status_code == 302, added.get_data(as_text=True)
    ids = rubrik_ids(app)
    return desk, ids


def test_an_editor_puts_a_rubrik_under_another(app, tree):
    desk, ids = tree
    assert parent_of(app, "kediri-raya") == "berita"
    assert parent_of(app, "ngasem") == "kediri-raya"
    listing = desk.get("/admin/categories").get_data(as_text=True)
    assert "Induk rubrik" in listing
    moved = desk.post(f"/admin/categories/{ids['ngasem']}",
                      data={"name": "Ngasem", "position": "2", "parent_id": str(ids["berita"])})
    assert moved.status_code == 302
    assert parent_of(app, "ngasem") == "berita"
    desk.post(f"/admin/categories/{ids['ngasem']}", data={"name": "Ngasem", "parent_id": ""})
    assert parent_of(app, "ngasem") is None


def test_the_edit_page_shows_the_current_parent_but_not_the_rubrik_itself(app, tree):
    desk, ids = tree
    page = desk.get(f"/admin/categories/{ids['kediri-raya']}").get_data(as_text=True)
    assert f'<option selected value="{ids["berita"]}">Berita</option>' in page
    assert f'value="{ids["kediri-raya"]}"' not in page


@pytest.mark.parametrize("new_parent", ["ngasem", "kediri-raya"])
def test_a_loop_is_refused_with_a_reason(app, tree, new_parent):
    desk, ids = tree
    refused = desk.post(f"/admin/categories/{ids['berita']}",
                        data={"name": "Berita Diubah", "parent_id": str(ids[new_parent])})
    assert refused.status_code == 400
    assert "pilih induk lain agar tidak berputar" in refused.get_data(as_text=True)
    assert parent_of(app, "berita") is None
    assert "berita-diubah" not in rubrik_ids(app)
    with app.app_context():
        assert db.session.get(Category, ids["berita"]).name == "Berita"


def test_a_rubrik_cannot_be_its_own_parent(app, tree):
    desk, ids = tree
    refused = desk.post(f"/admin/categories/{ids['berita']}",
                        data={"name": "Berita", "parent_id": str(ids["berita"])})
    assert refused.status_code == 400  # not offered; a forged choice is refused all the same
    assert "tidak dapat menjadi induk dirinya sendiri" in refused.get_data(as_text=True)
    assert parent_of(app, "berita") is None
    unknown = desk.post("/admin/categories", data={"name": "Olahraga", "parent_id": "99999"})
    assert "Rubrik induk itu tidak ada" in unknown.get_data(as_text=True)
    assert "olahraga" not in rubrik_ids(app)


def test_a_parent_page_lists_its_children_and_the_child_links_its_parent(
        client, tree, make_article):
    _, ids = tree
    make_article(status="published", title="Jembatan Ngasem Diperbaiki",
                 category_id=ids["ngasem"])
    make_article(status="published", title="Pasar Pahing Ramai", category_id=ids["berita"])
    top = client.get("/rubrik/berita/").get_data(as_text=True)
    assert "Jembatan Ngasem Diperbaiki" in top and "Pasar Pahing Ramai" in top
    middle = client.get("/rubrik/kediri-raya/").get_data(as_text=True)
    assert "Jembatan Ngasem Diperbaiki" in middle and "Pasar Pahing Ramai" not in middle
    assert '<a href="/rubrik/berita/">Berita</a>' in middle
    child = client.get("/rubrik/ngasem/").get_data(as_text=True)
    assert '<a href="/rubrik/kediri-raya/">Kediri Raya</a>' in child
    assert "Pasar Pahing Ramai" not in child
    assert "Jembatan Ngasem Diperbaiki" in client.get("/rubrik/berita/feed.xml").get_data(
        as_text=True)
    assert "/rubrik/" not in top.split('class="listing__header"', 1)[1].split("<h1>", 1)[0]


def test_deleting_a_parent_leaves_its_children_at_the_top(app, tree):
    desk, ids = tree
    assert desk.post(f"/admin/categories/{ids['berita']}/delete").status_code == 302
    assert parent_of(app, "kediri-raya") is None
    assert parent_of(app, "ngasem") == "kediri-raya"
