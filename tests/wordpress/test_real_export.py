"""The exports WordPress 6.1 itself wrote (tests/fixtures/wordpress/README.md says what
each item is for): every item lands where it should and every old address works."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from cms.extensions import db
from plugins.advertorial.models import AdvertorialArticle
from plugins.articles.models import Article, Category, Media
from plugins.wordpress.models import WordpressItem

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wordpress"
FULL = FIXTURES / "export-full.xml"
LATER = FIXTURES / "export-later.xml"
UPLOADS = FIXTURES / "uploads"


@pytest.fixture
def imported(app, import_wp):
    result = import_wp(FULL, "--uploads", str(UPLOADS))
    assert result.exit_code == 0, result.output + result.stderr
    return result


def by_wp_id(app) -> dict[int, Article]:
    with app.app_context():
        rows = db.session.execute(select(WordpressItem.wp_id, Article).join(
            Article, Article.id == WordpressItem.target_id).where(
            WordpressItem.kind == "article")).all()
        for _, article in rows:
            db.session.expunge(article)
        return dict(rows)


def test_the_report_of_a_real_export(imported):
    out = imported.output
    assert "artikel: 14 dibuat" in out
    assert "halaman: 2 dibuat" in out
    assert "media: 11 dibuat" in out
    assert "dilewati: 6 × jenis post 'nav_menu_item'" in out
    assert "dilewati: 1 × status 'trash'" in out
    assert "shortcode dihapus: [polling] × 1" in out
    assert "media hilang" not in out


def test_each_post_lands_with_its_status_dates_and_fields(app, client, imported):
    posts = by_wp_id(app)
    assert {wp_id: a.status for wp_id, a in posts.items()} == {
        4: "published", 9: "published", 15: "published", 21: "published", 25: "published",
        29: "published", 31: "published", 33: "published", 37: "published", 39: "scheduled",
        41: "draft", 43: "draft", 45: "draft", 47: "draft"}
    flood = posts[4]
    assert flood.slug == "banjir-rendam-tiga-desa-di-ngadiluwih-ratusan-warga-mengungsi"
    assert flood.body.startswith("<p>") and "<!--" not in flood.body
    assert "[caption" not in flood.body and "<figcaption>" in flood.body
    assert flood.seo_title and flood.seo_description and flood.lead
    assert flood.image_id is not None
    videos = posts[9].body
    for video in ("Q7vXo3lKcPg", "Zr8aQ2m1TfE", "b3Lk9PqA2xs"):
        assert f'data-youtube-id="{video}"' in videos
    assert "[gallery" not in videos and "[polling" not in videos
    assert videos.count("<img") == 3
    assert 'data-youtube-id="H4sWq0mYbXo"' in posts[15].body
    assert posts[25].title.startswith("Grand Opening Toko Emas")
    with app.app_context():
        assert "wp-content" not in " ".join(db.session.scalars(select(Article.body)))
        assert db.session.scalar(select(Media).where(Media.id == flood.image_id)).alt
        marked = set(db.session.scalars(select(AdvertorialArticle.article_id)))
    assert marked == {posts[21].id, posts[25].id, posts[29].id}
    for wp_id in (21, 25, 29):
        page = client.get(f"/berita/{posts[wp_id].slug}").get_data(as_text=True)
        assert "advertorial-disclosure" in page


OLD_ADDRESSES = [
    "/2026/10/14/banjir-rendam-tiga-desa-di-ngadiluwih-ratusan-warga-mengungsi/",
    "/2026/11/10/umk-kabupaten-kediri-2027-naik/",
    "/2026/11/11/jembatan-kertosono-ditutup-dishub-polres-siapkan-jalur-alternatif/",
    "/2026/11/12/jembatan-kertosono-ditutup-dishub-polres-siapkan-jalur-alternatif/",
    "/?p=21", "/?p=4", "/redaksi/", "/redaksi/pedoman-media-siber/", "/?page_id=51",
    "/category/berita/kediri-raya/", "/category/ekonomi/", "/author/ratna/", "/feed/",
    "/?attachment_id=6",
    "/2026/10/14/banjir-rendam-tiga-desa-di-ngadiluwih-ratusan-warga-mengungsi/"
    "img_20261014_0815/",
]


@pytest.mark.parametrize("address", OLD_ADDRESSES)
def test_old_addresses_answer_301_to_a_200(app, client, imported, address):
    response = client.get(address)
    assert response.status_code == 301, address
    with client.get(response.headers["Location"]) as target:  # an image is a file: close it
        assert target.status_code == 200


def test_unpublished_posts_keep_their_old_addresses_closed(app, client, imported):
    for address in ("/?p=41", "/?p=45", "/?p=47"):
        assert client.get(address).status_code == 200  # the home page, nothing revealed


def test_the_later_export_updates_one_post_and_adds_one(app, imported, import_wp):
    again = import_wp(FULL, "--uploads", str(UPLOADS))
    assert "artikel: 0 dibuat, 0 diperbarui, 14 tidak berubah" in again.output, again.output
    later = import_wp(LATER, "--uploads", str(UPLOADS))
    assert later.exit_code == 0, later.output + later.stderr
    assert "artikel: 1 dibuat, 1 diperbarui, 13 tidak berubah" in later.output
    assert "media: 1 dibuat, 0 diperbarui, 11 tidak berubah" in later.output
    posts = by_wp_id(app)
    assert "Pembaruan pukul 14.00 WIB" in posts[4].body
    assert posts[62].image_id is not None


def test_sub_rubrik_stay_under_their_parent(app, client, imported):
    with app.app_context():
        parents = {c.slug: c.parent.slug if c.parent else None
                   for c in db.session.scalars(select(Category))}
    assert parents["kediri-raya"] == parents["nganjuk"] == "berita"
    assert parents["berita"] is None
    assert "tidak ditaruh di bawah" not in imported.output
    page = client.get("/rubrik/kediri-raya/").get_data(as_text=True)
    assert 'href="/rubrik/berita/"' in page
