"""Search benchmark: index generated articles with Whoosh, then time a fixed query mix.

Run with ``.venv/bin/python bench/search.py`` (10,000 articles) or
``.venv/bin/python bench/search.py --articles 100000``. It builds a throw-away instance
in a temporary folder (``--site DIR`` keeps it, and a later run with the same folder
reuses the generated articles; ``--reuse-index`` also keeps its index), generates the
articles itself (seeded, so every run indexes the same text), and prints:

- full reindex: articles/s, time, index size;
- query latency p50/p95 per kind of query (single common word, two and three words,
  phrase, rare word, faceted, newest first, deep page, misspelled word), each search
  complete with facet counts and highlighted snippets, as the search page asks for it.
  The result cache is off and every query reads its posting lists from the index; the
  searcher is the process's pooled one, as on a running site. The last column is the
  first query of a freshly started application (``--first-queries`` per kind), which
  also opens the index and reads its columns;
- the search page for a common word, in-process and over HTTP (gunicorn, two workers,
  ``wrk``), against a bare Flask "hello" app measured in the same run, with the core's
  page cache off so the search itself is measured.

docs/search.md quotes these figures. Like bench/run.py, it exits 1 when a figure misses
its target. ``generate``, ``vocabulary`` and ``query_mix`` are importable, so other
benchmarks can index and query the same articles.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20241130
# Targets for a 2-core machine (issue 7): queries with facets under 100 ms at p95, a full
# reindex of 100,000 articles under 10 minutes, the search page at least 5% of "hello".
TARGET_QUERY_P95_MS = 100.0
TARGET_REINDEX_PER_S = 100_000 / 600
TARGET_PAGE_SHARE = 0.05

ROOTS = ["bina", "bangun", "tani", "jual", "beli", "ajar", "kerja", "laku", "hasil", "guna",
         "pimpin", "atur", "periksa", "tangkap", "tolong", "rawat", "obat", "sakit", "sehat",
         "didik", "latih", "siap", "lapor", "tulis", "baca", "dengar", "lihat", "jalan", "pindah",
         "tanam", "panen", "pupuk", "air", "banjir", "longsor", "hujan", "angin", "api", "bakar",
         "padam", "jaga", "aman", "damai", "rukun", "pilih", "calon", "suara", "hitung", "bayar",
         "pajak", "harga", "naik", "turun", "untung", "rugi", "modal", "usaha", "dagang", "pasar",
         "toko", "jasa", "kirim", "angkut", "muat", "bongkar", "terbang", "layar", "labuh",
         "tambang", "gali", "bor", "minyak", "gas", "listrik", "lampu", "terang", "gelap", "rumah",
         "bangunan", "gedung", "sekolah", "kampus", "guru", "murid", "dokter", "bidan", "perawat",
         "polisi", "tentara", "hakim", "jaksa", "camat", "lurah", "bupati", "gubernur", "menteri",
         "presiden", "dewan", "rakyat", "warga", "desa", "kota", "kabupaten", "provinsi", "negara",
         "daerah", "pusat", "jalan", "jembatan", "tol", "terminal", "stasiun", "bandara",
         "pelabuhan", "kapal", "perahu", "nelayan", "ikan", "laut", "pantai", "gunung", "sungai",
         "danau", "hutan", "kebun", "sawah", "ladang", "ternak", "sapi", "kambing", "ayam",
         "telur", "susu", "beras", "jagung", "kedelai", "cabai", "bawang", "gula", "garam", "kopi",
         "teh", "tembakau", "cengkeh", "karet", "sawit"]
PREFIXES = ["", "", "", "me", "mem", "men", "meng", "pe", "pem", "pen", "peng", "di", "ber",
            "ter", "ke", "per"]
SUFFIXES = ["", "", "", "an", "kan", "i", "nya", "annya"]
FUNCTION_WORDS = ["yang", "dan", "di", "ke", "dari", "ini", "itu", "untuk", "dengan", "pada",
                  "dalam", "akan", "telah", "sudah", "juga", "tidak", "ada", "oleh", "bahwa",
                  "karena", "atau", "saat", "para", "kata", "ujar", "menurut", "tersebut",
                  "sebagai"]
PLACES = ["Kediri", "Blitar", "Tulungagung", "Nganjuk", "Madiun", "Ponorogo", "Pacitan",
          "Trenggalek", "Malang", "Jombang", "Bojonegoro", "Tuban", "Lamongan", "Gresik",
          "Sidoarjo", "Pasuruan", "Probolinggo", "Lumajang", "Jember", "Banyuwangi", "Bondowoso",
          "Situbondo", "Sampang", "Pamekasan", "Sumenep", "Bangkalan", "Magetan", "Ngawi"]
NAMES = ["Sutrisno", "Wahyuni", "Suparman", "Rahayu", "Hartono", "Lestari", "Santoso", "Purnomo",
         "Widodo", "Susanti", "Kurniawan", "Handayani", "Setiawan", "Maryati", "Prasetyo",
         "Nurhayati", "Gunawan", "Suryani"]
SYLLABLES = [c + v for c in ("b", "c", "d", "g", "h", "j", "k", "l", "m", "n", "ng", "p", "r",
                             "s", "t", "w", "y") for v in "aiueo"]
RARE_WORDS = 15_000
CATEGORIES = ["Pemerintahan", "Pertanian", "Ekonomi", "Pendidikan", "Kesehatan",
              "Hukum", "Wisata", "Olahraga"]

FLAG_PLUGIN = '''
from cms.hookspecs import hookimpl
from cms.plugin import Plugin


class BenchFlags(Plugin):
    """Marks some generated articles as advertorials or videos, as those plugins would."""

    name = "benchflags"
    version = "1.0"
    requires_plugins = ("search",)

    @hookimpl
    def search_document_fields(self, article):
        return {"advertorial": article.id % 20 == 0, "has_video": article.id % 9 == 0}


plugin = BenchFlags()
'''


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Word forms with Zipf-like cumulative weights: a few very common, a long rare tail."""
    forms = list(FUNCTION_WORDS)
    for root in ROOTS:
        for prefix in rng.sample(PREFIXES, 4):
            forms.append(prefix + root + rng.choice(SUFFIXES))
    forms += [place.lower() for place in PLACES] + [name.lower() for name in NAMES]
    # The long tail of a real news vocabulary: names, places, loanwords, typos.
    forms += ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(RARE_WORDS)]
    forms = list(dict.fromkeys(forms))
    rng.shuffle(forms)
    forms[:0] = FUNCTION_WORDS  # the most frequent words are function words, as in news
    weights, total = [], 0.0
    for rank in range(1, len(forms) + 1):
        total += 1.0 / rank
        weights.append(total)
    return forms, weights


def generate(count: int, rng: random.Random) -> Iterator[dict]:
    """Article rows with a title, lead, four to seven paragraphs, a rubrik and a date."""
    forms, weights = vocabulary(rng)
    start = datetime(2019, 1, 1)
    span = (datetime(2025, 12, 31) - start).total_seconds()
    for number in range(count):
        def words(k: int) -> str:
            return " ".join(rng.choices(forms, cum_weights=weights, k=k))

        place = rng.choice(PLACES)
        title = f"{words(6).capitalize()} di {place}"
        paragraphs = "".join(f"<p>{words(rng.randint(50, 90))}.</p>"
                             for _ in range(rng.randint(4, 7)))
        when = start + timedelta(seconds=rng.random() * span)
        yield {
            "title": title, "slug": f"artikel-{number}", "lead": words(25) + ".",
            "body": paragraphs + f"<p>({rng.choice(NAMES)}/{place})</p>",
            "status": "published", "published_at": when, "created_at": when,
            "updated_at": when, "category_id": rng.randint(1, len(CATEGORIES)),
            "dateline": place.upper(), "byline": "", "image_caption": "",
            "image_credit": "", "image_alt": "", "seo_title": "", "seo_description": "",
            "version": 1,
        }


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def query_mix(forms: list[str], rng: random.Random, per_kind: int) -> dict[str, list[tuple]]:
    """(query, filters, page, sort) per kind; common = top content words, rare = tail."""
    content = [w for w in forms if w not in FUNCTION_WORDS]
    common, middle, rare = content[:30], content[100:400], content[-300:]
    pick = rng.choice

    def typo(word: str) -> str:
        at = rng.randrange(1, len(word))
        return word[:at] + word[at + 1:] if len(word) > 4 else word + "x"

    return {
        "single common word": [(pick(common), {}, 1, "relevance") for _ in range(per_kind)],
        "single word": [(pick(middle), {}, 1, "relevance") for _ in range(per_kind)],
        "two words": [(f"{pick(common)} {pick(middle)}", {}, 1, "relevance")
                      for _ in range(per_kind)],
        "three words": [(f"{pick(common)} {pick(middle)} {pick(middle)}", {}, 1, "relevance")
                        for _ in range(per_kind)],
        "phrase": [(f'"{pick(common)} {pick(common)}"', {}, 1, "relevance")
                   for _ in range(per_kind)],
        "rare word": [(pick(rare), {}, 1, "relevance") for _ in range(per_kind)],
        "faceted (rubrik+year)": [
            (pick(common), {"category": pick(CATEGORIES).lower(),
                            "year": str(rng.randint(2019, 2025))}, 1, "relevance")
            for _ in range(per_kind)],
        "newest first": [(pick(common), {}, 1, "newest") for _ in range(per_kind)],
        "page 5": [(pick(common), {}, 5, "relevance") for _ in range(per_kind)],
        "misspelled word": [(typo(pick(middle)), {}, 1, "relevance") for _ in range(per_kind)],
    }


def requests_per_second(client, path: str, seconds: float) -> float:
    done = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        done += 1
    return done / (time.perf_counter() - started)


HELLO_APP = """
from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello, World!"
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_rate(app_spec: str, path: str, env: dict[str, str], folder: str,
              seconds: int) -> float | None:
    """Requests/s from ``wrk`` against ``app_spec`` served by gunicorn with two workers."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--chdir", folder,
         "--bind", f"127.0.0.1:{port}", app_spec],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}{path}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        result = subprocess.run([wrk, "-t2", "-c8", f"-d{seconds}s", url], check=True,
                                capture_output=True, text=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    for line in result.stdout.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    return None


def site_settings(folder: str, database_url: str | None = None) -> dict[str, str]:
    """The settings of the bench site in ``folder`` (SQLite unless ``database_url`` names
    another database, the flags plugin, no page cache)."""
    extra = Path(folder) / "plugins"
    return {
        "WARTA_INSTANCE": folder, "WARTA_SECRET_KEY": "bench",
        "WARTA_SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{folder}/bench.db",
        "WARTA_RATELIMIT_ENABLED": "false", "WARTA_WTF_CSRF_ENABLED": "false",
        "WARTA_PLUGINS": '["articles", "search", "benchflags"]',
        "WARTA_EXTRA_PLUGIN_FOLDERS": f'["{extra}"]',
        # The core's page cache would answer repeated pages before the search runs at all;
        # these figures are the search plugin's own (its result cache included).
        "WARTA_PAGE_CACHE": "false",
    }


def write_flag_plugin(folder: str) -> None:
    """The tiny plugin the bench sites load (see FLAG_PLUGIN)."""
    extra = Path(folder) / "plugins"
    (extra / "benchflags").mkdir(parents=True, exist_ok=True)
    (extra / "benchflags" / "__init__.py").write_text(FLAG_PLUGIN)


def store_corpus(count: int, *, setup_sql: tuple[str, ...] = (),
                 finish_sql: tuple[str, ...] = ()) -> float:
    """Create the tables of the site the ``WARTA_*`` environment names and store ``count``
    generated articles in it, in batches; return the seconds it took. ``setup_sql`` runs
    after the tables are made, ``finish_sql`` after the commit (e.g. ``ANALYZE``)."""
    from sqlalchemy import insert, text

    from cms import create_app
    from cms.extensions import db
    from plugins.articles.models import Article, Category

    app = create_app()
    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        for statement in setup_sql:
            db.session.execute(text(statement))
        db.session.add_all(Category(name=name, slug=name.lower(), description="",
                                    position=n) for n, name in enumerate(CATEGORIES))
        batch: list[dict] = []
        for row in generate(count, random.Random(SEED)):
            batch.append(row)
            if len(batch) == 5000:
                db.session.execute(insert(Article), batch)
                batch = []
        if batch:
            db.session.execute(insert(Article), batch)
        db.session.commit()
        for statement in finish_sql:
            db.session.execute(text(statement))
    return time.perf_counter() - started


def build_site(folder: str, count: int) -> tuple[dict[str, str], float]:
    """Store ``count`` generated articles in a site in ``folder``; return its settings and
    seconds. A folder that already holds a bench site is reused as it is (0 seconds):
    generating 100,000 articles takes minutes, indexing them is what is measured."""
    settings = site_settings(folder)
    os.environ.update(settings)
    write_flag_plugin(folder)
    if (Path(folder) / "bench.db").exists():
        return settings, 0.0
    return settings, store_corpus(count)


def time_queries(service, mix: dict[str, list[tuple]]) -> tuple[dict[str, list[float]],
                                                               dict[str, list[int]], float]:
    """Milliseconds and match counts per kind of query, run in order; and the wall time."""
    latencies: dict[str, list[float]] = {}
    totals: dict[str, list[int]] = {}
    started = time.perf_counter()
    for kind, queries in mix.items():
        for text, filters, page, sort in queries:
            started_one = time.perf_counter()
            results = service.search(text, filters, page, sort=sort)
            latencies.setdefault(kind, []).append((time.perf_counter() - started_one) * 1000)
            totals.setdefault(kind, []).append(results.total)
    return latencies, totals, time.perf_counter() - started


def time_first_queries(mix: dict[str, list[tuple]], samples: int) -> dict[str, list[float]]:
    """Milliseconds of the first query of a freshly started application, per kind.

    Each sample creates a new application, so the search opens the index and reads its
    columns (facets, dates) for this query: what the first reader after a worker's start
    or an index swap waits. Later queries find these in memory.
    """
    from cms import create_app

    latencies: dict[str, list[float]] = {}
    for kind, queries in mix.items():
        for text, filters, page, sort in queries[:samples]:
            gc.collect()  # the previous application and its open index, before timing
            service = create_app({"SEARCH_CACHE_SIZE": 0}).extensions["warta.search"]
            latencies.setdefault(kind, []).append(
                timed(lambda s=service, t=text, f=filters, p=page, o=sort:
                      s.search(t, f, p, sort=o)))
    return latencies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries-per-kind", type=int, default=40)
    parser.add_argument("--first-queries", type=int, default=5,
                        help="fresh applications per kind for the first-query figures")
    parser.add_argument("--site", help="keep the generated site in this folder and reuse "
                        "it next time (the articles are generated once)")
    parser.add_argument("--reuse-index", action="store_true",
                        help="with --site: keep the site's index instead of rebuilding it")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn/wrk figures")
    options = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        folder = options.site or scratch
        Path(folder).mkdir(parents=True, exist_ok=True)
        settings, generated = build_site(folder, options.articles)
        from flask import Flask

        from cms import create_app
        from plugins.search import queue

        uncached = create_app({"SEARCH_CACHE_SIZE": 0})
        cached = create_app()
        backend = uncached.extensions["warta.search"]
        store = backend.store
        reindex_s = None
        started = time.perf_counter()
        with uncached.app_context():
            if options.reuse_index and store.current_path() is not None:
                indexed = len(queue.indexable_ids())
            else:
                indexed = backend.rebuild()
                reindex_s = time.perf_counter() - started
        index_mb = sum(p.stat().st_size for p in store.current_path().iterdir()) / 1e6

        forms, _ = vocabulary(random.Random(SEED))
        mix = query_mix(forms, random.Random(SEED + 1), options.queries_per_kind)
        latencies, totals, wall = time_queries(backend, mix)
        every = [ms for samples in latencies.values() for ms in samples]
        first = time_first_queries(mix, options.first_queries)

        common = mix["single common word"][0][0]
        warm = cached.extensions["warta.search"]
        warm.search(common)
        repeated = [timed(lambda: warm.search(common)) for _ in range(500)]

        hello = Flask("hello")
        hello.add_url_rule("/", "hello", lambda: "Hello, World!")
        path = "/search?" + urllib.parse.urlencode({"q": common})
        hello_rate = requests_per_second(hello.test_client(), "/", 3)
        cached_client = cached.test_client()
        cached_client.get(path)
        page_cached = requests_per_second(cached_client, path, 3)
        page_uncached = requests_per_second(uncached.test_client(), path, 3)

        http_hello = http_page = None
        if not options.no_http:
            (Path(folder) / "hello_app.py").write_text(HELLO_APP)
            env = {**os.environ, **settings, "PYTHONPATH": str(ROOT)}
            http_hello = http_rate("hello_app:app", "/", env, folder, 10)
            http_page = http_rate("cms:create_app()", path, env, str(ROOT), 10)

    def row(label: str, text: str) -> None:
        print(f"{label:<30} {text}")  # noqa: T201

    row(f"Whoosh search, {indexed:,} articles", f"(generated and stored in {generated:.0f} s)")
    if reindex_s is None:
        row("full reindex", f"skipped (--reuse-index); index {index_mb:.0f} MB")
        reindex_rate = None
    else:
        reindex_rate = indexed / reindex_s
        row("full reindex", f"{reindex_rate:6.0f} articles/s ({reindex_s:.0f} s, index "
            f"{index_mb:.0f} MB; 100,000 at this rate: {100_000 / reindex_rate / 60:.1f} min)")
    row("query kind (no result cache)", f"{'p50 ms':>8} {'p95 ms':>8} {'matches (median)':>17} "
        f"{'first query p50/max ms':>23}")
    for kind, samples in latencies.items():
        row(kind, f"{statistics.median(samples):8.1f} {percentile(samples, 0.95):8.1f} "
            f"{statistics.median(totals[kind]):17,.0f} "
            f"{statistics.median(first[kind]):15.1f} / {max(first[kind]):.1f}")
    p95 = percentile(every, 0.95)
    firsts = [ms for samples in first.values() for ms in samples]
    row("all kinds", f"{statistics.median(every):8.1f} {p95:8.1f}   "
        f"{len(every) / wall:.1f} queries/s in one thread; first query p95 "
        f"{percentile(firsts, 0.95):.0f} ms")
    row("repeated query (cached)", f"{statistics.median(repeated):8.2f} "
        f"{percentile(repeated, 0.95):8.2f}")
    row("in-process WSGI, one thread", f"hello {hello_rate:.0f} req/s; search page "
        f"{page_cached:.0f} req/s cached ({page_cached / hello_rate:.1%}), "
        f"{page_uncached:.0f} req/s uncached ({page_uncached / hello_rate:.1%})")
    if http_hello and http_page:
        row("HTTP, gunicorn 2 workers, wrk", f"hello {http_hello:.0f} req/s; search page "
            f"{http_page:.0f} req/s ({http_page / http_hello:.1%})")
        share = http_page / http_hello
    else:
        row("HTTP", "skipped (--no-http, or wrk is not installed); the share below is "
            "in-process")
        share = page_cached / hello_rate

    failed = False
    checks = [("query p95, no cache (ms)", p95, TARGET_QUERY_P95_MS, p95 <= TARGET_QUERY_P95_MS),
              ("search page / hello", share, TARGET_PAGE_SHARE, share >= TARGET_PAGE_SHARE)]
    if reindex_rate is not None:
        checks.append(("reindex (articles/s)", reindex_rate, TARGET_REINDEX_PER_S,
                       reindex_rate >= TARGET_REINDEX_PER_S))
    for name, value, target, ok in checks:
        failed |= not ok
        row(f"target {name}", f"{value:10.3f} vs {target:8.3f}  {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
