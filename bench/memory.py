"""Memory of the serving processes after readers' traffic: gunicorn's master and 2 workers.

    .venv/bin/python bench/memory.py --instance DIR [--compare ../main]
    .venv/bin/python bench/memory.py --instance DIR --database-url URL --backend postgres

The site in ``--instance`` holds the shared corpus (``bench/import_articles.py --keep
DIR``). gunicorn serves it with 2 sync workers as in production (page cache and search
result cache on), and each worker gets home pages, ``--articles`` different article
pages and ``--searches`` different searches (common and rare words, a phrase, facets,
page 2), twice each. Each process's memory is read from ``/proc/PID/smaps_rollup`` once
after the pages and again after the searches, and printed two ways:

- **RSS** (what ``ps`` and ``top`` show) counts every page a process has mapped, so pages
  that several processes share (the interpreter and libraries the workers load alike,
  the Whoosh index files both workers map) are counted once per process: the sum
  over-states what the processes take from the machine.
- **PSS** divides each shared page among the processes that map it, so the sum is what
  the three processes together take; **USS** (private pages) is what ending one process
  would give back.

Target (issue 18): the serving processes at most 300 MiB together, checked on the PSS
sum (the memory the site takes; the RSS sum is printed beside it). The last columns
say what the searches added to each worker: its own memory (anonymous pages) and the
index pages it maps (``RSS``/``PSS`` of the mappings under the index folder, page cache
that the workers share and the kernel reclaims under pressure).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from pages import free_port, wait_until_up  # noqa: E402  (a sibling bench)

TARGET_MIB = 300.0
#: Words of the shared corpus's vocabulary, for searches of every kind.
WORDS = ["kabupaten", "pembangunan", "jembatan", "pelatihan", "petani", "festival", "banjir",
         "koperasi", "puskesmas", "wayang", "irigasi", "inflasi", "stunting", "nelayan",
         "pariwisata", "relawan", "sanitasi", "turnamen", "kerajinan", "perizinan"]


def get(url: str) -> str:
    with urllib.request.urlopen(url) as response:
        return response.read().decode()


def search_paths(searches: int) -> list[str]:
    """``searches`` different searches: common and rare words, a phrase, facets, page 2."""
    paths = []
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
        paths.append("/search?" + urllib.parse.urlencode(query))
    return paths


def page_paths(site: str, articles: int) -> list[str]:
    sitemap = get(f"{site}/sitemap-articles-1.xml")
    return ["/", *re.findall(r"<loc>[^<]*(/berita/[^<]+)</loc>", sitemap)[:articles]]


def visit(site: str, paths: list[str]) -> None:
    """Each path twice (so both workers are likely to have served each kind)."""
    for _twice in range(2):
        for path in paths:
            get(f"{site}{path}")


def workers_of(master: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return sorted(int(pid) for pid in found.stdout.split())


def memory_kib(pid: int, index: Path) -> dict[str, int]:
    """The process's RSS, PSS, USS and anonymous memory, and what it maps of ``index``."""
    rollup = dict(re.findall(r"^(\w+):\s+(\d+) kB", Path(f"/proc/{pid}/smaps_rollup").read_text(),
                             re.MULTILINE))
    found = {"rss": int(rollup["Rss"]), "pss": int(rollup["Pss"]),
             "uss": int(rollup["Private_Clean"]) + int(rollup["Private_Dirty"]),
             "anon": int(rollup["Anonymous"]), "index_rss": 0, "index_pss": 0}
    mapping = None
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        fields = line.split()
        if not fields[0].endswith(":"):  # a mapping's header: address, perms, ..., path
            mapping = fields[5] if len(fields) > 5 else ""
        elif mapping and mapping.startswith(str(index)) and fields[0] in ("Rss:", "Pss:"):
            found["index_" + fields[0][:-1].lower()] += int(fields[1])
    return found


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f}"


def measure(code: Path, env: dict, index: Path, args: argparse.Namespace) -> dict:
    """Serve the site with ``code``; the memory of master and workers after the pages
    and after the searches."""
    port = free_port()
    # A page cache of its own: pages another code base stored would spare this one the
    # rendering (and the memory) being measured.
    cache = tempfile.mkdtemp(prefix="warta-memory-cache-")
    # Started in the code's folder, with its own interpreter and gunicorn.conf.py where it
    # has them: gunicorn puts the folder it starts in first on sys.path and imports
    # ``cms`` while reading the config, before ``--chdir`` applies, so a side started
    # from this checkout ran this checkout's core whatever PYTHONPATH said; and an
    # editable install in this checkout's venv fills in modules the other code lacks.
    own = code / ".venv" / "bin" / "gunicorn"
    server = subprocess.Popen(
        [str(own if own.exists() else Path(sys.executable).parent / "gunicorn"),
         "-c", str(code / "gunicorn.conf.py"), "--chdir", str(code), "-w", "2", "-k", "sync",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "cms:create_app()"],
        env={**env, "PYTHONPATH": str(code), "WARTA_CACHE_DIR": cache}, cwd=code,
        start_new_session=True)
    try:
        site = f"http://127.0.0.1:{port}"
        wait_until_up(f"{site}/")
        visit(site, page_paths(site, args.articles))
        pids = [server.pid, *workers_of(server.pid)]
        pages = [memory_kib(pid, index) for pid in pids]
        visit(site, search_paths(args.searches))
        if workers_of(server.pid) != pids[1:]:
            raise SystemExit("a worker was restarted during the traffic: measure again")
        searched = [memory_kib(pid, index) for pid in pids]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        shutil.rmtree(cache, ignore_errors=True)
    return {"pages": pages, "searched": searched}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=Path, required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--backend", default="whoosh", choices=("whoosh", "postgres"))
    parser.add_argument("--compare", type=Path, help="another checkout, measured alongside")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--searches", type=int, default=100)
    args = parser.parse_args()

    instance = args.instance.resolve()
    env = {**os.environ, "WARTA_INSTANCE": str(instance),
           "WARTA_RATELIMIT_ENABLED": "false", "WARTA_SEARCH_BACKEND": args.backend,
           "WARTA_LOG_LEVEL": "WARNING"}
    if args.database_url:
        env["WARTA_DATABASE_URL"] = args.database_url
    index = instance / "search-index"
    missed = 0
    print(f"{args.backend}: gunicorn master + 2 workers after home, {args.articles} article "  # noqa: T201
          f"pages and {args.searches} searches (twice each); MiB. Per process "
          f"master/worker/worker; 'search +' = what the searches added to each worker")
    print(f"{'code':<22} {'RSS':>12} {'RSS sum':>8} {'PSS':>12} {'PSS sum':>8} "  # noqa: T201
          f"{'USS':>12} {'search + anon':>14} {'index RSS/PSS':>14}")
    for code in [ROOT] + ([args.compare.resolve()] if args.compare else []):
        found = measure(code, env, index, args)
        after, before = found["searched"], found["pages"]

        def each(key: str, rows: list[dict[str, int]] = after) -> str:
            return "/".join(mib(row[key]) for row in rows)

        rss, pss = sum(row["rss"] for row in after), sum(row["pss"] for row in after)
        ok = code != ROOT or pss / 1024 <= TARGET_MIB
        missed += not ok
        grown = "/".join(mib(a["anon"] - b["anon"]) for a, b in zip(after[1:], before[1:],
                                                                      strict=True))
        index_pages = " ".join(f"{mib(row['index_rss'])}/{mib(row['index_pss'])}"
                               for row in after[1:])
        print(f"{str(code):<22} {each('rss'):>12} {mib(rss):>8} {each('pss'):>12} "  # noqa: T201
              f"{mib(pss):>8} {each('uss'):>12} {grown:>14} {index_pages:>14}"
              f"  {'' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
