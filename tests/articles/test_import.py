"""``cms import jsonl``: what an operator loading a site's archive sees and gets."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from cms.extensions import db
from cms.hookspecs import hookimpl
from cms.models import User
from cms.models.user import utcnow
from cms.testing import register_temporarily
from plugins.articles import importer, models
from plugins.articles.importer import import_jsonl
from plugins.articles.models import Article, Category, Revision, Tag
from tests.conftest import CmsRunner

WIB = ZoneInfo("Asia/Jakarta")


def record(slug: str, **fields) -> dict:
    """One line in the shape of the sample export and the corpus generator."""
    return {
        "title": f"Diskominfo Kediri Bina KIM Desa {slug.title()}",
        "slug": slug,
        "dateline": "Kediri",
        "lead": "Komunitas Informasi Masyarakat merupakan wahana strategis.",
        "body_html": "<p>Paragraf pertama.</p><p>Paragraf kedua.</p>",
        "category": "Pemerintahan",
        "tags": ["KIM", "Diskominfo"],
        "author": "bsr1",
        "byline": "bsr1",
        "published_at": "2025-03-18T06:06",
        **fields,
    }


def write_jsonl(path: Path, *lines: dict | str | bytes) -> Path:
    """Write ``lines`` as a JSON-lines file; str and bytes lines are written as they are."""
    encoded = []
    for line in lines:
        if isinstance(line, dict):
            line = json.dumps(line, ensure_ascii=False)
        encoded.append(line if isinstance(line, bytes) else line.encode("utf-8"))
    path.write_bytes(b"\n".join(encoded) + b"\n")
    return path


def run_import(app, path: Path, *options: str):
    return CmsRunner(app).invoke(["import", "jsonl", str(path), *options])


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def article(app, slug: str) -> Article:
    with app.app_context():
        item = db.session.scalar(select(Article).where(Article.slug == slug))
        assert item is not None, f"no article {slug!r}"
        item.tags, item.category, item.author  # noqa: B018  (load before the session closes)
        db.session.expunge_all()
        return item


def assert_refused(result) -> None:
    """Exit code 1 through a reported error, never through a crash."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def direct_import(app, path: Path, **options) -> importer.ImportReport:
    with app.test_request_context():
        return import_jsonl(path, WIB, **options)


def test_good_file_imports_every_line_published_at_its_time(app, client, tmp_path):
    path = write_jsonl(tmp_path / "arsip.jsonl", record("mlancu"), record("kras"),
                       record("pare", published_at="2024-12-31T23:30"))
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    assert "3 dari 3 artikel diimpor." in result.output
    mlancu = article(app, "mlancu")
    assert mlancu.status == "published"
    assert mlancu.published_at == datetime(2025, 3, 17, 23, 6)  # 06:06 WIB is 23:06 UTC
    assert article(app, "pare").published_at == datetime(2024, 12, 31, 16, 30)
    assert (mlancu.dateline, mlancu.byline) == ("Kediri", "bsr1")
    assert mlancu.lead == "Komunitas Informasi Masyarakat merupakan wahana strategis."
    page = client.get("/berita/kras")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Diskominfo Kediri Bina KIM Desa Kras" in html
    assert "Paragraf kedua." in html
    assert "(bsr1)" in html


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2025-03-18T06:06", datetime(2025, 3, 17, 23, 6)),
        ("2025-03-18T06:06:30", datetime(2025, 3, 17, 23, 6, 30)),
        ("2025-03-18", datetime(2025, 3, 17, 17, 0)),
        ("2025-03-18T06:06:00Z", datetime(2025, 3, 18, 6, 6)),
        ("2025-03-18T06:06:00+08:00", datetime(2025, 3, 17, 22, 6)),
        ("2025-03-18T06:06:00-05:00", datetime(2025, 3, 18, 11, 6)),
    ],
)
def test_published_at_is_site_local_unless_it_names_an_offset(app, tmp_path, written, stored):
    path = write_jsonl(tmp_path / "waktu.jsonl", record("waktu", published_at=written))
    report = direct_import(app, path)
    assert (report.imported, report.errors) == (1, [])
    assert article(app, "waktu").published_at == stored


def test_published_at_null_means_now(app, client, tmp_path):
    path = write_jsonl(tmp_path / "baru.jsonl", record("baru", published_at=None))
    before = utcnow()
    assert run_import(app, path).exit_code == 0
    imported = article(app, "baru")
    assert imported.status == "published"
    assert before - timedelta(seconds=1) <= imported.published_at <= utcnow()
    assert client.get("/berita/baru").status_code == 200


def test_future_time_schedules_the_article_until_its_time(app, client, tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "jadwal.jsonl", record("jadwal", published_at="2099-01-01T08:00"))
    assert run_import(app, path).exit_code == 0
    scheduled = article(app, "jadwal")
    assert scheduled.status == "scheduled"
    assert scheduled.published_at == datetime(2099, 1, 1, 1, 0)
    assert client.get("/berita/jadwal").status_code == 404
    monkeypatch.setattr(models, "utcnow", lambda: datetime(2099, 1, 1, 1, 1))
    assert client.get("/berita/jadwal").status_code == 200


def test_status_draft_imports_a_draft_readers_cannot_see(app, client, tmp_path):
    path = write_jsonl(tmp_path / "draf.jsonl", record("draf", status="draft"))
    assert run_import(app, path).exit_code == 0
    assert article(app, "draf").status == "draft"
    assert client.get("/berita/draf").status_code == 404


def test_missing_categories_tags_and_authors_are_created_once(app, client, tmp_path):
    path = write_jsonl(
        tmp_path / "baru.jsonl",
        record("satu", category="Ekonomi", tags=["Pasar", "Harga Cabai"], author="jurnalis7"),
        record("dua", category="Ekonomi", tags=["pasar", "Inflasi"], author="Jurnalis7"),
        record("tiga", category="Budaya", tags=[], author="kim01"),
    )
    assert run_import(app, path).exit_code == 0
    satu, dua, tiga = article(app, "satu"), article(app, "dua"), article(app, "tiga")
    assert satu.category.name == "Ekonomi"
    assert satu.category_id == dua.category_id != tiga.category_id
    assert [t.slug for t in satu.tags] == ["harga-cabai", "pasar"]
    assert [t.slug for t in dua.tags] == ["inflasi", "pasar"]
    assert tiga.tags == []
    assert count(app, Tag) == 3
    assert satu.author_id == dua.author_id != tiga.author_id
    with app.app_context():
        authors = db.session.scalars(select(User).order_by(User.name)).all()
        assert [(u.name, u.role_key, u.password_hash) for u in authors] == [
            ("jurnalis7", "journalist", None), ("kim01", "journalist", None)]
        email = authors[0].email
    refused = client.post("/login", data={"email": email, "password": "kopi-tubruk-di-pasar"})
    assert "Email atau kata sandi salah." in refused.get_data(as_text=True)
    assert client.get("/admin/media").status_code == 302  # still anonymous


def test_existing_category_and_author_are_reused(app, tmp_path, category, make_user):
    redaktur = make_user(email="redaktur@example.com", role="editor", name="Redaktur Kediri")
    path = write_jsonl(tmp_path / "lama.jsonl",
                       record("surel", author="Redaktur@Example.com"),
                       record("nama", author="Redaktur Kediri"))
    assert run_import(app, path).exit_code == 0
    assert article(app, "surel").category_id == category
    assert article(app, "surel").author_id == redaktur.id
    assert article(app, "nama").author_id == redaktur.id
    assert (count(app, Category), count(app, User)) == (1, 1)


BAD_LINES = {
    "not JSON": (b'{"title": "Terpotong", ', "bukan JSON"),
    "missing title": ('{"slug": "tanpa-judul"}', "'title' tidak ada"),
    "empty title": ('{"title": "   ", "slug": "judul-kosong"}', "'title' kosong"),
    "title not a string": ('{"title": 17, "slug": "judul-angka"}', "'title' harus berupa teks"),
    "bad slug": (json.dumps(record("Bad Slug")), "'slug' harus kata-kata huruf kecil"),
    "duplicate slug": (json.dumps(record("pertama")), "juga ada di baris 1"),
    "tags not a list": (json.dumps(record("tag", tags="banjir, kediri")),
                        "'tags' harus daftar teks"),
    "tag of punctuation": (json.dumps(record("tanda", tags=["!!!"])), "'tags' paling banyak"),
    "published_at not ISO": (json.dumps(record("kapan", published_at="kemarin sore")),
                             "bukan ISO 8601"),
    "published_at a number": (json.dumps(record("angka", published_at=1710716760)),
                              "teks ISO 8601 atau null"),
    "unknown status": (json.dumps(record("status", status="archived")), "'status' harus"),
    "array instead of object": ('["judul", "isi"]', "harus berupa objek JSON"),
    "category of punctuation": (json.dumps(record("rubrik", category="???")), "'category'"),
}


@pytest.mark.parametrize("bad", BAD_LINES.values(), ids=BAD_LINES.keys())
def test_bad_line_is_reported_with_file_and_line_and_nothing_is_imported(app, tmp_path, bad):
    line, reason = bad
    path = write_jsonl(tmp_path / "rusak.jsonl", record("pertama"), line, record("ketiga"))
    result = run_import(app, path)
    assert_refused(result)
    reported = [row for row in result.stderr.splitlines() if row.startswith(f"{path}:")]
    assert len(reported) == 1, result.stderr
    assert reported[0].startswith(f"{path}:2: ")
    assert reason in reported[0]
    assert count(app, Article) == 0
    assert (count(app, Category), count(app, Tag), count(app, User)) == (0, 0, 0)


def test_slug_already_in_the_database_is_reported(app, tmp_path, make_article):
    make_article(slug="sudah-ada")
    path = write_jsonl(tmp_path / "ganda.jsonl", record("baru"), record("sudah-ada"))
    result = run_import(app, path)
    assert_refused(result)
    assert f"{path}:2: slug 'sudah-ada' sudah dipakai artikel lain" in result.stderr
    assert count(app, Article) == 1


def test_reimporting_the_same_file_reports_every_slug_and_duplicates_nothing(app, tmp_path):
    path = write_jsonl(tmp_path / "arsip.jsonl", record("satu"), record("dua"), "",
                       record("tiga"))
    assert run_import(app, path).exit_code == 0
    before = [count(app, model) for model in (Article, Category, Tag, User, Revision)]
    result = run_import(app, path)
    assert_refused(result)
    for line, slug in ((1, "satu"), (2, "dua"), (4, "tiga")):
        assert f"{path}:{line}: slug {slug!r} sudah dipakai artikel lain" in result.stderr
    assert [count(app, model) for model in (Article, Category, Tag, User, Revision)] == before


def test_skip_bad_imports_the_good_lines_and_reports_the_bad(app, tmp_path):
    path = write_jsonl(tmp_path / "campur.jsonl", record("satu"), "bukan json",
                       record("tiga"), record("Bad Slug"))
    result = run_import(app, path, "--skip-bad")
    assert result.exit_code == 0, result.output
    assert f"{path}:2: bukan JSON" in result.stderr
    assert f"{path}:4: 'slug' harus kata-kata huruf kecil" in result.stderr
    assert "2 dari 4 artikel diimpor." in result.output
    with app.app_context():
        assert sorted(db.session.scalars(select(Article.slug))) == ["satu", "tiga"]


def test_skip_bad_with_every_line_bad_still_fails(app, tmp_path):
    path = write_jsonl(tmp_path / "semua-rusak.jsonl", "{", '{"slug": "x"}')
    result = run_import(app, path, "--skip-bad")
    assert_refused(result)
    assert count(app, Article) == 0


def test_dry_run_checks_every_line_and_writes_nothing(app, tmp_path):
    good = write_jsonl(tmp_path / "baik.jsonl", record("satu"), record("dua"))
    result = run_import(app, good, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "2 baris diperiksa: 0 rusak, tidak ada yang ditulis." in result.output
    bad = write_jsonl(tmp_path / "rusak.jsonl", record("satu"), record("satu"))
    result = run_import(app, bad, "--dry-run")
    assert_refused(result)
    assert f"{bad}:2: slug 'satu' juga ada di baris 1" in result.stderr
    assert "2 baris diperiksa: 1 rusak, tidak ada yang ditulis." in result.output
    assert [count(app, model) for model in (Article, Category, Tag, User)] == [0, 0, 0, 0]


def test_dry_run_then_real_run_of_the_same_file_succeeds(app, tmp_path):
    path = write_jsonl(tmp_path / "arsip.jsonl", record("satu"))
    assert run_import(app, path, "--dry-run").exit_code == 0
    assert run_import(app, path).exit_code == 0
    assert count(app, Article) == 1


class Collector:
    """A plugin taking its fields (advertorial, sponsor, video) from every line."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, str, dict]] = []

    @hookimpl
    def articles_import_fields(self, article, record):
        self.seen.append((article.id, article.slug, record))


class Refuser:
    """A plugin refusing an advertorial without a sponsor."""

    @hookimpl
    def articles_import_fields(self, article, record):
        if record.get("advertorial") and not record.get("sponsor"):
            raise ValueError("advertorial tanpa sponsor")


def test_other_plugins_fields_are_accepted_and_handed_to_the_hook(app, tmp_path):
    collector = Collector()
    with register_temporarily(app, collector, "collector"):
        path = write_jsonl(
            tmp_path / "iklan.jsonl",
            record("iklan", advertorial=True, sponsor="Pemkab Kediri", youtube_id="dQw4w9WgXcQ"),
            record("video", youtube_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", id=7),
        )
        result = run_import(app, path)
        assert result.exit_code == 0, result.output
        assert [slug for _, slug, _ in collector.seen] == ["iklan", "video"]
        assert all(article_id is not None for article_id, _, _ in collector.seen)
        iklan, video = (fields for _, _, fields in collector.seen)
        assert (iklan["advertorial"], iklan["sponsor"]) == (True, "Pemkab Kediri")
        assert iklan["youtube_id"] == "dQw4w9WgXcQ"
        assert video["youtube_url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


class Keeper:
    """A plugin that knows only the per-article hooks: it stores a mark on each imported
    article and keeps it in revisions."""

    def __init__(self) -> None:
        self.marks: dict[int, str] = {}

    @hookimpl
    def articles_import_fields(self, article, record):
        self.marks[article.id] = record.get("mark", "")

    @hookimpl
    def articles_revision_fields(self, article):
        return {"keeper": {"mark": self.marks.get(article.id, "")}}


def test_the_imported_revision_keeps_every_plugins_fields(app, tmp_path):
    """Plugins that take a whole batch hand the revision their fields; a plugin knowing
    only the per-article hooks is asked for its own, as before. Either way the revision
    holds what a revision taken right after the import holds."""
    from plugins.articles.services import snapshot

    path = write_jsonl(tmp_path / "arsip.jsonl", record("iklan", mark="a"),
                       record("biasa", mark="b"))
    with register_temporarily(app, Keeper(), "keeper"):
        result = run_import(app, path)
        assert result.exit_code == 0, result.output
        with app.app_context():
            for slug, mark in (("iklan", "a"), ("biasa", "b")):
                article = db.session.scalar(select(Article).where(Article.slug == slug))
                kept = json.loads(db.session.scalar(
                    select(Revision.data_json).where(Revision.article_id == article.id)))
                assert kept["plugins"]["keeper"] == {"mark": mark}
                assert kept["plugins"] == snapshot(article)["plugins"]


def test_plugin_refusing_a_line_rolls_back_its_whole_batch(app, tmp_path):
    path = write_jsonl(tmp_path / "iklan.jsonl", record("satu"),
                       record("iklan", advertorial=True, category="Advertorial", author="iklan"),
                       record("tiga"))
    with register_temporarily(app, Refuser(), "refuser"):
        result = run_import(app, path)
        assert_refused(result)
        assert "line 2: advertorial tanpa sponsor" in result.stderr
        assert result.stderr.startswith(f"{path}:")
        assert [count(app, model) for model in (Article, Category, Tag, User, Revision)] == [0] * 5


def test_skip_bad_keeps_the_batches_a_plugin_did_not_refuse(app, tmp_path):
    path = write_jsonl(tmp_path / "iklan.jsonl", record("satu"),
                       record("iklan", advertorial=True, category="Advertorial", author="iklan"),
                       record("tiga"))
    with register_temporarily(app, Refuser(), "refuser"):
        result = run_import(app, path, "--skip-bad", "--batch-size", "1")
        assert result.exit_code == 0, result.output
        assert f"{path}:2: batch not imported: line 2: advertorial tanpa sponsor" in result.stderr
        with app.app_context():
            assert sorted(db.session.scalars(select(Article.slug))) == ["satu", "tiga"]
            assert db.session.scalar(select(Category).where(Category.slug == "advertorial")) is None
            assert db.session.scalar(select(User).where(User.name == "iklan")) is None


class SponsorChecker(Collector):
    """A plugin checking its own field while lines are checked, and writing it later."""

    @hookimpl
    def articles_check_import(self, record):
        if record.get("advertorial") and not record.get("sponsor"):
            return "an advertorial needs 'sponsor'"
        return None


def test_plugin_fields_are_checked_with_the_line_before_anything_is_written(app, tmp_path):
    checker = SponsorChecker()
    with register_temporarily(app, checker, "checker"):
        path = write_jsonl(tmp_path / "iklan.jsonl", record("satu"),
                           record("iklan", advertorial=True, category="Advertorial"),
                           record("tiga"))
        dry = run_import(app, path, "--dry-run")
        assert_refused(dry)
        assert f"{path}:2: an advertorial needs 'sponsor'" in dry.stderr
        assert "3 baris diperiksa: 1 rusak, tidak ada yang ditulis." in dry.output
        result = run_import(app, path, "--skip-bad")
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines() == [f"{path}:2: an advertorial needs 'sponsor'"]
        assert "2 dari 3 artikel diimpor." in result.output
        assert [slug for _, slug, _ in checker.seen] == ["satu", "tiga"]
        with app.app_context():
            assert db.session.scalar(select(Category).where(Category.slug == "advertorial")) is None


def test_body_html_is_sanitized_on_import(app, client, tmp_path):
    dirty = ('<p onclick="steal()">Warga <script>alert(1)</script>mengungsi.</p>'
             '<p><a href="javascript:alert(2)">tautan</a><img src="x.jpg" onerror="alert(3)"></p>'
             '<iframe src="https://evil.example"></iframe><p style="color:red">merah</p>')
    path = write_jsonl(tmp_path / "kotor.jsonl", record("kotor", body_html=dirty))
    assert run_import(app, path).exit_code == 0
    body = article(app, "kotor").body
    for forbidden in ("<script", "onclick", "javascript:", "onerror", "<iframe", "style="):
        assert forbidden not in body
    assert "<p>Warga " in body
    assert "<p>merah</p>" in body
    page = client.get("/berita/kotor").get_data(as_text=True)
    for forbidden in ("<script>alert", "steal()", "javascript:alert", "onerror", "evil.example"):
        assert forbidden not in page


def test_each_imported_article_has_a_first_revision(app, tmp_path):
    path = write_jsonl(tmp_path / "arsip.jsonl", record("satu"), record("dua", status="draft"))
    assert run_import(app, path).exit_code == 0
    with app.app_context():
        revisions = db.session.scalars(select(Revision).order_by(Revision.article_id)).all()
        assert [(r.number, r.data["slug"], r.data["status"]) for r in revisions] == [
            (1, "satu", "published"), (1, "dua", "draft")]
        assert sorted(revisions[0].data["tags"]) == ["Diskominfo", "KIM"]


def test_missing_file_is_a_one_line_error(app, tmp_path):
    path = tmp_path / "tidak-ada.jsonl"
    result = run_import(app, path)
    assert_refused(result)
    assert result.output.strip().splitlines() == [f"Error: {path}: berkas tidak ada"]


def test_missing_file_through_the_function_is_reported_not_raised(app, tmp_path):
    report = direct_import(app, tmp_path / "tidak-ada.jsonl")
    assert report.imported == 0
    assert [error.line for error in report.errors] == [0]
    assert "cannot read the file" in report.errors[0].reason


def test_line_that_is_not_utf8_is_reported_not_a_traceback(app, tmp_path):
    latin1 = '{"title": "Caf\u00e9 Baru di Pare", "slug": "cafe"}'.encode("latin-1")
    path = write_jsonl(tmp_path / "latin1.jsonl", record("satu"), latin1, record("tiga"))
    result = run_import(app, path)
    assert_refused(result)
    assert f"{path}:2: " in result.stderr
    assert count(app, Article) == 0


def test_line_over_the_size_limit_is_reported_not_silently_dropped(app, tmp_path):
    huge = record("raksasa", body_html="<p>" + "a" * importer.MAX_LINE_BYTES + "</p>")
    path = write_jsonl(tmp_path / "besar.jsonl", record("satu"), huge)
    result = run_import(app, path)
    assert_refused(result)
    assert f"{path}:2: " in result.stderr
    assert count(app, Article) == 0


def test_blank_lines_are_skipped(app, tmp_path):
    path = write_jsonl(tmp_path / "renggang.jsonl", "", record("satu"), "   ", "\t",
                       record("dua"), "")
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    assert "2 dari 2 artikel diimpor." in result.output
    assert result.stderr == ""


def test_tags_differing_only_in_case_become_one_tag(app, tmp_path):
    path = write_jsonl(tmp_path / "tag.jsonl", record("banjir", tags=["Banjir", "banjir", "KRAS"]))
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    assert [tag.slug for tag in article(app, "banjir").tags] == ["banjir", "kras"]


def test_line_without_slug_does_not_take_a_slug_given_later_in_the_file(app, tmp_path):
    path = write_jsonl(tmp_path / "slug.jsonl",
                       {"title": "Banjir Kras", "body_html": "<p>Tanpa slug.</p>"},
                       record("banjir-kras", title="Banjir di Desa Kras"))
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    assert article(app, "banjir-kras").title == "Banjir di Desa Kras"
    assert article(app, "banjir-kras-2").title == "Banjir Kras"


def test_a_line_changed_after_the_check_stops_the_import_at_that_line(app, tmp_path,
                                                                      monkeypatch):
    """The write pass reads the file again (memory holds one batch, not the file): a line
    that no longer passes is reported by number and nothing after it is written."""
    path = write_jsonl(tmp_path / "arsip.jsonl", record("satu"), record("dua"),
                       record("tiga"))
    reads = []
    read_lines = importer.read_lines

    def read_changing(file: Path):
        reads.append(file)
        if len(reads) == 2:
            file.write_text(json.dumps(record("satu")) + "\n{rusak\n" +
                            json.dumps(record("tiga")) + "\n", encoding="utf-8")
        return read_lines(file)

    monkeypatch.setattr(importer, "read_lines", read_changing)
    report = direct_import(app, path, batch_size=1)
    assert (report.imported, [error.line for error in report.errors]) == (1, [2])
    assert report.errors[0].reason.startswith("bukan JSON")
    with app.app_context():
        assert list(db.session.scalars(select(Article.slug))) == ["satu"]
