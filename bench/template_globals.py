"""What Warta's Jinja environment (cms/templating.py) saves per render, measured.

    .venv/bin/python bench/template_globals.py [--rounds 7] [--requests 300]

Jinja gives each template a ``ChainMap`` over the environment's globals and copies it into
a new dict for every context it starts: once per template rendered, and again for each
``{% include %}`` and ``{% import %}``. ``WartaEnvironment`` hands templates the globals dict
itself, which Python copies at C speed. This benchmark builds the demo site twice in a
throw-away instance, once with that environment and once with Flask's own, and times in
one process, alternating the two so drift on a shared machine hits both alike:

- one template context started, with the site's real globals;
- readers' pages through the test client, with cached fragments and no page cache (the
  page cache answers before Jinja runs, so it gains nothing there).

It prints medians of the rounds, in microseconds, and what the override saves.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402

from cms import create_app, templating  # noqa: E402
from cms.extensions import db  # noqa: E402
from cms.hooks import call_hook  # noqa: E402

PLUGINS = ["articles", "pages", "advertorial", "youtube", "redaksi"]
PAGES = {"home": "/", "rubrik": "/rubrik/pertanian/", "tag": "/tag/panen/"}


def build(folder: Path, *, override: bool) -> Flask:
    """The demo site; without ``override``, on Flask's stock Jinja environment."""
    config = {"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
              "PLUGINS": PLUGINS, "CACHE_TYPE": "SimpleCache", "PAGE_CACHE": False,
              "FRAGMENT_CACHE": True, "RATELIMIT_ENABLED": False}
    chosen = templating.init_app
    if not override:
        templating.init_app = lambda app: None  # Flask keeps its own environment class
    try:
        app = create_app(config)
    finally:
        templating.init_app = chosen
    assert isinstance(app.jinja_env, templating.WartaEnvironment) is override
    return app


def fill(app: Flask) -> None:
    with app.app_context():
        db.create_all()
        call_hook("warta_instance_created", app=app)
        call_hook("warta_demo_content", app=app)


def article_path(app: Flask) -> str:
    body = app.test_client().get("/").get_data(as_text=True)
    start = body.index('href="/berita/') + len('href="')
    return body[start:body.index('"', start)]


def per_call(action: Callable[[], object], count: int) -> float:
    """Microseconds per call of ``action``."""
    started = time.perf_counter()
    for _ in range(count):
        action()
    return (time.perf_counter() - started) / count * 1e6


def context_start(app: Flask) -> Callable[[], object]:
    template = app.jinja_env.from_string("{{ site_name }}")
    return lambda: template.new_context({"site_name": "Kabar", "request": None})


def page_render(app: Flask, path: str) -> Callable[[], object]:
    client = app.test_client()
    client.get(path)  # fragments and compiled templates warm

    def get() -> None:
        response = client.get(path)
        assert response.status_code == 200, path

    return get


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["WARTA_INSTANCE"] = str(Path(folder) / "instance")
        warta = build(Path(folder), override=True)
        fill(warta)
        stock = build(Path(folder), override=False)
        pages = {**PAGES, "article": article_path(warta)}
        cases = {"one template context": (context_start, 20_000)}
        cases |= {f"page {name}": ((lambda app, p=path: page_render(app, p)), args.requests)
                  for name, path in pages.items()}
        print(f"{len(warta.jinja_env.globals)} Jinja globals; medians of {args.rounds} "  # noqa: T201
              "rounds, µs per call")
        print(f"{'':<22} {'Flask env':>10} {'Warta env':>10} {'saved':>8}")  # noqa: T201
        for title, (make, count) in cases.items():
            actions = {"stock": make(stock), "warta": make(warta)}
            times: dict[str, list[float]] = {"stock": [], "warta": []}
            for _round in range(args.rounds):
                for variant, action in actions.items():
                    times[variant].append(per_call(action, count))
            before, after = (statistics.median(times[v]) for v in ("stock", "warta"))
            print(f"{title:<22} {before:>10.1f} {after:>10.1f} {before - after:>8.1f}")  # noqa: T201


if __name__ == "__main__":
    main()
