"""Bulk-import benchmark: ``cms import jsonl`` throughput on generated articles.

Run with ``.venv/bin/python bench/import_articles.py [N]`` (default 10,000). It writes N
articles in the shape of ``../shared/bench/gen_corpus.py`` (same fields, same mix: about
20% advertorials with a sponsor, 30% with a YouTube id) to a temporary JSON-lines file,
imports them into a throw-away instance in a temporary folder, and prints articles/s.

Two timed runs of the importer: a ``dry_run`` (reading and checking every line) on the
empty instance, then the real import; "write" is the difference. Exits 1 when fewer than
N articles were imported.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "pemerintah", "kabupaten", "desa", "kecamatan", "masyarakat", "informasi", "komunikasi",
    "program", "pembangunan", "kegiatan", "pembinaan", "warga", "media", "sosial", "konten",
    "pelatihan", "petani", "kelompok", "usaha", "pemuda", "sekolah", "pendidikan", "kesehatan",
    "puskesmas", "jalan", "jembatan", "irigasi", "sawah", "panen", "padi", "jagung", "tebu",
    "pasar", "harga", "bupati", "camat", "dinas", "anggaran", "bantuan", "keluarga", "penyuluhan",
    "pelayanan", "pariwisata", "budaya", "festival", "wayang", "batik", "kerajinan", "lingkungan",
    "banjir", "relawan", "polisi", "wisata", "listrik", "internet", "aplikasi", "rapat",
    "musyawarah", "peresmian", "kunjungan", "proyek", "balai", "pendopo", "pesantren", "guru",
    "mahasiswa", "inovasi", "koperasi", "ternak", "perikanan", "kopi", "pupuk", "beras", "cabai",
    "posyandu", "olahraga", "turnamen", "prestasi", "kemitraan",
]
FILLER = [
    "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "pada", "dalam", "akan", "telah", "juga",
    "ini", "itu", "oleh",
]
PLACES = ["Kediri", "Kandangan", "Mlancu", "Pare", "Ngasem", "Gurah", "Wates", "Kras",
          "Ngadiluwih", "Blitar", "Nganjuk", "Tulungagung"]
CATEGORIES = ["Pemerintahan", "Daerah", "Ekonomi", "Pendidikan", "Kesehatan", "Pertanian",
              "Wisata", "Olahraga", "Teknologi", "Budaya"]
SPONSORS = ["Pemkab Kediri", "Diskominfo Kabupaten Kediri", "Dinas Pertanian", "Bank Daerah",
            "Dinas Pariwisata"]
AUTHORS = ["bsr1", "bsr2", "red", "kim01", "jurnalis7"]
YOUTUBE_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
FIRST_DAY = datetime(2020, 1, 1)


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) if rng.random() < 0.75 else rng.choice(FILLER)
             for _ in range(rng.randint(8, 22))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(PLACES))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def article(number: int, rng: random.Random) -> dict:
    place = rng.choice(PLACES)
    title_words = [rng.choice(WORDS) for _ in range(rng.randint(5, 10))]
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
                  for _ in range(rng.randint(6, 14))]
    paragraphs[0] = f"{place} – {paragraphs[0]}"
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    if rng.random() < 0.4:
        body += f"<blockquote><p>“{sentence(rng)}”</p></blockquote>"
    advertorial = rng.random() < 0.2
    youtube = rng.random() < 0.3
    published = FIRST_DAY + timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
    return {
        "id": number,
        "title": " ".join(title_words).capitalize() + " di " + place,
        "slug": f"{'-'.join(title_words[:6])}-{number}",
        "dateline": place,
        "lead": paragraphs[0][:200],
        "body_html": body,
        "category": rng.choice(CATEGORIES),
        "tags": sorted({rng.choice(WORDS) for _ in range(rng.randint(1, 5))}),
        "advertorial": advertorial,
        "sponsor": rng.choice(SPONSORS) if advertorial else None,
        "youtube_id": "".join(rng.choice(YOUTUBE_ALPHABET) for _ in range(11)) if youtube else None,
        "author": rng.choice(AUTHORS),
        "published_at": published.isoformat(timespec="minutes"),
    }


def write_corpus(path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for number in range(1, count + 1):
            handle.write(json.dumps(article(number, rng), ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000, help="articles to import")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        os.environ["WARTA_INSTANCE"] = folder
        from cms import create_app
        from cms.extensions import db
        from plugins.articles.importer import import_jsonl

        corpus = Path(folder) / "corpus.jsonl"
        write_corpus(corpus, args.count, args.seed)
        app = create_app({"SECRET_KEY": "bench", "PLUGINS": ["articles"],
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/b.db"})
        zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])
        with app.app_context():
            db.create_all()
        with app.test_request_context():
            started = time.perf_counter()
            checked = import_jsonl(corpus, zone, dry_run=True)
            check_seconds = time.perf_counter() - started
        with app.test_request_context():
            started = time.perf_counter()
            report = import_jsonl(corpus, zone, batch_size=args.batch_size)
            total_seconds = time.perf_counter() - started

    write_seconds = total_seconds - check_seconds
    print(f"corpus: {args.count} articles, {corpus.name} in a temporary instance (SQLite)")  # noqa: T201
    print(f"{'check only (dry run)':<22} {check_seconds:8.2f} s  "  # noqa: T201
          f"{checked.checked / check_seconds:8.0f} lines/s")
    print(f"{'import':<22} {total_seconds:8.2f} s  "  # noqa: T201
          f"{report.imported / total_seconds:8.0f} articles/s")
    print(f"{'  of which write':<22} {write_seconds:8.2f} s  "  # noqa: T201
          f"{report.imported / write_seconds:8.0f} articles/s")
    for error in report.errors[:10]:
        print(f"line {error.line}: {error.reason}", file=sys.stderr)  # noqa: T201
    if report.imported < args.count:
        print(f"only {report.imported} of {args.count} articles imported", file=sys.stderr)  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
