"""What keeping media in PostgreSQL costs against the uploads folder: serving and uploading.

    .venv/bin/python bench/media_storage.py [--server postgresql+psycopg://…] [--rounds N]

Makes a scratch database on the server (dropped afterwards), uploads a news photo
(1600×900 JPEG, re-encoded with its responsive copies) through the media library's own
service, and requests it through the site (Flask's test client, so HTTP parsing is left
out and the difference between the stores shows plainly):

* ``folder``: ``MEDIA_STORAGE=folder``, the file from the instance's uploads folder;
* ``database, warm``: ``MEDIA_STORAGE=database``, the file in this server's media cache
  (one primary-key look-up of its size, then the file from disk);
* ``database, cold``: the same with the cache emptied before every request (the file read
  from PostgreSQL, written to the cache, then sent).

Figures are medians in milliseconds.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
from PIL import Image, ImageFilter

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))


def photo() -> bytes:
    """A photo-like JPEG: smooth shapes plus sensor noise, so it compresses like one."""
    rng = random.Random(17)
    image = Image.new("RGB", (1600, 900))
    pixels = bytes(rng.randrange(256) for _ in range(160 * 90 * 3))
    image = Image.frombytes("RGB", (160, 90), pixels).resize((1600, 900), Image.BICUBIC)
    noise = Image.frombytes("RGB", (1600, 900), rng.randbytes(1600 * 900 * 3))
    image = Image.blend(image.filter(ImageFilter.GaussianBlur(3)), noise, 0.08)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed_uploads(app, content: bytes, rounds: int) -> tuple[float, list[str]]:
    """Median time of one upload (checks, re-encoding, every file stored, commit)."""
    from werkzeug.datastructures import FileStorage

    from cms.api import db
    from cms.models import User
    from plugins.articles.media import save_upload

    samples, paths = [], []
    with app.test_request_context():
        user = db.session.get(User, 1)
        for _ in range(rounds):
            upload = FileStorage(io.BytesIO(content), filename="foto.jpg")
            started = time.perf_counter()
            item = save_upload(upload, user)
            samples.append(time.perf_counter() - started)
            paths.append(item.path)
    return median_ms(samples), paths


def timed_serving(client, path: str, rounds: int, before=None) -> float:
    samples = []
    for _ in range(rounds):
        if before is not None:
            before()
        started = time.perf_counter()
        with client.get(f"/uploads/{path}") as response:
            response.get_data()
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return median_ms(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get(
        "WARTA_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--uploads", type=int, default=15)
    args = parser.parse_args()

    name = f"warta_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(args.server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(args.server).set(database=name).render_as_string(
        hide_password=False)
    try:
        with tempfile.TemporaryDirectory() as folder:
            os.environ["WARTA_INSTANCE"] = folder
            run(url, Path(folder), args.rounds, args.uploads)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


def run(url: str, instance: Path, rounds: int, uploads: int) -> None:
    from cms import create_app
    from cms.api import db
    from cms.auth.services import create_user

    content = photo()
    config = {"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
              "PLUGINS": ["articles"], "PAGE_CACHE": False, "FRAGMENT_CACHE": False,
              "CACHE_TYPE": "SimpleCache", "RATELIMIT_ENABLED": False,
              "ARTICLES_UPLOAD_QUOTA_BYTES": 0}
    apps = {kind: create_app({**config, "MEDIA_STORAGE": kind})
            for kind in ("folder", "database")}
    with apps["folder"].app_context():
        db.create_all()
        create_user("bench@example.com", "Bench", "journalist", "kopi-tubruk-di-pasar-Pare")

    print(f"photo: {len(content) / 1024:.0f} KB JPEG, 1600×900; median of {rounds} "  # noqa: T201
          f"requests, {uploads} uploads")
    print(f"{'store':<18} {'upload':>8} {'serve original':>15} {'serve 320w copy':>16}")  # noqa: T201
    for kind, app in apps.items():
        upload_ms, paths = timed_uploads(app, content, uploads)
        with app.app_context():
            from plugins.articles.models import Media

            item = db.session.scalar(sa.select(Media).where(Media.path == paths[-1]))
            small = item.variants[320]
        client = app.test_client()
        cache = instance / "media-cache"
        serve = {path: timed_serving(client, path, rounds) for path in (item.path, small)}
        label = "database, warm" if kind == "database" else kind
        print(f"{label:<18} {upload_ms:>6.1f} ms {serve[item.path]:>12.2f} ms "  # noqa: T201
              f"{serve[small]:>13.2f} ms")
        if kind == "database":
            def empty_cache(cache: Path = cache) -> None:
                shutil.rmtree(cache, ignore_errors=True)

            cold = {path: timed_serving(client, path, rounds, empty_cache)
                    for path in (item.path, small)}
            print(f"{'database, cold':<18} {'':>9} {cold[item.path]:>12.2f} ms "  # noqa: T201
                  f"{cold[small]:>13.2f} ms")
    for app in apps.values():
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
