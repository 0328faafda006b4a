"""``cms doctor``: what ``/healthz`` checks, plus the configuration mistakes that only
show under load, on the second server or on the day mail is needed.

Each problem is one line that says what to do; the exit code is 0 when there is none,
1 otherwise, so a deploy script can stop on it.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.engine import make_url

from cms import health
from cms.pluginmanager import Status, get_manager

#: ``cms init`` writes this address when it was given none (``cms.cli.LOCAL_SITE_URL``).
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "0.0.0.0"})
#: Keys no production site should run with: the development fallback and the usual
#: placeholders.
KNOWN_WEAK_KEYS = frozenset({"warta-development-only", "dev", "secret", "changeme",
                             "change-me", "test-secret"})
MIN_SECRET_KEY_LENGTH = 32
#: Cache types that live in one process: another worker never sees what they hold.
PER_PROCESS_CACHES = frozenset({"SimpleCache", "simple"})
#: Cache types that live on one machine.
PER_SERVER_CACHES = PER_PROCESS_CACHES | {"FileSystemCache", "filesystem"}


@dataclass(frozen=True)
class Problem:
    """A configuration mistake: what is wrong and what to do about it."""

    what: str
    fix: str

    def line(self) -> str:
        return f"{self.what}: {self.fix}"


def gunicorn_workers(environ: Mapping[str, str] = os.environ) -> int:
    """The worker count the shipped gunicorn.conf.py starts (``WARTA_WORKERS``, else two
    per core, at most 8)."""
    given = environ.get("WARTA_WORKERS")
    return int(given) if given else min(8, 2 * multiprocessing.cpu_count())


def several_servers(app: Flask) -> bool:
    """Is this one of several app servers? ``APP_SERVERS`` says so, and a database on
    another machine is the layout of a site that has several."""
    if int(app.config.get("APP_SERVERS") or 1) > 1:
        return True
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    return url.get_backend_name() == "postgresql" and bool(url.host) and (
        url.host not in LOCAL_HOSTS)


def check_site_url(app: Flask) -> Iterator[Problem]:
    site_url = app.config.get("SITE_URL")
    if not site_url:
        yield Problem(_("SITE_URL belum diisi"),
                      _("isi SITE_URL di instance/config.py (atau WARTA_SITE_URL) dengan "
                        "alamat publik, misalnya https://kabarkediri.id"))
    elif urlsplit(site_url).hostname in LOCAL_HOSTS:
        yield Problem(_("SITE_URL masih alamat lokal %(url)s", url=site_url),
                      _("isi SITE_URL di instance/config.py dengan alamat publik yang dibuka "
                        "pembaca"))


def check_secret_key(app: Flask) -> Iterator[Problem]:
    key = str(app.config.get("SECRET_KEY") or "")
    if key in KNOWN_WEAK_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
        yield Problem(_("SECRET_KEY kosong atau lemah"),
                      _("tulis SECRET_KEY = '<keluaran python3 -c \"import secrets; "
                        "print(secrets.token_hex(32))\">' di instance/config.py lalu mulai "
                        "ulang (semua orang perlu login lagi)"))


def check_shared_stores(app: Flask) -> Iterator[Problem]:
    workers = gunicorn_workers()
    servers = several_servers(app)
    limits = str(app.config.get("RATELIMIT_STORAGE_URI") or "")
    if limits.startswith("memory://") and (workers > 1 or servers):
        yield Problem(_("batas laju dihitung di memori dengan %(workers)d worker gunicorn",
                        workers=workers),
                      _("hapus RATELIMIT_STORAGE_URI (satu berkas SQLite yang dipakai bersama "
                        "semua worker) atau isi dengan redis://…"))
    elif limits.startswith("sqlite:") and servers:
        yield Problem(_("batas laju dihitung di berkas masing-masing dari beberapa server "
                        "aplikasi"),
                      _("isi RATELIMIT_STORAGE_URI (WARTA_RATELIMIT_STORAGE_URI) dengan "
                        "redis://… bersama di setiap server"))
    cache_type = app.config.get("CACHE_TYPE")
    if cache_type in PER_PROCESS_CACHES and workers > 1:
        yield Problem(_("cache halaman (%(cache)s) terpisah di tiap %(workers)d worker, jadi "
                        "berita yang terbit tidak terlihat oleh worker lain",
                        cache=cache_type, workers=workers),
                      _("pakai CACHE_TYPE = 'FileSystemCache' (bawaan) atau RedisCache"))
    elif cache_type in PER_SERVER_CACHES and servers:
        yield Problem(_("cache halaman (%(cache)s) tidak dipakai bersama oleh server "
                        "aplikasi", cache=cache_type),
                      _("isi CACHE_TYPE = 'RedisCache' dan CACHE_REDIS_URL di setiap server"))
    if (servers and get_manager(app).is_loaded("search")
            and str(app.config.get("SEARCH_BACKEND") or "whoosh").lower() == "whoosh"):
        yield Problem(_("indeks pencarian Whoosh ada di disk satu server aplikasi saja"),
                      _("isi SEARCH_BACKEND = 'postgres' lalu jalankan `cms search reindex` "
                        "(docs/search-postgres.md)"))
    if servers and str(app.config.get("MEDIA_STORAGE") or "folder").lower() == "folder":
        yield Problem(_("media unggahan disimpan di folder satu server aplikasi saja"),
                      _("isi MEDIA_STORAGE = 'database' di setiap server lalu jalankan "
                        "`cms media migrate --to database` sekali (docs/media.md)"))


def folders_to_write(app: Flask) -> dict[str, Path]:
    """The folders the site writes to while it serves, by what they hold."""
    folders = {"instance": Path(app.instance_path),
               "uploads": Path(app.config.get("UPLOADS_FOLDER")
                               or Path(app.instance_path) / "uploads")}
    if str(app.config.get("MEDIA_STORAGE") or "folder").lower() == "database":
        folders["media cache"] = Path(app.config.get("MEDIA_CACHE_FOLDER")
                                      or Path(app.instance_path) / "media-cache")
    if app.config.get("CACHE_TYPE") in ("FileSystemCache", "filesystem"):
        folders["cache"] = Path(app.config["CACHE_DIR"])
    if (get_manager(app).is_loaded("search")
            and str(app.config.get("SEARCH_BACKEND") or "whoosh").lower() == "whoosh"):
        folders["search index"] = Path(app.config.get("SEARCH_INDEX_PATH")
                                       or Path(app.instance_path) / "search-index")
    return folders


def _writable(folder: Path) -> str | None:
    """Why files cannot be written in ``folder`` (or made there), else None."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return _("%(path)s bukan folder", path=existing)
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        return _("%(path)s tidak bisa ditulisi (%(error)s)", path=existing, error=exc.strerror)
    return None


def _role_name(role: str) -> str:
    """What a folder holds, in the site's language (``folders_to_write`` keys stay fixed)."""
    names = {"instance": _("instance"), "uploads": _("unggahan"),
             "media cache": _("cache media"), "cache": _("cache"),
             "search index": _("indeks pencarian")}
    return names.get(role, role)


def check_folders(app: Flask) -> Iterator[Problem]:
    for role, folder in folders_to_write(app).items():
        reason = _writable(folder)
        if reason:
            yield Problem(_("folder %(role)s %(path)s: %(reason)s", role=_role_name(role),
                            path=folder, reason=reason),
                          _("buat folder itu dan serahkan ke pengguna yang menjalankan situs "
                            "(chown -R warta: …)"))


def check_plugins(app: Flask) -> Iterator[Problem]:
    for record in sorted(get_manager(app).records.values(), key=lambda r: r.name):
        if record.status == Status.FAILED:
            yield Problem(_("plugin %(name)s gagal: %(error)s", name=record.name,
                            error=record.error),
                          _("perbaiki sesuai pesannya, atau `cms plugins disable %(name)s`",
                            name=record.name))


def check_mail(app: Flask) -> Iterator[Problem]:
    if not app.config.get("MAIL_HOST"):
        yield Problem(_("email belum diatur, jadi reset kata sandi dan undangan tidak bisa "
                        "dikirim"),
                      _("isi MAIL_HOST (WARTA_MAIL_HOST) dan pengaturan MAIL_* lainnya"))


def check_debug(app: Flask) -> Iterator[Problem]:
    if app.debug or app.config.get("DEBUG"):
        yield Problem(_("DEBUG menyala"),
                      _("hapus DEBUG dari instance/config.py dan WARTA_DEBUG dari environment"))


#: The configuration checks, in the order they are printed.
CONFIG_CHECKS: tuple[Callable[[Flask], Iterator[Problem]], ...] = (
    check_site_url, check_secret_key, check_debug, check_shared_stores, check_folders,
    check_plugins, check_mail,
)


def examine(app: Flask) -> tuple[list[health.HealthCheck], list[Problem]]:
    """The health checks and the configuration problems of ``app`` (in an app context)."""
    checks = health.run_checks(app, explain=True)
    problems = [problem for check in CONFIG_CHECKS for problem in check(app)]
    return checks, problems


@click.command("doctor")
@with_appcontext
def doctor_command() -> None:
    """Check the site and its configuration; print each problem with what to do."""
    app: Any = current_app._get_current_object()
    checks, problems = examine(app)
    for check in checks:
        state = "ok  " if check.ok else "FAIL"
        fix = f": {check.fix}" if not check.ok and check.fix else ""
        click.echo(f"{state} {check.name} ({check.detail}){fix}")
    for problem in problems:
        click.echo(f"FAIL {problem.line()}")
    failed = sum(not check.ok for check in checks) + len(problems)
    if failed:
        click.echo(ngettext("%(num)d masalah ditemukan.", "%(num)d masalah ditemukan.",
                            failed))
        raise SystemExit(1)
    click.echo(_("Tidak ada masalah."))
