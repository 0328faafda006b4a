"""Admins upload an export on /admin/wordpress/, follow its import on a progress page that
reloads itself, and read the report there at the end."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cms.clock import utcnow
from cms.extensions import db
from plugins.articles.models import Article
from plugins.wordpress import jobs
from plugins.wordpress.models import WordpressImportJob
from tests.wordpress.conftest import export, item

FULL = Path(__file__).parent.parent / "fixtures" / "wordpress" / "export-full.xml"


@pytest.fixture
def app_config(app_config):
    """Jobs run inside the request that starts them, so a test reads their end at once."""
    return {**app_config, "WORDPRESS_JOBS_INLINE": True}


def upload(client, data: bytes | str, name: str = "ekspor.xml", **fields):
    body = data.encode() if isinstance(data, str) else data
    form = {"export": (io.BytesIO(body), name), **fields}
    return client.post("/admin/wordpress/", data=form, content_type="multipart/form-data")


def follow(client, response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)
    assert re.fullmatch(r"/admin/wordpress/jobs/\d+", response.location)
    return client.get(response.location).get_data(as_text=True)


def articles(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Article))


def add_job(app, user_id: int, *, status: str = "running", age: int = 0) -> int:
    with app.app_context():
        job = WordpressImportJob(status=status, file="gone.xml", filename="lama.xml",
                                 dry_run=False, user_id=user_id,
                                 slot=1 if status == "running" else None,
                                 heartbeat=utcnow() - timedelta(seconds=age))
        db.session.add(job)
        db.session.commit()
        return job.id


@pytest.fixture
def admin(auth, make_user):
    user = make_user(role="admin")
    auth.login(user.email)
    return user


def test_an_admin_rehearses_then_imports_a_real_export(app, client, admin):
    assert "Impor dari WordPress" in client.get("/admin/wordpress/").get_data(as_text=True)
    page = follow(client, upload(client, FULL.read_bytes(), "kabar-kediri.xml", dry_run="y"))
    assert "Hasil uji coba" in page and "kabar-kediri.xml" in page
    assert "artikel: 14 akan dibuat" in page and "Uji coba: tidak ada yang ditulis." in page
    assert 'http-equiv="refresh"' not in page
    assert articles(app) == 0
    page = follow(client, upload(client, FULL.read_bytes(), "kabar-kediri.xml"))
    assert "Hasil impor" in page and "artikel: 14 dibuat" in page
    assert "halaman: 2 dibuat" in page and "Dibuat 16," in page
    assert articles(app) == 14
    page = follow(client, upload(client, FULL.read_bytes(), "kabar-kediri.xml"))
    assert "artikel: 0 dibuat, 0 diperbarui, 14 tidak berubah" in page
    assert articles(app) == 14


def test_the_stored_upload_is_removed_when_the_job_ends(app, client, admin):
    follow(client, upload(client, export(item(1, "Banjir"))))
    assert list((Path(app.instance_path) / "wordpress-imports").iterdir()) == []


def test_a_malformed_export_ends_as_failed_with_file_and_line(app, client, admin):
    text = export(item(1, "Banjir"))
    page = follow(client, upload(client, text[:1500], "rusak.xml"))
    assert "Gagal" in page and re.search(r"rusak\.xml:\d+: ", page)
    assert articles(app) == 0
    with app.app_context():
        assert db.session.scalars(select(WordpressImportJob.status)).all() == ["failed"]


def test_an_unexpected_error_fails_the_job_with_its_reason(app, client, admin, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr("plugins.wordpress.jobs.import_wordpress", explode)
    page = follow(client, upload(client, export(item(1, "Banjir"))))
    assert "Gagal" in page and "RuntimeError: disk penuh" in page


def test_a_second_import_is_refused_while_one_runs(app, client, admin):
    running = add_job(app, admin.id)
    response = upload(client, export(item(1, "Banjir")))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Impor lain masih berjalan" in page and f"/admin/wordpress/jobs/{running}" in page
    assert articles(app) == 0


def test_two_uploads_at_the_same_moment_start_one_job(app, client, admin, monkeypatch):
    """Both requests find no running job; the database's one import slot refuses the second."""
    add_job(app, admin.id)
    monkeypatch.setattr("plugins.wordpress.jobs.running_job", lambda: None)
    response = upload(client, export(item(1, "Banjir")))
    assert response.status_code == 409
    assert "Impor lain masih berjalan" in response.get_data(as_text=True)
    assert list((Path(app.instance_path) / "wordpress-imports").iterdir()) == []


def test_a_running_job_shows_its_progress_and_reloads_itself(app, client, admin):
    job_id = add_job(app, admin.id)
    with app.app_context():
        job = db.session.get(WordpressImportJob, job_id)
        job.phase, job.items_done, job.items_total = "write", 12, 40
        db.session.commit()
    page = client.get(f"/admin/wordpress/jobs/{job_id}").get_data(as_text=True)
    assert "Sedang berjalan" in page and "12 dari 40 butir dibaca" in page
    assert "menulis artikel dan halaman" in page and "cms import wordpress" in page
    assert '<meta http-equiv="refresh" content="2">' in page


def test_a_job_left_by_a_dead_process_is_shown_interrupted_and_may_start_again(
        app, client, admin):
    job_id = add_job(app, admin.id, age=3600)
    page = client.get(f"/admin/wordpress/jobs/{job_id}").get_data(as_text=True)
    assert "Terputus" in page and "Jalankan lagi" in page
    assert 'http-equiv="refresh"' not in page
    stored = Path(app.instance_path) / "wordpress-imports" / "gone.xml"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_text(export(item(1, "Banjir")), encoding="utf-8")
    response = client.post(f"/admin/wordpress/jobs/{job_id}/restart")
    page = follow(client, response)
    assert "Hasil impor" in page and "artikel: 1 dibuat" in page
    assert articles(app) == 1


def test_an_interrupted_job_does_not_block_a_new_upload(app, client, admin):
    add_job(app, admin.id, age=3600)
    page = follow(client, upload(client, export(item(1, "Banjir"))))
    assert "artikel: 1 dibuat" in page


def test_only_admins_may_import(app, client, auth, make_user):
    editor = make_user(role="editor")
    auth.login(editor.email)
    job_id = add_job(app, editor.id, status="done")
    assert client.get("/admin/wordpress/").status_code == 403
    assert upload(client, export(item(1, "Banjir"))).status_code == 403
    assert client.get(f"/admin/wordpress/jobs/{job_id}").status_code == 403
    assert client.post(f"/admin/wordpress/jobs/{job_id}/restart").status_code == 403


def test_the_job_records_each_pass_and_the_total_as_the_importer_reads(
        app, client, admin, monkeypatch):
    seen: list[tuple[str, int, int]] = []
    monkeypatch.setattr("plugins.wordpress.jobs.PROGRESS_SECONDS", 0)
    real_touch = jobs._touch

    def touch(app, job_id, **values):
        if "phase" in values:
            seen.append((values["phase"], values["items_done"], values["items_total"]))
        real_touch(app, job_id, **values)

    monkeypatch.setattr("plugins.wordpress.jobs._touch", touch)
    follow(client, upload(client, export(item(1, "Banjir"), item(2, "Gempa"))))
    assert seen == [("check", 1, 0), ("check", 2, 0), ("media", 1, 2), ("media", 2, 2),
                    ("write", 1, 2), ("write", 2, 2)]


def test_an_upload_the_server_cannot_store_gets_a_page_not_a_crash(app, client, admin,
                                                                    monkeypatch):
    def full(self, destination, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("werkzeug.datastructures.FileStorage.save", full)
    response = upload(client, export(item(1, "Banjir")))
    assert response.status_code == 503
    assert "No space left on device" in response.get_data(as_text=True)
