"""Search page over HTTP with the result cache off: req/s against "hello", in one run.

    .venv/bin/python bench/search_http.py --instance DIR [--compare ../main]
    .venv/bin/python bench/search_http.py --instance DIR --database-url URL --backend postgres

The site in ``--instance`` holds the shared corpus (``bench/import_articles.py --keep
DIR`` leaves one). gunicorn serves it with 2 sync workers, ``SEARCH_CACHE_SIZE = 0`` and
no page cache, so every request searches; ``wrk`` (2 threads, 8 connections) asks for
``/search?q=WORD`` with a common word (the word most articles hold) and a rare one (a
word a handful of articles hold), each measured right after the bare Flask "hello" on the
same server settings, ``--rounds`` times; the medians are printed with the share of
hello. ``--compare DIR`` measures another checkout's code in the same rounds, on the same
site. Targets (issue 18): common word 200 req/s on Whoosh and 150 on PostgreSQL, rare
word 500 on both.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import urllib.parse
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from pages import free_port, gunicorn, wait_until_up, wrk  # noqa: E402  (a sibling bench)

TARGETS = {("whoosh", "common"): 200.0, ("postgres", "common"): 150.0,
           ("whoosh", "rare"): 500.0, ("postgres", "rare"): 500.0}


def pick_words(env: dict[str, str]) -> tuple[str, str]:
    """The word most articles hold, and the most frequent of those 3 to 20 articles hold
    (letters only, five or more), counted over titles, leads and bodies."""
    os.environ.update(env)
    from sqlalchemy import select

    from cms import create_app
    from cms.extensions import db
    from plugins.articles.models import Article
    from plugins.search.analysis import STOP_WORDS, tokenize
    from plugins.search.documents import html_to_text

    counts: Counter[str] = Counter()
    with create_app().app_context():
        rows = db.session.execute(select(Article.title, Article.lead, Article.body))
        for title, lead, body in rows:
            counts.update({w for w in tokenize(f"{title} {lead} {html_to_text(body)}")
                           if w not in STOP_WORDS})
    common = counts.most_common(1)[0][0]
    rare = max((w for w, n in counts.items() if 3 <= n <= 20 and w.isalpha() and len(w) >= 5),
               key=lambda w: (counts[w], w))
    return common, rare


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=Path, required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--backend", default="whoosh", choices=("whoosh", "postgres"))
    parser.add_argument("--compare", type=Path, help="another checkout, measured alongside")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    env = {**os.environ, "WARTA_INSTANCE": str(args.instance.resolve()),
           "WARTA_RATELIMIT_ENABLED": "false", "WARTA_PAGE_CACHE": "false",
           "WARTA_SEARCH_CACHE_SIZE": "0", "WARTA_SEARCH_BACKEND": args.backend}
    if args.database_url:
        env["WARTA_DATABASE_URL"] = args.database_url
    common, rare = pick_words({**env, "PYTHONPATH": str(ROOT)})
    codes = [ROOT] + ([args.compare.resolve()] if args.compare else [])
    servers: list[subprocess.Popen] = []
    try:
        hello_port = free_port()
        servers.append(gunicorn("hello_app:app", hello_port, env, chdir=BENCH))
        hello = f"http://127.0.0.1:{hello_port}/"
        wait_until_up(hello)
        sites = {}
        for code in codes:
            port = free_port()
            servers.append(gunicorn("cms:create_app()", port, {**env, "PYTHONPATH": str(code)},
                                    chdir=code))
            sites[code] = f"http://127.0.0.1:{port}"
            wait_until_up(f"{sites[code]}/")
        rows: dict[tuple[Path, str], list[tuple[float, float, float, float]]] = {}
        for _round in range(args.rounds):
            for label, word in (("common", common), ("rare", rare)):
                for code, site in sites.items():
                    url = f"{site}/search?{urllib.parse.urlencode({'q': word})}"
                    for _warm in range(3):
                        wait_until_up(url)
                    ceiling = wrk(hello, args.seconds, args.connections)[0]
                    rows.setdefault((code, label), []).append(
                        (ceiling, *wrk(url, args.seconds, args.connections)))
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)

    load = os.getloadavg()
    print(f"{args.backend}, result cache off, gunicorn 2 sync workers, {args.connections} "  # noqa: T201
          f"connections; common word {common!r}, rare word {rare!r}; {args.rounds} rounds, "
          f"load average {load[0]:.1f}")
    print(f"{'code':<28} {'word':<7} {'req/s':>7} {'hello':>7} {'of hello':>9} "  # noqa: T201
          f"{'p50 ms':>7} {'p99 ms':>7}  target")
    missed = 0
    for (code, label), samples in rows.items():
        rate = statistics.median(s[1] for s in samples)
        share = statistics.median(s[1] / s[0] for s in samples)
        target = TARGETS[(args.backend, label)] if code == ROOT else None
        ok = target is None or rate >= target
        missed += not ok
        print(f"{str(code):<28} {label:<7} {rate:7.0f} "  # noqa: T201
              f"{statistics.median(s[0] for s in samples):7.0f} {share:9.1%} "
              f"{statistics.median(s[2] for s in samples):7.1f} {max(s[3] for s in samples):7.1f}"
              f"  {'' if target is None else f'>= {target:.0f}'} "
              f"{'' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
