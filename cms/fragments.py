"""Cached template fragments: ``{% fragment "home" %}…{% endfragment %}`` in any template.

A page's costly parts (the home page's blocks, related articles, a listing's cards) are
the same for every reader until content changes, so each is rendered once per content
generation (see :func:`cms.pagecache.content_version`) and language, and then read from
the shared store. Unlike the page cache this also serves logged-in editors and keeps the
rest of the page (header, flashes, the article itself) live. Extra values after the name
tell fragments apart (``{% fragment "related", article.id %}``). A fragment must not
show anything that depends on who is asking.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from flask_babel import get_locale
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

from cms.extensions import cache
from cms.pagecache import content_version, site_fingerprint


class FragmentExtension(Extension):
    tags = {"fragment"}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        name = parser.parse_expression()
        vary: list[nodes.Expr] = []
        while parser.stream.skip_if("comma"):
            vary.append(parser.parse_expression())
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_render", [name, nodes.List(vary)]),
                               [], [], body).set_lineno(lineno)

    def _render(self, name: str, vary: list[Any], caller: Callable[[], str]) -> Markup:
        return Markup(cached(name, *vary, render=lambda: str(caller())))


def cached(name: str, *vary: Any, render: Callable[[], str]) -> str:
    """``render()``'s text, made once per content generation, language and ``vary``.

    The Python side of ``{% fragment %}``, for views whose whole answer is such a part
    (a feed, a sitemap). Nothing is kept when ``FRAGMENT_CACHE`` is off.
    """
    config = current_app.config
    if not config["FRAGMENT_CACHE"]:
        return render()
    ident = repr((site_fingerprint(), content_version(), str(get_locale()), name, vary))
    key = "warta:fragment:" + hashlib.sha256(ident.encode()).hexdigest()[:32]
    text = cache.get(key)
    if text is None:
        text = render()
        cache.set(key, text, timeout=config["FRAGMENT_TIMEOUT"])
    return text


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension(FragmentExtension)
