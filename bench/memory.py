"""Memory of the serving processes after readers' traffic: RSS of 2 gunicorn workers.

    .venv/bin/python bench/memory.py --instance DIR [--compare ../main]
    .venv/bin/python bench/memory.py --instance DIR --database-url URL --backend postgres

The site in ``--instance`` holds the shared corpus (``bench/import_articles.py --keep
DIR``). gunicorn serves it with 2 sync workers as in production (page cache and search
result cache on), and each worker gets home pages, ``--articles`` different article
pages and ``--searches`` different searches (common and rare words, a phrase, facets,
page 2); then each worker's resident memory is read from ``/proc``: in total, and split
into memory of its own (``RssAnon``) and pages of mapped files (``RssFile``: the index
files Whoosh maps, shared by the workers and given back by the kernel under pressure).
Target (issue 18): both workers together at most 300 MiB.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from pages import free_port, gunicorn, wait_until_up  # noqa: E402  (a sibling bench)

TARGET_MIB = 300.0
#: Words of the shared corpus's vocabulary, for searches of every kind.
WORDS = ["kabupaten", "pembangunan", "jembatan", "pelatihan", "petani", "festival", "banjir",
         "koperasi", "puskesmas", "wayang", "irigasi", "inflasi", "stunting", "nelayan",
         "pariwisata", "relawan", "sanitasi", "turnamen", "kerajinan", "perizinan"]


def get(url: str) -> str:
    with urllib.request.urlopen(url) as response:
        return response.read().decode()


def traffic(site: str, articles: int, searches: int) -> None:
    """Home, ``articles`` article pages and ``searches`` searches, twice each (so both
    workers are likely to have served each kind)."""
    sitemap = get(f"{site}/sitemap-articles-1.xml")
    paths = re.findall(r"<loc>[^<]*(/berita/[^<]+)</loc>", sitemap)[:articles]
    queries = []
    for number in range(searches):
        word, other = WORDS[number % len(WORDS)], WORDS[(number * 7 + 3) % len(WORDS)]
        kind = number % 5
        query = {"q": word}
        if kind == 1:
            query = {"q": f"{word} {other}"}
        elif kind == 2:
            query = {"q": f'"{word} {other}"'}
        elif kind == 3:
            query = {"q": word, "tahun": str(2020 + number % 6)}
        elif kind == 4:
            query = {"q": word, "halaman": "2"}
        queries.append("/search?" + urllib.parse.urlencode(query))
    for _twice in range(2):
        for path in ["/", *paths, *queries]:
            get(f"{site}{path}")


def workers_of(master: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def memory_kib(pid: int) -> dict[str, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    return {key: int(value) for key, value in re.findall(r"^(VmRSS|RssAnon|RssFile):\s+(\d+)",
                                                         status, re.MULTILINE)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=Path, required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--backend", default="whoosh", choices=("whoosh", "postgres"))
    parser.add_argument("--compare", type=Path, help="another checkout, measured alongside")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--searches", type=int, default=100)
    args = parser.parse_args()

    env = {**os.environ, "WARTA_INSTANCE": str(args.instance.resolve()),
           "WARTA_RATELIMIT_ENABLED": "false", "WARTA_SEARCH_BACKEND": args.backend}
    if args.database_url:
        env["WARTA_DATABASE_URL"] = args.database_url
    missed = 0
    print(f"{args.backend}: 2 workers after home, {args.articles} article pages and "  # noqa: T201
          f"{args.searches} searches (twice each); MiB")
    print(f"{'code':<28} {'worker RSS':>18} {'total':>7} {'own (anon)':>18} "  # noqa: T201
          f"{'mapped files':>18}")
    for code in [ROOT] + ([args.compare.resolve()] if args.compare else []):
        port = free_port()
        server = gunicorn("cms:create_app()", port, {**env, "PYTHONPATH": str(code)},
                                    chdir=code)
        try:
            site = f"http://127.0.0.1:{port}"
            wait_until_up(f"{site}/")
            traffic(site, args.articles, args.searches)
            usage = [memory_kib(pid) for pid in workers_of(server.pid)]
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)

        def both(key: str, found: list[dict[str, int]] = usage) -> str:
            return " + ".join(f"{u[key] / 1024:.0f}" for u in found)

        total = sum(u["VmRSS"] for u in usage) / 1024
        ok = code != ROOT or total <= TARGET_MIB
        missed += not ok
        print(f"{str(code):<28} {both('VmRSS'):>18} {total:7.0f} {both('RssAnon'):>18} "  # noqa: T201
              f"{both('RssFile'):>18}  {'' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
