"""What Warta's Jinja environment (cms/templating.py) saves per render, measured.

    .venv/bin/python bench/template_globals.py [--requests 2000]

Jinja gives each template a ``ChainMap`` over the environment's globals and copies it into
a new dict for every context it starts: once per template rendered, and again for each
``{% include %}`` and ``{% import %}``. ``WartaEnvironment`` hands templates the globals dict
itself, which Python copies at C speed. This benchmark builds the demo site twice in a
throw-away instance, once with that environment and once with Flask's own, and times in
one process, calling the two in turn so drift on a shared machine hits both alike:

- one template context started, with the site's real globals;
- readers' pages through the test client, with cached fragments and no page cache (the
  page cache answers before Jinja runs, so it gains nothing there).

It prints the median of each in microseconds, what the override saves, and how many
contexts each page starts (the saving per page is about that many times the first row's).
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
from jinja2 import Template  # noqa: E402

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


def timed(action: Callable[[], object]) -> float:
    """Microseconds one call of ``action`` takes."""
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1e6


def contexts_started(app: Flask, path: str) -> int:
    """How many template contexts Jinja starts for one request of ``path``."""
    counted = [0]
    start = Template.new_context

    def counting(self: Template, *args: object, **kwargs: object) -> object:
        counted[0] += 1
        return start(self, *args, **kwargs)

    Template.new_context = counting
    try:
        app.test_client().get(path)
    finally:
        Template.new_context = start
    return counted[0]


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
    parser.add_argument("--requests", type=int, default=2000,
                        help="timed calls of each kind per environment (default 2000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["WARTA_INSTANCE"] = str(Path(folder) / "instance")
        warta = build(Path(folder), override=True)
        fill(warta)
        stock = build(Path(folder), override=False)
        pages = {**PAGES, "article": article_path(warta)}
        cases = {"one template context": (context_start, None)}
        cases |= {f"page {name}": ((lambda app, p=path: page_render(app, p)), path)
                  for name, path in pages.items()}
        print(f"{len(warta.jinja_env.globals)} Jinja globals; median µs per call, the two "  # noqa: T201
              f"environments called in turn {args.requests} times each")
        print(f"{'':<22} {'contexts':>8} {'Flask env':>10} {'Warta env':>10} {'saved':>8}")  # noqa: T201
        for title, (make, path) in cases.items():
            actions = {"stock": make(stock), "warta": make(warta)}
            times: dict[str, list[float]] = {"stock": [], "warta": []}
            for _call in range(args.requests):
                for variant, action in actions.items():
                    times[variant].append(timed(action))
            before, after = (statistics.median(times[v]) for v in ("stock", "warta"))
            contexts = contexts_started(warta, path) if path else 1
            print(f"{title:<22} {contexts:>8} {before:>10.1f} {after:>10.1f} "  # noqa: T201
                  f"{before - after:>8.1f}")


if __name__ == "__main__":
    main()
