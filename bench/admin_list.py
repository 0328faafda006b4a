"""The newsroom's article list at archive size: search, filters and sorts over N articles.

    .venv/bin/python bench/admin_list.py [N] [--database-url URL] [--rounds R]

Writes N articles (default 100,000) straight into a throw-away instance with one bulk
insert per 5,000 (an import through ``cms import jsonl`` takes far longer and measures
the importer, not the list): bodies of about 1,500 characters from the corpus
generator's vocabulary, six writers, ten rubrik, every status, a year of dates, one in
five an advertorial. Then an editor (and a journalist, who sees only their own) asks for
``/admin/articles/`` the ways the desk does, and the median response time of each is
printed with its statement count. SQLite by default; ``--database-url`` takes a
PostgreSQL URL (the database must exist and be empty).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import event, insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from import_articles import WORDS  # noqa: E402  (a sibling benchmark's vocabulary)

PASSWORD = "bench-Warta-2026!"
BATCH = 5_000
STATUSES = ["published"] * 14 + ["draft"] * 3 + ["review", "scheduled", "archived"]


def requests(category: int, author: int) -> dict[str, str]:
    """What the desk asks, by name."""
    return {
        "default (last modified)": "",
        "status=review": "?status=review",
        "status=scheduled": "?status=scheduled",
        "rubrik + author": f"?category={category}&author={author}",
        "sort=title": "?sort=title",
        "sort=oldest, page 1000": "?sort=oldest&page=1000",
        "date range (a week)": "?from=2026-03-01&to=2026-03-07",
        "advertorial only": "?x_advertorial=only",
        "search 'kopi' (rare word)": "?q=kopi",
        "search 'zzqx' (no match)": "?q=zzqx",
        "search + rubrik + status": f"?q=banjir&category={category}&status=published",
    }


def fill(app, count: int) -> tuple[int, int]:
    """Write ``count`` articles; return a rubrik's id and a writer's id."""
    from cms.api import db
    from cms.auth.services import create_user
    from plugins.advertorial.models import AdvertorialArticle, Sponsor
    from plugins.articles.models import Article, Category

    rng = random.Random(7)
    with app.app_context():
        create_user("redaktur@example.com", "Redaktur", "editor", PASSWORD)
        writers = [create_user(f"w{i}@example.com", f"Wartawan {i}", "journalist",
                               PASSWORD).id for i in range(6)]
        categories = []
        for index in range(10):
            row = Category(name=f"Rubrik {index}", slug=f"rubrik-{index}")
            db.session.add(row)
            db.session.flush()
            categories.append(row.id)
        sponsor = Sponsor(name="Pemkab", slug="pemkab", kind="government", website="",
                          disclosure="Kerja sama.")
        db.session.add(sponsor)
        db.session.commit()
        start = datetime(2026, 1, 1)
        for first in range(0, count, BATCH):
            rows, adverts = [], []
            for number in range(first, min(first + BATCH, count)):
                written = start + timedelta(minutes=rng.randrange(365 * 24 * 60))
                status = rng.choice(STATUSES)
                words = " ".join(rng.choice(WORDS) for _ in range(180))
                rows.append({
                    "id": number + 1,
                    "title": " ".join(rng.choice(WORDS) for _ in range(7)).capitalize(),
                    "slug": f"berita-{number + 1}", "body": f"<p>{words}</p>",
                    "lead": words[:200], "status": status, "created_at": written,
                    "updated_at": written + timedelta(hours=rng.randrange(48)),
                    "published_at": written if status != "draft" else None,
                    "author_id": rng.choice(writers), "category_id": rng.choice(categories),
                    "version": 1,
                })
                if number % 5 == 0:
                    adverts.append({"article_id": number + 1, "sponsor_id": sponsor.id,
                                    "label": "Advertorial"})
            db.session.execute(insert(Article), rows)
            db.session.execute(insert(AdvertorialArticle), adverts)
            db.session.commit()
        return categories[3], writers[2]


def measure(app, client, path: str, rounds: int) -> tuple[float, int]:
    """Median response time in ms, and the statements one response runs."""
    from cms.api import db

    statements = 0

    def count(*_args) -> None:
        nonlocal statements
        statements += 1

    with app.app_context():
        engine = db.engine
    samples = []
    for _ in range(rounds):
        statements = 0
        event.listen(engine, "before_cursor_execute", count)
        started = time.perf_counter()
        response = client.get(f"/admin/articles/{path}")
        samples.append((time.perf_counter() - started) * 1000)
        event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples), statements


def log_in(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, "the bench user could not log in"
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        os.environ["WARTA_INSTANCE"] = folder
        from cms import create_app
        from cms.api import db

        url = args.database_url or f"sqlite:///{folder}/bench.db"
        app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                          "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                          "PLUGINS": ["articles", "advertorial"]})
        with app.app_context():
            db.create_all()
        started = time.perf_counter()
        category, author = fill(app, args.count)
        print(f"{args.count} articles written in {time.perf_counter() - started:.1f} s "  # noqa: T201
              f"({url.split(':', 1)[0]}); median of {args.rounds} responses")
        editor = log_in(app, "redaktur@example.com")
        journalist = log_in(app, "w2@example.com")
        print(f"{'request':<32} {'ms':>8} {'statements':>11}")  # noqa: T201
        for name, path in requests(category, author).items():
            measure(app, editor, path, 1)  # templates and settings warm
            median, statements = measure(app, editor, path, args.rounds)
            print(f"{name:<32} {median:8.1f} {statements:11d}")  # noqa: T201
        for name, path in {"journalist: own, default": "",
                           "journalist: own, search": "?q=kopi"}.items():
            median, statements = measure(app, journalist, path, args.rounds)
            print(f"{name:<32} {median:8.1f} {statements:11d}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
