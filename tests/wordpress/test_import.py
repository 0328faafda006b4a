"""``cms import wordpress``: posts, pages, rubrik, tags and authors from a WordPress export."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from cms.extensions import db
from cms.models import User
from plugins.articles.models import Article, Category, Tag
from plugins.pages.models import Page
from tests.wordpress.conftest import item


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_posts_pages_and_their_details_are_imported(app, client, write_export, import_wp):
    path = write_export(
        item(10, "Banjir rendam Kediri", "Air naik sejak pagi.\n\nWarga mengungsi.",
             tags=("Banjir",), excerpt="<p>Ringkas <b>banjir</b></p>",
             meta={"_yoast_wpseo_title": "Banjir Kediri %%sep%% %%sitename%%",
                   "_yoast_wpseo_metadesc": "Air naik di Kediri"}, comments=2),
        item(11, "Jadwal besok", status="future", date="2099-01-01 08:00:00",
             date_gmt="2099-01-01 01:00:00"),
        item(12, "Masih draf", status="draft", date_gmt="0000-00-00 00:00:00"),
        item(13, "Rahasia", status="private"),
        item(14, "Dibuang", status="trash"),
        item(15, "Tentang Kami", "Kami media lokal.", post_type="page", slug="tentang-kami"),
        item(16, "Menu", post_type="nav_menu_item"),
    )
    result = import_wp(path)
    assert result.exit_code == 0, result.output + result.stderr
    assert "artikel: 4 dibuat, 0 diperbarui, 0 tidak berubah" in result.output
    assert "halaman: 1 dibuat" in result.output
    assert "komentar: 2 dihitung" in result.output
    assert "dilewati: 1 × jenis post 'nav_menu_item'" in result.output
    assert "dilewati: 1 × status 'trash'" in result.output
    assert "parent rubrik" not in result.output
    with app.app_context():
        rows = {a.slug: a for a in db.session.scalars(select(Article))}
        assert set(rows) == {"berita-10", "berita-11", "berita-12", "berita-13"}
        flood = rows["berita-10"]
        assert flood.status == "published"
        assert flood.published_at == datetime(2024, 5, 12, 1, 30)
        assert flood.body == "<p>Air naik sejak pagi.</p>\n<p>Warga mengungsi.</p>"
        assert flood.lead == "Ringkas banjir"
        assert flood.seo_title == "Banjir Kediri"
        assert flood.seo_description == "Air naik di Kediri"
        assert flood.category.name == "Kediri"
        assert flood.category.parent.name == "Daerah"  # created though no post uses it
        assert [t.name for t in flood.tags] == ["Banjir"]
        assert rows["berita-11"].status == "scheduled"
        assert rows["berita-12"].status == rows["berita-13"].status == "draft"
        author = flood.author
        assert author.name == "Budi Santoso" and author.password_hash is None
        assert db.session.scalar(select(Page.title).where(Page.slug == "tentang-kami")) == \
            "Tentang Kami"
    page = client.get("/berita/berita-10")
    assert page.status_code == 200 and "Warga mengungsi." in page.get_data(as_text=True)
    assert "Kami media lokal." in client.get("/halaman/tentang-kami").get_data(as_text=True)


def test_the_same_export_again_changes_nothing(app, write_export, import_wp):
    items = [item(20, "Satu", tags=("Banjir",)), item(21, "Dua"),
             item(22, "Halaman", post_type="page")]
    path = write_export(*items)
    assert import_wp(path).exit_code == 0
    with app.app_context():
        before = {a.id: (a.slug, a.version, a.updated_at) for a in db.session.scalars(
            select(Article))}
    again = import_wp(path)
    assert again.exit_code == 0, again.output
    assert "artikel: 0 dibuat, 0 diperbarui, 2 tidak berubah" in again.output
    assert "halaman: 0 dibuat, 0 diperbarui, 1 tidak berubah" in again.output
    with app.app_context():
        after = {a.id: (a.slug, a.version, a.updated_at) for a in db.session.scalars(
            select(Article))}
    assert after == before
    assert count(app, Page) == 1 and count(app, Tag) == 1
    assert count(app, Category) == 2  # Kediri and its parent Daerah, once each


def test_a_later_export_updates_edited_posts_and_adds_new_ones(app, write_export, import_wp):
    import_wp(write_export(item(30, "Lama"), item(31, "Tetap")))
    later = write_export(item(30, "Lama (diperbarui)", "Isi baru."), item(31, "Tetap"),
                         item(32, "Baru"), name="later.xml")
    dry = import_wp(later, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "perbarui artikel: 'Lama (diperbarui)'" in dry.output
    assert "buat artikel: 'Baru'" in dry.output
    assert "artikel: 1 akan dibuat, 1 akan diperbarui, 1 tidak berubah" in dry.output
    assert "Uji coba: tidak ada yang ditulis." in dry.output
    assert count(app, Article) == 2
    result = import_wp(later)
    assert "artikel: 1 dibuat, 1 diperbarui, 1 tidak berubah" in result.output
    with app.app_context():
        edited = db.session.scalar(select(Article).where(Article.slug == "berita-30"))
        assert edited.title == "Lama (diperbarui)" and "Isi baru." in edited.body
        assert edited.version == 2
    assert count(app, Article) == 3


def test_since_imports_only_items_changed_after_the_date(app, write_export, import_wp):
    path = write_export(item(40, "Lama", date_gmt="2020-01-01 00:00:00"),
                        item(41, "Baru", date_gmt="2024-06-01 00:00:00"))
    result = import_wp(path, "--since", "2024-01-01")
    assert result.exit_code == 0, result.output
    assert "dilewati: 1 × lebih lama dari --since" in result.output
    with app.app_context():
        assert db.session.scalars(select(Article.title)).all() == ["Baru"]


def test_authors_cannot_log_in_until_invited(app, client, write_export, import_wp):
    import_wp(write_export(item(50, "Satu")))
    with app.app_context():
        user = db.session.scalar(select(User).where(User.name == "Budi Santoso"))
        assert user.password_hash is None and user.email.endswith(".invalid")


def test_a_wxr_1_1_export_imports_too(app, write_export, import_wp):
    path = write_export(item(60, "Ekspor lama"))
    path.write_text(path.read_text().replace("export/1.2/", "export/1.1/")
                    .replace("<wp:wxr_version>1.2", "<wp:wxr_version>1.1"))
    result = import_wp(path)
    assert result.exit_code == 0, result.output + result.stderr
    assert "artikel: 1 dibuat" in result.output


def test_a_parent_that_would_make_a_loop_is_left_out_and_reported(app, write_export,
                                                                  import_wp):
    with app.app_context():
        kediri = Category(name="Kediri", slug="kediri")
        db.session.add_all([kediri, Category(name="Daerah", slug="daerah", parent=kediri)])
        db.session.commit()  # an editor put Daerah under Kediri before the import
    result = import_wp(write_export(item(30, "Pasar Baru Dibuka")))
    assert result.exit_code == 0, result.output + result.stderr
    assert ("rubrik 'Kediri': tidak ditaruh di bawah 'Daerah', yang justru ada di "
            "bawahnya") in result.output
    with app.app_context():
        rows = {c.slug: c for c in db.session.scalars(select(Category))}
        assert rows["daerah"].parent.slug == "kediri" and rows["kediri"].parent is None
