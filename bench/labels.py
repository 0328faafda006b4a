"""What asking for labels once per page saves over asking once per card.

    .venv/bin/python bench/labels.py [N]      (default 2,000 articles)

``article_label`` (the template global every card, link and article page uses) asks the
``articles_item_labels`` hook about every article the request has loaded at its first
call, rather than about one card at a time. That only matters when a page's fragments are
rendered afresh (after every publish or edit, once per process), so each round here moves
the content generation first and then renders the page: the figures are cold renders,
batched and per card, with the queries each costs. Advertorial and redaksi both answer
the hook, as on a real site.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import event

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from import_articles import write_corpus  # noqa: E402  (a sibling benchmark's generator)

PATHS = {"home": "/", "rubrik": "/rubrik/{category}/", "article": "/berita/{slug}"}


def per_card(article, surface: str = "card") -> str:
    """The unbatched way: one hook call (and one query per labelling plugin) per card."""
    from plugins.articles.labels import item_labels

    return item_labels([article], surface).get(article.id, "")


def measure(app, client, path: str, rounds: int) -> tuple[float, float]:
    """Median cold render in ms, and queries per render."""
    from cms.api import db, invalidate

    queries = 0

    def count(*_args) -> None:
        nonlocal queries
        queries += 1

    samples = []
    with app.app_context():
        engine = db.engine
    for _ in range(rounds):
        with app.app_context():
            invalidate()
        event.listen(engine, "before_cursor_execute", count)
        queries = 0
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples), queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=2_000, help="articles to import")
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        os.environ["WARTA_INSTANCE"] = folder
        from sqlalchemy import select

        from cms import create_app
        from cms.api import db
        from plugins.articles.importer import import_jsonl
        from plugins.articles.models import Article, Category

        corpus = Path(folder) / "corpus.jsonl"
        write_corpus(corpus, args.count, seed=1)
        config = {"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/b.db",
                  "PLUGINS": ["articles", "advertorial", "youtube", "redaksi"]}
        app = create_app(config)
        # A second site on the same data whose cards ask one at a time. The global is
        # swapped before the first render: templates keep the globals they were first
        # imported with.
        unbatched = create_app(config)
        unbatched.jinja_env.globals["article_label"] = per_card
        with app.app_context():
            db.create_all()
        with app.test_request_context():
            import_jsonl(corpus, ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"]))
            category = db.session.scalar(select(Category.slug).limit(1))
            slug = db.session.scalar(select(Article.slug).order_by(Article.published_at.desc())
                                     .limit(1))
        paths = {name: path.format(category=category, slug=slug)
                 for name, path in PATHS.items()}
        clients = {site: site.test_client() for site in (app, unbatched)}
        for client in clients.values():
            for path in paths.values():
                client.get(path)  # warm up settings and templates

        print(f"{args.count} articles, cold renders (fragments and page cache moved on "  # noqa: T201
              f"each round), median of {args.rounds}, SQLite")
        print(f"{'page':<10} {'batched ms':>11} {'queries':>8} {'per card ms':>12} "  # noqa: T201
              f"{'queries':>8} {'saved ms':>9}")
        for name, path in paths.items():
            batched, batched_queries = measure(app, clients[app], path, args.rounds)
            single, single_queries = measure(unbatched, clients[unbatched], path, args.rounds)
            print(f"{name:<10} {batched:11.2f} {batched_queries:8d} {single:12.2f} "  # noqa: T201
                  f"{single_queries:8d} {single - batched:9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
