"""Page-speed benchmark: readers' pages under gunicorn (2 sync workers), measured with wrk.

    .venv/bin/python bench/pages.py [N]      (default 10,000 articles; needs wrk)
    .venv/bin/python bench/pages.py --instance PATH   (reuse a site loaded earlier)

It imports N articles of the shared corpus (``../shared/bench/gen_corpus.py N 8``, the
one peer systems are loaded with; ``--generator`` names another copy) into a throw-away
instance with ``cms import jsonl``, serves it with gunicorn, and
measures requests/s and p50/p99 latency of home, article, category, tag, feed and sitemap
at 8 connections. The same run measures a bare Flask "hello" under the same server — the
practical ceiling of this machine — right before each page, several times over, and
prints each page's median rate as a fraction of it, so the figures hold when the
machine's speed drifts; req/s, hello and p50 are medians of the rounds, p99 the worst.
Three runs: with no cache at all (what the fragments save), with cached fragments but no
page cache (the "no page cache" targets), and with the page cache. Targets are checked
here, not in unit tests.

    .venv/bin/python bench/pages.py --cpu --instance PATH

measures no HTTP at all: the cold pages (no page or fragment cache) called through the
WSGI app in this process, the CPU milliseconds and SQL statements each costs (the best
of five batches, so other work on the machine counts as little as it can). Run it with
another checkout's interpreter (``/other/.venv/bin/python bench/pages.py --cpu ...``) to
measure that checkout's code on the same site.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = Path(sys.executable).parent
#: The corpus generator every system in the comparison is loaded from, and its seed.
SHARED_GENERATOR = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
CORPUS_SEED = 8

#: Issue 18: cold pages (no page or fragment cache) at 10% of hello, p99 under 50 ms.
COLD_TARGETS = dict.fromkeys(("article", "home", "category", "tag", "feed"), 0.10)
#: Issue 4: with fragments, article 35% and the others 25%, p99 under 20 ms.
FRAGMENT_TARGETS = {"article": 0.35, "home": 0.25, "category": 0.25, "tag": 0.25, "feed": 0.25}
CACHED_TARGETS = dict.fromkeys(("article", "home", "category", "tag", "feed", "sitemap"), 0.70)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url) as response:
                response.read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def gunicorn(app: str, port: int, env: dict, chdir: Path | None = None) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "-w", "2",
               "-k", "sync", "-b", f"127.0.0.1:{port}", "--log-level", "warning", app]
    if chdir:
        command[1:1] = ["--chdir", str(chdir)]
    return subprocess.Popen(command, env=env, start_new_session=True)


def wrk(url: str, seconds: int, connections: int) -> tuple[float, float, float]:
    """requests/s, p50 ms, p99 ms."""
    output = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    if "Non-2xx" in output:
        raise RuntimeError(f"{url} answered errors:\n{output}")
    return rate, percentile("50"), percentile("99")


def prepare(instance: Path, count: int, env: dict, generator: Path) -> None:
    """A new site at ``instance`` holding the first ``count`` articles of the corpus."""
    if not generator.exists():
        raise SystemExit(f"the corpus generator is missing: {generator} (use --generator)")
    corpus = instance.parent / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        subprocess.run([sys.executable, str(generator), str(count), str(CORPUS_SEED)],
                       stdout=out, check=True)
    subprocess.run([str(BIN / "cms"), "init"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run([str(BIN / "cms"), "import", "jsonl", str(corpus)], env=env, check=True,
                   capture_output=True)
    print(f"imported {count} articles in {time.perf_counter() - started:.0f} s")  # noqa: T201


def choose_paths(read) -> dict[str, str]:
    """The pages measured: an article, a rubrik and a tag of the site, found through
    ``read(path) -> text``."""
    article = re.search(r"<loc>[^<]*(/berita/[^<]+)</loc>", read("/sitemap-articles-1.xml"))
    category = re.search(r"<category>([^<]+)</category>", read("/feed.xml"))
    slug = category.group(1).lower().replace(" ", "-")
    tag = re.search(r'href="(/tag/[^"]+/)"', read(article.group(1)))
    return {"home": "/", "article": article.group(1), "category": f"/rubrik/{slug}/",
            "tag": tag.group(1), "feed": "/feed.xml", "sitemap": "/sitemap-articles-1.xml"}


def pick_paths(base: str) -> dict[str, str]:
    def read(path: str) -> str:
        with urllib.request.urlopen(f"{base}{path}") as response:
            return response.read().decode()

    return choose_paths(read)


#: (title, page cache, fragment cache, share of hello per page, p99 limit in ms).
MODES = (
    ("no page or fragment cache (cold: every query and template runs)", False, False,
     COLD_TARGETS, 50.0),
    ("no page cache (cached fragments)", False, True, FRAGMENT_TARGETS, 20.0),
    ("with Warta's page cache", True, True, CACHED_TARGETS, None),
)


def measure(site: str, paths: dict[str, str], hello: str, args, mode: tuple) -> int:
    """Print one table; return how many targets were missed.

    The ceiling is measured right before the page, in ``args.rounds`` alternations, and
    the page's share is the median of the rounds, so a machine whose speed drifts during
    the run (other jobs, a shared host, CPU frequency) still gives fair fractions.
    """
    title, _cached, _fragments, targets, p99_limit = mode
    print(f"\n{title}")  # noqa: T201
    print(f"{'page':<10} {'req/s':>8} {'hello':>7} {'of hello':>9} {'p50 ms':>8} "  # noqa: T201
          f"{'p99 ms':>8}  target")
    missed = 0
    for name, path in paths.items():
        for _warm in range(3):
            urllib.request.urlopen(f"{site}{path}").read()
        rounds = []
        for _round in range(args.rounds):
            ceiling = wrk(f"{hello}/", args.seconds, args.connections)[0]
            rounds.append((ceiling, *wrk(f"{site}{path}", args.seconds, args.connections)))
        share = statistics.median(rate / ceiling for ceiling, rate, _p50, _p99 in rounds)
        ceiling = statistics.median(r[0] for r in rounds)
        rate = statistics.median(r[1] for r in rounds)
        p50 = statistics.median(r[2] for r in rounds)
        p99 = max(r[3] for r in rounds)
        target = targets.get(name)
        ok = target is None or (share >= target and (p99_limit is None or p99 <= p99_limit))
        missed += not ok
        goal = f">= {target:.0%}" if target else ""
        if target and p99_limit:
            goal += f", p99 <= {p99_limit:.0f}"
        print(f"{name:<10} {rate:8.0f} {ceiling:7.0f} {share:9.0%} {p50:8.1f} {p99:8.1f}  "  # noqa: T201
              f"{goal} {'' if ok else 'MISSED'}")
    return missed


def cpu_per_page(instance: Path, requests: int) -> None:
    """Print the CPU ms and SQL statements of each cold page, called in this process."""
    os.environ.update({"WARTA_INSTANCE": str(instance), "WARTA_PAGE_CACHE": "false",
                       "WARTA_FRAGMENT_CACHE": "false", "WARTA_RATELIMIT_ENABLED": "false"})
    import logging

    from sqlalchemy import event

    from cms import create_app
    from cms.extensions import db

    logging.disable(logging.WARNING)  # slow-request lines would be most of the output
    app = create_app()
    client = app.test_client()
    statements = [0]
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda *_args: statements.__setitem__(0, statements[0] + 1))

    def read(path: str) -> str:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        return response.get_data(as_text=True)

    paths = choose_paths(read)
    print(f"cold pages in one process ({app.import_name} from "  # noqa: T201
          f"{Path(sys.modules['cms'].__file__).parent.parent}), best of 5 batches of "
          f"{requests // 5}")
    print(f"{'page':<10} {'CPU ms':>7} {'SQL':>5}")  # noqa: T201
    for name, path in paths.items():
        if name == "sitemap":
            continue
        for _warm in range(3):
            read(path)
        batches = []
        statements[0] = 0
        for _batch in range(5):
            started = time.process_time()
            for _request in range(requests // 5):
                read(path)
            batches.append((time.process_time() - started) * 1000 / (requests // 5))
        print(f"{name:<10} {min(batches):7.2f} {statements[0] / (requests // 5 * 5):5.1f}")  # noqa: T201


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--instance", type=Path,
                        help="an instance folder loaded by an earlier run: measure it as it is")
    parser.add_argument("--generator", type=Path, default=SHARED_GENERATOR,
                        help="the shared corpus generator (gen_corpus.py)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=4, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=3,
                        help="hello/page alternations per page; the median share is shown")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--only", choices=("cold", "fragments", "cached"),
                        help="measure one of the three runs")
    parser.add_argument("--cpu", action="store_true",
                        help="no server: CPU ms and SQL statements of each cold page in "
                             "this process (needs --instance)")
    parser.add_argument("--requests", type=int, default=50, help="per page, with --cpu")
    add_site_arguments(parser)
    args = parser.parse_args()
    if args.cpu:
        if not args.instance:
            parser.error("--cpu measures a site loaded earlier: give --instance")
        cpu_per_page(args.instance.resolve(), args.requests)
        return 0
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk")  # noqa: T201
        return 1
    folder = Path(tempfile.mkdtemp(prefix="warta-bench-"))
    instance = args.instance.resolve() if args.instance else folder / "instance"
    env = {**os.environ, "WARTA_INSTANCE": str(instance), "WARTA_RATELIMIT_ENABLED": "false"}
    servers: list[subprocess.Popen] = []
    try:
        if not args.instance:
            prepare(instance, args.count, env, args.generator)
        hello_port = free_port()
        servers.append(gunicorn("hello_app:app", hello_port, env, chdir=BENCH))
        hello = f"http://127.0.0.1:{hello_port}"
        wait_until_up(f"{hello}/")
        print(f"\n{args.count} articles, gunicorn 2 sync workers, {args.connections} "  # noqa: T201
              f"connections, {os.cpu_count()} cores; 'hello' is the bare Flask ceiling "
              "measured just before each page")
        missed = 0
        chosen = {"cold": MODES[:1], "fragments": MODES[1:2], "cached": MODES[2:]}
        for mode in chosen[args.only] if args.only else MODES:
            _title, cached, fragments, _targets, _p99 = mode
            port = free_port()
            server = gunicorn("cms:create_app()", port, {
                **env, "WARTA_PAGE_CACHE": str(cached).lower(),
                "WARTA_FRAGMENT_CACHE": str(fragments).lower()})
            servers.append(server)
            site = f"http://127.0.0.1:{port}"
            wait_until_up(f"{site}/")
            missed += measure(site, pick_paths(site), hello, args, mode)
        return 1 if missed else 0
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
