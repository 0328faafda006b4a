"""Core benchmarks: start-up time, page throughput and login cost, printed as figures.

Run with ``make bench`` (or ``.venv/bin/python bench/run.py``). It builds a throw-away
instance in a temporary folder, so it never touches ``instance/``. Targets are checked
here, never in unit tests: the run exits 1 when a figure misses its target.

``--pages`` and ``--traffic`` also run the server benchmarks (``bench/pages.py``, and
``bench/traffic.py``: Zipf-distributed readers while the newsroom publishes every 30 s),
each against the bare Flask ceiling under gunicorn; they need wrk and take minutes.
``--instance DIR`` hands them a site loaded earlier instead of importing the corpus.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Targets for a 2-core machine; see docs/architecture.md.
TARGETS = {
    "start-up (ms, median)": 1500,
    "GET / (ms, p95)": 25,
    "GET /login (ms, p95)": 25,
    "login POST (ms, median)": 400,
}


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", action="store_true", help="also run bench/pages.py")
    parser.add_argument("--traffic", action="store_true", help="also run bench/traffic.py")
    parser.add_argument("--instance", help="a site loaded earlier, for --pages and --traffic")
    args = parser.parse_args()
    failed = core()
    site = ["--instance", args.instance] if args.instance else []
    for wanted, script in ((args.pages, "pages.py"), (args.traffic, "traffic.py")):
        if wanted:
            print(f"\n$ bench/{script}")  # noqa: T201
            sys.stdout.flush()
            failed |= subprocess.run([sys.executable, str(ROOT / "bench" / script), *site],
                                     check=False).returncode != 0
    return 1 if failed else 0


def core() -> bool:
    """Start-up, home page and login in one process; whether a target was missed."""
    with tempfile.TemporaryDirectory() as folder:
        os.environ["WARTA_INSTANCE"] = folder
        from cms import create_app
        from cms.auth.services import create_user
        from cms.extensions import db

        config = {"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/b.db",
                  "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False}
        startup = timed(lambda: create_app(config), 5)
        app = create_app(config)
        with app.app_context():
            db.create_all()
            create_user("bench@example.com", "Bench", "editor", "kopi-tubruk-di-pasar-Pare")
        client = app.test_client()
        client.get("/")
        home = timed(lambda: client.get("/"), 300)
        login_page = timed(lambda: client.get("/login"), 300)
        login = timed(lambda: app.test_client().post("/login", data={
            "email": "bench@example.com", "password": "kopi-tubruk-di-pasar-Pare"}), 20)

    figures = {
        "start-up (ms, median)": statistics.median(startup),
        "GET / (ms, p95)": p95(home),
        "GET /login (ms, p95)": p95(login_page),
        "login POST (ms, median)": statistics.median(login),
    }
    throughput = 1000 / statistics.mean(home)
    failed = False
    for name, value in figures.items():
        target = TARGETS[name]
        verdict = "ok" if value <= target else "MISSED"
        failed |= value > target
        print(f"{name:<26} {value:8.1f}   target <= {target:<6} {verdict}")  # noqa: T201
    print(f"{'GET / throughput (req/s)':<26} {throughput:8.0f}   (one process, test client)")  # noqa: T201
    return failed


if __name__ == "__main__":
    sys.exit(main())
