"""WordPress import benchmark: ``cms import wordpress`` on a generated export.

Run with ``.venv/bin/python bench/import_wordpress.py [N]`` (default 10,000). It writes a
WXR export of N posts, each with a featured image (N attachments, small JPEGs in a
generated ``uploads`` folder) and a body in the classic editor's style (no ``<p>``, a
``[caption]``, a YouTube URL on its own line in a third of them), then imports it twice
into throw-away instances, each in a process of its own so the peak memory is the
import's: once without media, once with ``--uploads``. Prints posts/s and peak memory.
The issue's target: ≥ 200 posts/s without media, ≥ 50 with, under 300 MB.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_articles import generator  # noqa: E402


def _shared_corpus() -> Any:
    """The shared corpus generator as a module: posts use its vocabulary and sentences."""
    spec = importlib.util.spec_from_file_location("gen_corpus", generator())
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_CORPUS = _shared_corpus()
CATEGORIES, PLACES, WORDS, sentence = (_CORPUS.CATEGORIES, _CORPUS.PLACES, _CORPUS.WORDS,
                                       _CORPUS.sentence)

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>bsr1</wp:author_login>
<wp:author_display_name>Redaksi</wp:author_display_name></wp:author>
"""
SITE = "https://bench.example"


def post(number: int, image: int, rng: random.Random) -> str:
    place = rng.choice(PLACES)
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 10))).capitalize()
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
                  for _ in range(rng.randint(6, 12))]
    paragraphs.insert(2, f'[caption id="attachment_{image}" width="300"]<img src="{SITE}/'
                         f'wp-content/uploads/2024/01/foto-{image}-300x200.jpg"> '
                         f"Foto {place}[/caption]")
    if rng.random() < 0.33:
        paragraphs.insert(4, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    day = f"2024-01-{1 + number % 28:02d} {number % 24:02d}:00:00"
    slug = f"berita-{number}"
    tags = "".join(f'<category domain="post_tag" nicename="{w}"><![CDATA[{w}]]></category>'
                   for w in sorted({rng.choice(WORDS) for _ in range(3)}))
    category = rng.choice(CATEGORIES)
    return (f"<item><title><![CDATA[{title} di {place}]]></title>"
            f"<link>{SITE}/2024/01/{slug}/</link><dc:creator>bsr1</dc:creator>"
            f'<guid isPermaLink="false">{SITE}/?p={number}</guid>'
            f"<content:encoded><![CDATA[{chr(10).join(p + chr(10) for p in paragraphs)}]]>"
            f"</content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>"
            f"<wp:post_id>{number}</wp:post_id><wp:post_date>{day}</wp:post_date>"
            f"<wp:post_date_gmt>{day}</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name>"
            f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
            f'<category domain="category" nicename="{category.lower()}"><![CDATA[{category}]]>'
            f"</category>{tags}<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
            f"<wp:meta_value>{image}</wp:meta_value></wp:postmeta></item>\n")


def attachment(image: int, parent: int) -> str:
    url = f"{SITE}/wp-content/uploads/2024/01/foto-{image}.jpg"
    return (f"<item><title>foto-{image}</title><guid>{url}</guid>"
            f"<wp:post_id>{image}</wp:post_id><wp:post_parent>{parent}</wp:post_parent>"
            f"<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>"
            f"<wp:attachment_url>{url}</wp:attachment_url><wp:postmeta><wp:meta_key>"
            f"_wp_attached_file</wp:meta_key><wp:meta_value>2024/01/foto-{image}.jpg"
            f"</wp:meta_value></wp:postmeta></item>\n")


def write_export(folder: Path, count: int, seed: int) -> Path:
    from PIL import Image

    rng = random.Random(seed)
    uploads = folder / "uploads" / "2024" / "01"
    uploads.mkdir(parents=True)
    colours = [Image.new("RGB", (480, 320), (rng.randrange(256), 90, 40)) for _ in range(16)]
    path = folder / "export.xml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEAD)
        for number in range(1, count + 1):
            image = count + number
            handle.write(post(number, image, rng))
            handle.write(attachment(image, number))
            colours[number % 16].save(uploads / f"foto-{image}.jpg", "JPEG", quality=80)
        handle.write("</channel></rss>\n")
    return path


def run_import(folder: Path, media: bool) -> dict:
    """One import in this process (``--run``); prints its figures as JSON."""
    os.environ["WARTA_INSTANCE"] = str(folder / ("media" if media else "plain"))
    Path(os.environ["WARTA_INSTANCE"]).mkdir()
    from zoneinfo import ZoneInfo

    from cms import create_app
    from cms.extensions import db
    from plugins.wordpress.importer import Options, import_wordpress

    app = create_app({"SECRET_KEY": "bench", "PLUGINS": ["articles", "pages", "youtube",
                                                         "wordpress"],
                      "SQLALCHEMY_DATABASE_URI":
                          f"sqlite:///{os.environ['WARTA_INSTANCE']}/b.db"})
    with app.app_context():
        db.create_all()
    options = Options(uploads=folder / "uploads" if media else None)
    with app.test_request_context("/"):
        started = time.perf_counter()
        report = import_wordpress(folder / "export.xml", ZoneInfo("Asia/Jakarta"), options)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "posts": report.created["article"],
            "media": report.created["media"], "errors": [e.reason for e in report.errors[:5]],
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000, help="posts to import")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--run", choices=["plain", "media"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_import(args.folder, args.run == "media")))  # noqa: T201
        return 0
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        started = time.perf_counter()
        export = write_export(folder, args.count, args.seed)
        print(f"export: {args.count} posts, {args.count} attachments, "  # noqa: T201
              f"{export.stat().st_size / 1e6:.1f} MB, made in "
              f"{time.perf_counter() - started:.0f} s")
        print(f"{'run':<16} {'seconds':>8} {'posts/s':>8} {'media':>6} {'peak MB':>8}")  # noqa: T201
        failed = False
        for mode in ("plain", "media"):
            out = subprocess.run([sys.executable, __file__, str(args.count), "--run", mode,
                                  "--folder", str(folder)], capture_output=True, text=True,
                                 check=False)
            if out.returncode != 0:
                print(out.stderr[-2000:], file=sys.stderr)  # noqa: T201
                return 1
            result = json.loads(out.stdout.strip().splitlines()[-1])
            label = "without media" if mode == "plain" else "with --uploads"
            print(f"{label:<16} {result['seconds']:8.1f} "  # noqa: T201
                  f"{result['posts'] / result['seconds']:8.0f} {result['media']:6d} "
                  f"{result['peak_mb']:8.0f}")
            failed |= result["posts"] < args.count or bool(result["errors"])
            for error in result["errors"]:
                print(f"error: {error}", file=sys.stderr)  # noqa: T201
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
