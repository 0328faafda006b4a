"""``GET /healthz``: whether this app server can serve, for a load balancer or a monitor.

Checks: the database answers, the page cache store (a folder or Redis) takes a write,
the instance's disk has room, the schema matches the code (core and every plugin), and
whatever plugins add through ``warta_health_checks`` (the search queue's lag). The answer
is JSON, 200 when every check passed and 503 naming the failed ones otherwise.

It is answered by a small WSGI middleware in front of the site, not by a view: no
session, cookie, rate limit, host check or page cache stands between the balancer and
the checks, so a Redis that is down shows as a failed check rather than as a 500, and a
balancer asking by IP address gets an answer. The body holds no secrets (no addresses,
versions or error messages, only each check's short state); the reason for a failure
goes to the log under the request's id, and ``cms doctor`` prints it.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from sqlalchemy import text

from cms.dbmigrate import pending_migrations
from cms.extensions import cache, db
from cms.hooks import call_hook

logger = logging.getLogger(__name__)

#: The address load balancers ask.
HEALTH_PATH = "/healthz"
#: Below this much free space in the instance's file system the disk check fails
#: (``HEALTH_MIN_FREE_DISK_MB``): uploads, the search index and SQLite stop being written.
DEFAULT_MIN_FREE_DISK_MB = 500
CACHE_PROBE_KEY = "warta:health:probe"
#: Where the code's migration heads are kept once read: the files do not change while a
#: process runs, and reading them costs more than the rest of the checks together.


@dataclass(frozen=True)
class HealthCheck:
    """The outcome of one health check, as ``GET /healthz`` and ``cms doctor`` show it.

    :param name: short and stable, for monitors to key on, e.g. ``"search-queue"``.
    :param ok: whether the site can rely on what was checked.
    :param detail: a few words on the state (``"12 waiting, oldest 3 s"``); it is public,
        so never an address, a password or an exception's message.
    :param fix: what the technician should do when it failed (shown by ``cms doctor``).

    .. versionadded:: 2.2
    """

    name: str
    ok: bool
    detail: str = ""
    fix: str = ""


def check_database() -> HealthCheck:
    db.session.execute(text("SELECT 1"))
    return HealthCheck("database", True, "answers")


def check_cache(app: Flask) -> HealthCheck:
    """The page cache's store takes a write and gives it back."""
    if app.config["CACHE_TYPE"] in ("NullCache", "null"):
        return HealthCheck("cache", True, "off")
    store = app.extensions["cache"][cache]
    written = store.set(CACHE_PROBE_KEY, int(time.time()), timeout=300)
    if written and store.get(CACHE_PROBE_KEY) is not None:
        return HealthCheck("cache", True, "answers")
    return HealthCheck("cache", False, "cannot store",
                       _("pastikan penyimpanan cache bisa ditulisi dan dijangkau (%(type)s; "
                         "CACHE_DIR atau CACHE_REDIS_URL)", type=app.config["CACHE_TYPE"]))


def check_disk(app: Flask) -> HealthCheck:
    minimum = int(app.config.get("HEALTH_MIN_FREE_DISK_MB") or DEFAULT_MIN_FREE_DISK_MB)
    free_mb = shutil.disk_usage(app.instance_path).free // (1024 * 1024)
    if free_mb >= minimum:
        return HealthCheck("disk", True, f"{free_mb} MB free")
    return HealthCheck("disk", False, f"{free_mb} MB free, below {minimum} MB",
                       _("kosongkan ruang di disk %(path)s (cadangan lama, log)",
                         path=app.instance_path))


def check_migrations(app: Flask) -> HealthCheck:
    pending = pending_migrations(app)
    if not pending:
        return HealthCheck("migrations", True, "current")
    return HealthCheck("migrations", False, "pending: " + ", ".join(pending),
                       _("jalankan `cms db upgrade`, lalu mulai ulang server aplikasi"))


#: The core's checks, in the order they run; each takes the application.
CORE_CHECKS: tuple[tuple[str, Callable[[Flask], HealthCheck]], ...] = (
    ("database", lambda app: check_database()),
    ("cache", check_cache),
    ("disk", check_disk),
    ("migrations", check_migrations),
)


def _failed(name: str, exc: BaseException, explain: bool) -> HealthCheck:
    logger.warning("health check %s failed", name, exc_info=exc)
    fix = _("lihat log untuk galat pemeriksaan %(name)s", name=name)
    if explain:
        fix = f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}"
    return HealthCheck(name, False, f"error ({type(exc).__name__})", fix)


def run_checks(app: Flask, explain: bool = False) -> list[HealthCheck]:
    """Every check, the core's then the plugins'; one that raises counts as failed (its
    error is logged), so one broken check never hides the others. Needs an app context.

    :param explain: put the error's message in the failed check's ``fix`` (for
        ``cms doctor`` at the server's console; never for ``/healthz``, which anyone reads).
    """
    results = []
    for name, check in CORE_CHECKS:
        try:
            results.append(check(app))
        except Exception as exc:
            if name == "database":
                db.session.rollback()
            results.append(_failed(name, exc, explain))
    try:
        for answer in call_hook("warta_health_checks", critical=True, app=app):
            results.extend(answer if isinstance(answer, list | tuple) else [answer])
    except Exception as exc:
        results.append(_failed("plugins", exc, explain))
    return results


def report(results: Iterable[HealthCheck]) -> tuple[int, dict[str, Any]]:
    """The status code and JSON body of ``/healthz`` for ``results``."""
    results = list(results)
    failed = [result.name for result in results if not result.ok]
    body = {
        "status": "fail" if failed else "ok",
        "failed": failed,
        "checks": {result.name: {"ok": result.ok, "detail": result.detail}
                   for result in results},
    }
    return (503 if failed else 200), body


class HealthMiddleware:
    """Answers ``GET``/``HEAD`` ``/healthz`` before the rest of the site sees the request."""

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != HEALTH_PATH:
            return self.wsgi_app(environ, start_response)
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            start_response("405 METHOD NOT ALLOWED", [("Allow", "GET, HEAD"),
                                                      ("Content-Length", "0")])
            return []
        with self.app.app_context():
            try:
                status, body = report(run_checks(self.app))
            finally:
                db.session.remove()
        payload = json.dumps(body).encode()
        start_response(f"{status} {'OK' if status == 200 else 'SERVICE UNAVAILABLE'}", [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(payload))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ])
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [payload]


def init_app(app: Flask) -> None:
    """Answer ``/healthz`` in front of everything but the request log (see the module)."""
    app.wsgi_app = HealthMiddleware(app, app.wsgi_app)
