"""``cms import jsonl``: ``"advertorial": true`` with ``"sponsor"`` marks the article and
creates or links the sponsor; an advertorial line without a sponsor is a bad line."""

from __future__ import annotations

from sqlalchemy import func, select

from cms.extensions import db
from plugins.advertorial.models import AdvertorialArticle, Sponsor
from plugins.articles.models import Article
from tests.articles.test_import import record, run_import, write_jsonl


def test_advertorial_lines_are_marked_and_sponsors_created_once(app, client, tmp_path,
                                                                make_sponsor):
    existing = make_sponsor("PT Gudang Garam", slug="pt-gudang-garam")
    path = write_jsonl(
        tmp_path / "arsip.jsonl",
        record("kim-mlancu", advertorial=True, sponsor="Diskominfo Kabupaten Kediri"),
        record("kim-gurah", advertorial=True, sponsor="diskominfo kabupaten  kediri"),
        record("rokok", advertorial=True, sponsor="PT GUDANG GARAM"),
        record("berita", advertorial=False, sponsor="Diabaikan"),
        record("biasa"),
    )
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    with app.app_context():
        sponsors = {s.name: s.id for s in db.session.scalars(select(Sponsor))}
        assert set(sponsors) == {"Diskominfo Kabupaten Kediri", "PT Gudang Garam"}
        marked = dict(db.session.execute(
            select(Article.slug, AdvertorialArticle.sponsor_id).join(AdvertorialArticle)).all())
        assert marked == {"kim-mlancu": sponsors["Diskominfo Kabupaten Kediri"],
                          "kim-gurah": sponsors["Diskominfo Kabupaten Kediri"],
                          "rokok": existing}
        bylines = dict(db.session.execute(select(Article.slug, Article.byline)).all())
        assert bylines["kim-mlancu"] == "bsr1/adv" and bylines["biasa"] == "bsr1"
    page = client.get("/berita/kim-mlancu").get_data(as_text=True)
    assert "advertorial-disclosure" in page and "(bsr1/adv)" in page


def test_an_advertorial_without_a_sponsor_is_a_bad_line(app, tmp_path):
    path = write_jsonl(tmp_path / "arsip.jsonl", record("baik"),
                       record("tanpa-sponsor", advertorial=True),
                       record("kosong", advertorial=True, sponsor="  "))
    result = run_import(app, path)
    assert result.exit_code == 1
    assert f"{path}:2: advertorial perlu 'sponsor'" in result.stderr
    assert f"{path}:3: advertorial perlu 'sponsor'" in result.stderr
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 0
        assert db.session.scalar(select(func.count()).select_from(Sponsor)) == 0
    result = run_import(app, path, "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "1 dari 3 artikel diimpor." in result.output
    with app.app_context():
        assert db.session.scalars(select(Article.slug)).all() == ["baik"]


def test_bad_sponsor_is_found_by_the_check_and_spares_the_rest_of_its_batch(app, tmp_path):
    path = write_jsonl(tmp_path / "arsip.jsonl", record("satu"),
                       record("panjang", advertorial=True, sponsor="Diskominfo " * 20),
                       record("tanda", advertorial=True, sponsor="???"),
                       record("empat", advertorial=True, sponsor="Diskominfo Kabupaten Kediri"))
    dry = run_import(app, path, "--dry-run")
    assert dry.exit_code == 1
    assert f"{path}:2: 'sponsor' lebih dari 150 karakter" in dry.stderr
    assert f"{path}:3: 'sponsor' harus memuat huruf atau angka" in dry.stderr
    assert "4 baris diperiksa: 2 rusak, tidak ada yang ditulis." in dry.output
    result = run_import(app, path, "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "batch not imported" not in result.stderr
    assert "2 dari 4 artikel diimpor." in result.output
    with app.app_context():
        assert sorted(db.session.scalars(select(Article.slug))) == ["empat", "satu"]
        assert db.session.scalars(select(Sponsor.name)).all() == [
            "Diskominfo Kabupaten Kediri"]


def test_advertorial_must_be_a_boolean(app, tmp_path):
    path = write_jsonl(tmp_path / "arsip.jsonl",
                       record("ya", advertorial="ya", sponsor="Diskominfo"))
    result = run_import(app, path)
    assert result.exit_code == 1
    assert "'advertorial' harus true atau false" in result.output


def test_the_imported_revision_keeps_the_marking(app, tmp_path):
    """Restoring the import's revision of an advertorial keeps it marked, with its sponsor."""
    import json

    from plugins.articles.models import Revision

    path = write_jsonl(tmp_path / "arsip.jsonl",
                       record("iklan", advertorial=True, sponsor="Pemkab Kediri"),
                       record("biasa"))
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    with app.app_context():
        sponsor = db.session.scalar(select(Sponsor.id))
        kept = {slug: json.loads(data)["plugins"]["advertorial"] for slug, data in
                db.session.execute(select(Article.slug, Revision.data_json).join(
                    Revision, Revision.article_id == Article.id))}
    assert kept == {"iklan": {"marked": True, "sponsor_id": sponsor, "contract_id": None,
                              "label": "Advertorial", "quota_override": None},
                    "biasa": {"marked": False}}
