"""Cached template fragments: ``{% fragment "home" %}…{% endfragment %}`` in any template.

A page's costly parts (the home page's blocks, related articles, a listing's cards) are
the same for every reader until content changes, so each is rendered once per content
generation (see :func:`cms.pagecache.content_version`), language and host, then read from
the shared store. Unlike the page cache this also serves logged-in editors and keeps the
rest of the page (header, flashes, what is personal) live. Extra values after the name
tell fragments apart (``{% fragment "related", article.id %}``). A fragment must not
show anything that depends on who is asking.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, request
from flask_babel import get_locale
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

from cms.extensions import cache
from cms.pagecache import content_version, site_fingerprint

#: Fragments each process keeps in memory, newest used first.
KEPT_PER_PROCESS = 512
_lock = threading.Lock()  # threaded workers share the kept fragments


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
    """``render()``'s text, made once per content generation, language, host and ``vary``.

    The Python side of ``{% fragment %}``, for views whose whole answer is such a part
    (a feed, a sitemap). Nothing is kept when ``FRAGMENT_CACHE`` is off. Each process
    also keeps the fragments it used last, so a busy page does not even read the store.
    """
    config = current_app.config
    if not config["FRAGMENT_CACHE"]:
        return render()
    ident = f"{_request_scope()}|{content_version()}|{name}|{vary!r}"
    key = "warta:fragment:" + hashlib.sha256(ident.encode()).hexdigest()[:32]
    recent = current_app.extensions["warta.fragments"]
    now = time.monotonic()
    with _lock:
        kept = recent.get(key)
        if kept is not None and kept[0] > now:
            recent.move_to_end(key)
            return kept[1]
    text = cache.get(key)
    if text is None:
        text = render()
        cache.set(key, text, timeout=config["FRAGMENT_TIMEOUT"])
    with _lock:
        recent[key] = (now + config["FRAGMENT_TIMEOUT"], text)
        if len(recent) > KEPT_PER_PROCESS:
            recent.popitem(last=False)
    return text


def _request_scope() -> str:
    """What every fragment of this request shares: plugins and theme, language, and host
    (absolute addresses such as canonical and share links follow the host asked for when
    the site has no SITE_URL). Worked out once per request."""
    store = g._get_current_object()
    scope = getattr(store, "warta_fragment_scope", None)
    if scope is None:
        scope = store.warta_fragment_scope = (
            f"{site_fingerprint()}|{get_locale()}|{request.host_url}")
    return scope


def init_app(app: Flask) -> None:
    app.extensions["warta.fragments"] = OrderedDict()
    app.jinja_env.add_extension(FragmentExtension)
