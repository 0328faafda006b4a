"""Advertorials from WordPress are imported as advertorials and never lose their label."""

from __future__ import annotations

from sqlalchemy import select

from cms.extensions import db
from plugins.advertorial.models import AdvertorialArticle, Sponsor
from plugins.articles.models import Article
from tests.wordpress.conftest import item


def marked(app) -> dict[str, str]:
    with app.app_context():
        return dict(db.session.execute(
            select(Article.slug, Sponsor.name).join(AdvertorialArticle,
                                                    AdvertorialArticle.article_id == Article.id)
            .join(Sponsor, Sponsor.id == AdvertorialArticle.sponsor_id)).all())


def test_advertorials_are_recognised_three_ways(app, client, write_export, import_wp):
    result = import_wp(write_export(
        item(1, "Pemkab bangun jalan", categories=("advertorial",)),
        item(2, "Festival kopi", "<p>Isi.</p><p>(bsr1/adv)</p>"),
        item(3, "[ADV] Promo akhir tahun"),
        item(4, "Berita biasa", tags=("Iklan baris",)),
        item(5, "Tag iklan", tags=("Iklan",)),
    ))
    assert result.exit_code == 0, result.output + result.stderr
    assert "dikenali dari kategori/tag 'advertorial'" in result.output
    assert "dikenali dari kode byline '/adv)'" in result.output
    assert "dikenali dari awalan judul '[ADV]'" in result.output
    assert "dikenali dari kategori/tag 'iklan'" in result.output
    assert marked(app) == dict.fromkeys(
        ["berita-1", "berita-2", "berita-3", "berita-5"], "Sponsor (belum dikonfirmasi)")
    for slug in ("berita-1", "berita-2", "berita-3", "berita-5"):
        page = client.get(f"/berita/{slug}").get_data(as_text=True)
        assert "advertorial-disclosure" in page, slug
    assert "advertorial-disclosure" not in client.get("/berita/berita-4").get_data(
        as_text=True)


def test_sponsors_come_from_the_mapping_file(app, write_export, import_wp, tmp_path):
    sponsors = tmp_path / "sponsor.txt"
    sponsors.write_text("# rubrik atau tag = sponsor\nAdvertorial = Diskominfo Kediri\n"
                        "Pariwara Bank = Bank Jatim\n")
    path = write_export(item(1, "Jalan baru", categories=("advertorial",)),
                        item(2, "Kredit usaha", tags=("Pariwara Bank",)))
    result = import_wp(path, "--sponsors", str(sponsors))
    assert result.exit_code == 0, result.output + result.stderr
    assert marked(app) == {"berita-1": "Diskominfo Kediri", "berita-2": "Bank Jatim"}
    again = import_wp(path, "--sponsors", str(sponsors))
    assert "artikel: 0 dibuat, 0 diperbarui, 2 tidak berubah" in again.output
    assert len(marked(app)) == 2


def test_configured_names_replace_the_defaults(app, write_export, import_wp):
    path = write_export(item(1, "Kerja sama", tags=("Kemitraan",)),
                        item(2, "Tag iklan", tags=("Iklan",)))
    result = import_wp(path, "--advertorial-name", "Kemitraan")
    assert result.exit_code == 0, result.output
    assert set(marked(app)) == {"berita-1"}


def test_an_updated_advertorial_keeps_its_label(app, client, write_export, import_wp):
    import_wp(write_export(item(1, "Jalan", categories=("advertorial",))))
    import_wp(write_export(item(1, "Jalan mulus", categories=("advertorial",)), name="b.xml"))
    assert set(marked(app)) == {"berita-1"}
    assert "advertorial-disclosure" in client.get("/berita/berita-1").get_data(as_text=True)


def test_a_bad_sponsors_file_is_refused(app, write_export, import_wp, tmp_path):
    sponsors = tmp_path / "sponsor.txt"
    sponsors.write_text("hanya nama\n")
    result = import_wp(write_export(item(1, "A")), "--sponsors", str(sponsors))
    assert result.exit_code == 1
    assert f"{sponsors}:1: expected 'category or tag = sponsor name'" in result.output
