"""``cms doctor`` as a technician runs it: every problem on one line with what to do,
exit code 1 until none is left."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from cms.dbmigrate import upgrade_all
from tests.conftest import CmsRunner
from tests.test_cli import cms, fresh_instance, initialised  # noqa: F401 - fixtures

STRONG_KEY = "9f2c" * 16


@pytest.fixture
def site(make_app, tmp_path: Path):
    """A migrated site configured as docs/production.md says, with overrides."""

    def build(migrate: bool = True, **overrides) -> Flask:
        config = {"PLUGINS": ["articles", "search"], "SITE_URL": "https://kabarkediri.id",
                  "SECRET_KEY": STRONG_KEY, "MAIL_HOST": "127.0.0.1",
                  "MAIL_SENDER": "Redaksi <redaksi@kabarkediri.id>",
                  "CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache"),
                  "RATELIMIT_STORAGE_URI": None, **overrides}
        if migrate:
            with make_app(create_tables=False, **config).app_context() as context:
                upgrade_all(context.app)
        return make_app(create_tables=False, **config)

    return build


def doctor(app: Flask) -> tuple[int, list[str]]:
    result = CmsRunner(app).invoke(["doctor"])
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()


def test_a_site_set_up_for_production_has_no_problem(site):
    code, lines = doctor(site())
    assert code == 0, lines
    assert lines[-1] == "Tidak ada masalah."
    for check in ("database", "cache", "disk", "migrations", "search-queue"):
        assert any(line.startswith(f"ok   {check} (") for line in lines)


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"SITE_URL": None}, "FAIL SITE_URL belum diisi: isi SITE_URL di instance/config.py"),
    ({"SITE_URL": "http://127.0.0.1:5000"},
     "FAIL SITE_URL masih alamat lokal http://127.0.0.1:5000: isi SITE_URL"),
    ({"SECRET_KEY": "rahasia"}, "FAIL SECRET_KEY kosong atau lemah: tulis SECRET_KEY = "),
    ({"SECRET_KEY": "changeme"}, "FAIL SECRET_KEY kosong atau lemah"),
    ({"DEBUG": True}, "FAIL DEBUG menyala: hapus DEBUG dari instance/config.py"),
    ({"RATELIMIT_STORAGE_URI": "memory://"},
     "FAIL batas laju dihitung di memori dengan 3 worker gunicorn: hapus "
     "RATELIMIT_STORAGE_URI"),
    ({"CACHE_TYPE": "SimpleCache"},
     "FAIL cache halaman (SimpleCache) terpisah di tiap 3 worker"),
    ({"MAIL_HOST": None}, "FAIL email belum diatur, jadi reset kata sandi dan undangan tidak "
                          "bisa dikirim: isi MAIL_HOST (WARTA_MAIL_HOST)"),
])
def test_each_configuration_mistake_is_one_line_with_the_fix(site, monkeypatch, overrides,
                                                             expected):
    monkeypatch.setenv("WARTA_WORKERS", "3")
    code, lines = doctor(site(**overrides))
    assert code == 1
    problems = [line for line in lines if line.startswith("FAIL")]
    assert len(problems) == 1, lines
    assert problems[0].startswith(expected)
    assert lines[-1] == "1 masalah ditemukan."


def test_several_app_servers_need_shared_stores(site):
    code, lines = doctor(site(APP_SERVERS=2))
    assert code == 1
    problems = [line for line in lines if line.startswith("FAIL")]
    assert problems == [
        "FAIL batas laju dihitung di berkas masing-masing dari beberapa server aplikasi: "
        "isi RATELIMIT_STORAGE_URI (WARTA_RATELIMIT_STORAGE_URI) dengan redis://… bersama "
        "di setiap server",
        "FAIL cache halaman (FileSystemCache) tidak dipakai bersama oleh server aplikasi: "
        "isi CACHE_TYPE = 'RedisCache' dan CACHE_REDIS_URL di setiap server",
        "FAIL indeks pencarian Whoosh ada di disk satu server aplikasi saja: isi "
        "SEARCH_BACKEND = 'postgres' lalu jalankan `cms search reindex` "
        "(docs/search-postgres.md)",
        "FAIL media unggahan disimpan di folder satu server aplikasi saja: isi "
        "MEDIA_STORAGE = 'database' di setiap server lalu jalankan "
        "`cms media migrate --to database` sekali (docs/media.md)",
    ]


def test_a_folder_the_site_cannot_write_is_named(site, tmp_path):
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("")
    code, lines = doctor(site(UPLOADS_FOLDER=str(blocker / "uploads")))
    assert code == 1
    assert f"FAIL folder unggahan {blocker / 'uploads'}: {blocker} bukan folder: buat " \
           "folder itu dan serahkan ke pengguna yang menjalankan situs (chown -R warta: …)" \
           in lines


def test_pending_migrations_and_their_fix(site):
    code, lines = doctor(site(migrate=False))
    assert code == 1
    assert ("FAIL migrations (pending: core, articles, search): jalankan `cms db upgrade`, "
            "lalu mulai ulang server aplikasi") in lines


def test_a_failed_plugin_is_named_with_its_error(site, plugin_folder):
    folder, write = plugin_folder
    write("rusak", "raise RuntimeError('modul rusak')\n")
    code, lines = doctor(site(EXTRA_PLUGIN_FOLDERS=[str(folder)],
                              PLUGINS=["articles", "search", "rusak"]))
    assert code == 1
    problem = next(line for line in lines if line.startswith("FAIL plugin rusak gagal: "))
    assert "modul rusak" in problem
    assert problem.endswith("atau `cms plugins disable rusak`")


def test_the_cms_command_runs_the_doctor(initialised):  # noqa: F811
    result = cms(initialised, "doctor")
    assert result.returncode == 1, result.stderr
    assert "ok   database (answers)" in result.stdout
    assert "FAIL SITE_URL masih alamat lokal http://127.0.0.1:5000" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
