"""Cached template fragments: ``{% fragment "home" %}…{% endfragment %}`` in any template.

A page's costly parts (the home page's blocks, related articles, a listing's cards) are
the same for every reader until content changes, so each is rendered once per content
generation (see :func:`cms.pagecache.content_version`), language and host, then read from
the shared store until a tag it depends on changes (:mod:`cms.cachetags`: a fragment
whose code names no tags with ``depends_on`` is made again after every change). Unlike
the page cache this also serves logged-in editors and keeps the rest of the page
(header, flashes, what is personal) live. Extra values after the name tell fragments
apart (``{% fragment "related", article.id %}``). A fragment must not show anything that
depends on who is asking.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g
from flask_babel import get_locale
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

from cms.cachetags import collecting, depends_on, kept_for, site_state, used
from cms.extensions import cache
from cms.pagecache import content_version, site_fingerprint
from cms.timedcache import TimedCache
from cms.urls import site_origin

#: Fragments each process keeps in memory, newest used first.
KEPT_PER_PROCESS = 512
T = TypeVar("T")


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
    """``render()``'s text, made once per content generation, language, host and ``vary``,
    and again when a tag it depends on changes.

    The Python side of ``{% fragment %}``, for views whose whole answer is such a part
    (a feed, a sitemap). Nothing is kept when ``FRAGMENT_CACHE`` is off. Each process
    also keeps the fragments it used last, so a busy page does not even read the store.
    """
    recent = _recent()
    if recent is None:
        with collecting(storing=False):
            return render()
    ident = _ident(name, vary)
    state = site_state()
    kept = recent.get(ident)
    if kept is None or not state.is_current(kept[1]):
        key = "warta:fragment:" + hashlib.sha256("|".join(ident).encode()).hexdigest()[:32]
        kept = cache.get(key)
        if kept is None or not state.is_current(kept[1]):
            with collecting(storing=True) as made:
                text = render()
            if made.made_under is None:
                return text  # content changed while it was made: not kept
            kept = (text, made.made_under)
            cache.set(key, kept,
                      timeout=kept_for(made.made_under, recent.ttl, current_app.config))
        recent.put(ident, kept)
    used(kept[1])
    return kept[0]


def remembered(name: str, *vary: Any, compute: Callable[[], T]) -> T:
    """``compute()``'s value, kept in this process's memory until content changes.

    For small facts every request of a page needs and only an edit changes, such as which
    article an address names: the second request asks no database. A ``None`` answer is
    not kept, so addresses that name nothing cannot crowd out the rest. Like a fragment,
    the value is made again when a tag named inside ``compute`` (``depends_on``) changes,
    or after every change if it names none.
    """
    recent = _recent()
    if recent is None:
        with collecting(storing=False):
            return compute()
    ident = _ident(name, vary)
    kept = recent.get(ident)
    if kept is None or not site_state().is_current(kept[1]):
        with collecting(storing=True) as made:
            value = compute()
        if value is None or made.made_under is None:
            return value
        kept = (value, made.made_under)
        recent.put(ident, kept)
    used(kept[1])
    return kept[0]


def _recent() -> TimedCache[Any] | None:
    app = current_app._get_current_object()
    return app.extensions["warta.fragments"] if app.config["FRAGMENT_CACHE"] else None


def _ident(name: str, vary: tuple) -> tuple[str, str, str, str]:
    return (_request_scope(), content_version(), name, repr(vary))


def _request_scope() -> str:
    """What every fragment of this request shares: plugins and theme, language, and the
    origin absolute addresses such as canonical and share links are built from
    (``SITE_URL``, or the request's when the site has none). Worked out once per request."""
    store = g._get_current_object()
    scope = getattr(store, "warta_fragment_scope", None)
    if scope is None:
        scope = store.warta_fragment_scope = (
            f"{site_fingerprint()}|{get_locale()}|{site_origin()}")
    return scope


def init_app(app: Flask) -> None:
    app.extensions["warta.fragments"] = TimedCache(KEPT_PER_PROCESS,
                                                   ttl=app.config["FRAGMENT_TIMEOUT"])
    app.jinja_env.add_extension(FragmentExtension)
    app.jinja_env.globals["depends_on"] = depends_on
