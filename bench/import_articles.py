"""Bulk-import benchmark: ``cms import jsonl`` of the shared corpus, end to end.

    .venv/bin/python bench/import_articles.py [N]            (default 10,000; SQLite)
    .venv/bin/python bench/import_articles.py --postgres     (also on PostgreSQL)
    .venv/bin/python bench/import_articles.py --compare ../main   (the same, side by side
                                                              with another checkout's code)

It writes N articles with the corpus generator the other systems were loaded with
(``../shared/bench/gen_corpus.py N SEED``), creates a fresh site with ``cms init``, and
runs what a user runs, each as a command of its own: ``cms import jsonl FILE`` (which
returns once the search index holds the articles), then ``cms search check``. The figure
is articles per second from the start of the import until ``check`` has said the index
matches the database, with the CPU time all their processes used (on a machine shared
with other work the CPU time moves less than the wall time), and the peak memory (RSS)
of the largest of the import command and the processes it started. Exits 1 when fewer
than N articles were imported, ``check`` is not clean or the rate misses its target.

``--compare DIR`` runs the same steps with the code of another checkout (``PYTHONPATH``
set to it) right after each of this checkout's runs, so a before/after pair shares the
machine's load; ``--rounds`` repeats the pairs. ``--keep DIR`` keeps the last SQLite site
(bench/search_http.py and bench/memory.py measure it).

``write_corpus`` is importable: bench/pages.py loads its sites with it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
#: The issue's target: articles per second, end to end.
TARGET_PER_S = 200.0
CMS = "import sys; sys.argv[0] = 'cms'; from cms.cli import main; sys.exit(main())"


def generator() -> Path:
    """The shared corpus generator: ``WARTA_CORPUS_GENERATOR``, else ``shared/bench/``
    next to the checkout (or next to the folder holding the checkout)."""
    named = os.environ.get("WARTA_CORPUS_GENERATOR")
    candidates = [Path(named)] if named else []
    candidates += [ROOT.parent / "shared" / "bench" / "gen_corpus.py",
                   ROOT.parent.parent / "shared" / "bench" / "gen_corpus.py"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise SystemExit("gen_corpus.py not found: set WARTA_CORPUS_GENERATOR to its path")


def write_corpus(path: Path, count: int, seed: int = 8) -> None:
    """``count`` articles of the shared corpus (``gen_corpus.py count seed``) to ``path``."""
    with path.open("w", encoding="utf-8") as handle:
        subprocess.run([PYTHON, str(generator()), str(count), str(seed)], stdout=handle,
                       check=True)


@dataclass
class Run:
    code: str
    database: str
    imported_s: float
    checked_s: float
    peak_mb: float
    cpu_s: float
    clean: bool
    imported: int

    @property
    def rate(self) -> float:
        return self.imported / self.checked_s


def cms(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """``cms ARGS`` with the code ``PYTHONPATH`` names: run in that folder, since
    ``python -c`` puts the working folder ahead of ``PYTHONPATH``."""
    return subprocess.run([PYTHON, "-c", CMS, *args], env=env, capture_output=True,
                          text=True, cwd=env["PYTHONPATH"])


def children_cpu_s() -> float:
    """CPU seconds (user and system) of every finished child process of this one."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def children_peak_mb() -> float:
    """The largest RSS any finished child process of this one reached (ru_maxrss, kB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def one_run(code: Path, corpus: Path, count: int, folder: Path, database: str | None,
            server: str) -> Run:
    """A fresh site in ``folder`` with ``code``, then import and check; timed."""
    env = {**os.environ, "PYTHONPATH": str(code), "WARTA_INSTANCE": str(folder / "instance"),
           "WARTA_RATELIMIT_ENABLED": "false"}
    admin = name = None
    if database == "postgresql":
        import sqlalchemy as sa

        name = f"warta_import_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        env["WARTA_DATABASE_URL"] = sa.engine.make_url(server).set(database=name) \
            .render_as_string(hide_password=False)
        env["WARTA_SEARCH_BACKEND"] = "postgres"
    try:
        init = cms(["init"], env)
        if init.returncode:
            raise SystemExit(f"cms init failed:\n{init.stdout}{init.stderr}")
        cpu = children_cpu_s()
        started = time.perf_counter()
        result = cms(["import", "jsonl", str(corpus)], env)
        imported_s = time.perf_counter() - started
        peak = children_peak_mb()
        check = cms(["search", "check"], env)
        checked_s = time.perf_counter() - started
        cpu = children_cpu_s() - cpu
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    imported = 0
    for line in result.stdout.splitlines():
        # "Imported 10000 of 10000 articles." or "10000 dari 10000 artikel diimpor."
        if line.startswith("Imported") or line.endswith("artikel diimpor."):
            imported = int(next(word for word in line.split() if word.isdigit()))
    if result.returncode:
        print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)  # noqa: T201
    return Run(str(code), database or "sqlite", imported_s, checked_s, peak, cpu,
               check.returncode == 0, imported)


def measured_run(*args: object) -> Run:
    """:func:`one_run` in a process of its own: ``ru_maxrss`` of a process's children only
    grows, so each run's peak memory is measured by a parent that ran nothing before it."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(one_run, *args).result()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--postgres", action="store_true", help="also import into PostgreSQL")
    parser.add_argument("--only-postgres", action="store_true")
    parser.add_argument("--server", default=os.environ.get("WARTA_BENCH_SERVER",
                                                           DEFAULT_SERVER))
    parser.add_argument("--compare", type=Path, help="another checkout to run side by side")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the last SQLite site's folder here")
    args = parser.parse_args()

    databases = [] if args.only_postgres else [None]
    if args.postgres or args.only_postgres:
        databases.append("postgresql")
    codes = [ROOT] + ([args.compare.resolve()] if args.compare else [])
    scratch = Path(tempfile.mkdtemp(prefix="warta-import-"))
    corpus = scratch / "corpus.jsonl"
    write_corpus(corpus, args.count, args.seed)
    runs: list[Run] = []
    try:
        for _round in range(args.rounds):
            for database in databases:
                for code in codes:
                    folder = scratch / f"site-{len(runs)}"
                    folder.mkdir()
                    runs.append(measured_run(code, corpus, args.count, folder, database,
                                        args.server))
                    print(_line(runs[-1]), flush=True)  # noqa: T201
                    if args.keep and database is None and code == ROOT:
                        shutil.rmtree(args.keep, ignore_errors=True)
                        shutil.copytree(folder, args.keep, symlinks=True)
                    shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    load = os.getloadavg()
    print(f"\n{args.count} articles of gen_corpus.py {args.count} {args.seed}; load average "  # noqa: T201
          f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (the machine is shared: compare pairs)")
    failed = any(r.imported < args.count or not r.clean for r in runs if r.code == str(ROOT))
    slow = [r for r in runs if r.code == str(ROOT) and r.rate < TARGET_PER_S]
    for run in slow:
        print(f"target {TARGET_PER_S:.0f} articles/s MISSED on {run.database}: "  # noqa: T201
              f"{run.rate:.0f}")
    return 1 if failed or slow else 0


def _line(run: Run) -> str:
    return (f"{run.code:<28} {run.database:<10} import {run.imported_s:6.1f} s, clean index "
            f"after {run.checked_s:6.1f} s: {run.rate:5.0f} articles/s end to end "
            f"({run.cpu_s:5.1f} s of CPU); peak "
            f"{run.peak_mb:4.0f} MB; check {'clean' if run.clean else 'NOT CLEAN'}; "
            f"{run.imported} imported")


if __name__ == "__main__":
    sys.exit(main())
