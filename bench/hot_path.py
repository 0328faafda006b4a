"""CPU per request on the readers' hot path, in process: a page-cache hit, and what a
signed-in page reads of the settings.

    .venv/bin/python bench/hot_path.py [--requests 20000]

Compare two checkouts in one run by naming the other's root (its code is imported in a
child process with its own interpreter):

    .venv/bin/python bench/hot_path.py --compare /work/wt/base

A throw-away site is set up as production runs behind nginx: ``PROXY_FIX`` with the proxy
in ``TRUSTED_PROXIES``, ``TRUSTED_HOSTS``, ``SITE_URL``, the page cache, and the request
log at INFO (to a handler that drops the records, so no disk or terminal is timed). The
WSGI app is then called in a loop with a request from the proxy for a stored page (no
server, no network: only what Warta adds to each hit), in rounds alternating with the bare
Flask hello (``bench/hello_app.py``) called the same way, so drift on a shared machine hits
both alike. Printed: median CPU microseconds per call of each, their ratio, and the SQL
statements one signed-in request of a user without two-factor sign-in sends to the
setting table.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "kopi-tubruk-di-pasar-Pare"
PROXY = "127.0.0.1"
HOST = "warta.example"


def environ_for(path: str, **extra: str) -> dict:
    """A GET as nginx hands it to gunicorn: from the proxy, with its forwarded headers."""
    return {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
            "SERVER_NAME": HOST, "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": HOST, "REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9",
            "HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_REQUEST_ID": "a" * 32,
            "wsgi.url_scheme": "http", "wsgi.input": None, "wsgi.errors": sys.stderr,
            "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
            "wsgi.version": (1, 0), **extra}


def call(app: Callable, environ: dict) -> bytes:
    statuses: list[str] = []
    result = app(dict(environ), lambda status, headers, exc_info=None: statuses.append(status))
    try:
        return b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()


def cpu_per_call(app: Callable, environ: dict, calls: int) -> float:
    started = time.process_time()
    for _ in range(calls):
        call(app, environ)
    return (time.process_time() - started) / calls * 1e6


def build_site(instance: Path) -> object:
    from cms import create_app
    from cms.extensions import db

    os.environ["WARTA_INSTANCE"] = str(instance)
    app = create_app({
        "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'warta.db'}",
        "PLUGINS": [], "PAGE_CACHE": True, "FRAGMENT_CACHE": True, "CACHE_TYPE": "SimpleCache",
        "PROXY_FIX": True, "TRUSTED_PROXIES": [PROXY], "TRUSTED_HOSTS": [HOST],
        "SITE_URL": f"https://{HOST}", "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
    })
    with app.app_context():
        db.create_all()
    return app


def settings_reads(app: object) -> int:
    """SQL statements on the setting table of one signed-in page, once warmed up."""
    from sqlalchemy import event

    from cms.auth.services import create_user
    from cms.extensions import db

    with app.app_context():
        create_user("redaktur@example.com", "Redaktur", "editor", PASSWORD)
        engine = db.engine
    client = app.test_client()
    client.post("/login", data={"email": "redaktur@example.com", "password": PASSWORD},
                base_url=f"https://{HOST}", environ_base={"REMOTE_ADDR": PROXY})
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda *args: statements.append(args[2]))
    for _ in range(2):
        statements.clear()
        client.get("/account/password", base_url=f"https://{HOST}",
                   environ_base={"REMOTE_ADDR": PROXY}).close()
    return sum("FROM setting " in statement for statement in statements)


def measure(root: Path, requests: int, rounds: int) -> dict:
    sys.path[:0] = [str(root), str(ROOT / "bench")]
    from hello_app import app as hello

    logging.getLogger().addHandler(logging.NullHandler())
    logging.getLogger().setLevel(logging.INFO)
    with tempfile.TemporaryDirectory(prefix="warta-hot-path-") as folder:
        app = build_site(Path(folder))
        page = environ_for("/robots.txt")
        assert call(app, page) == call(app, page)  # stored, then served from the store
        site, bare = [], []
        for _ in range(rounds):
            bare.append(cpu_per_call(hello, environ_for("/"), requests // rounds))
            site.append(cpu_per_call(app, page, requests // rounds))
        reads = settings_reads(app)
    return {"root": str(root), "hit_us": statistics.median(site),
            "hello_us": statistics.median(bare), "settings_reads": reads}


def report(figures: dict) -> str:
    return (f"{figures['root']}: page-cache hit {figures['hit_us']:.1f} µs CPU, hello "
            f"{figures['hello_us']:.1f} µs ({figures['hit_us'] / figures['hello_us']:.2f}× "
            f"hello); setting-table statements per signed-in request: "
            f"{figures['settings_reads']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--compare", type=Path, help="another checkout's root, measured too")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.requests, args.rounds)))  # noqa: T201
        return 0
    for side in [ROOT] + ([args.compare.resolve()] if args.compare else []):
        out = subprocess.run(
            [str(side / ".venv" / "bin" / "python"), __file__, "--measure", str(side),
             "--requests", str(args.requests), "--rounds", str(args.rounds)],
            cwd=side, check=True, capture_output=True, text=True)
        print(report(json.loads(out.stdout.strip().splitlines()[-1])))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
