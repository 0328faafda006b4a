"""Warta's page cache: readers' pages are served from a shared cache until content changes.

Only what :mod:`cms.httpcache` calls public is stored (anonymous GET/HEAD, no cookie).
Each page is kept with the tags of what it shows (:mod:`cms.cachetags`): a change to an
article calls :func:`cms.cachetags.invalidate_tags` and every worker misses on its next
request for a page showing it, while the rest of the site stays cached. A change every
page shows (settings, theme, plugins) calls :func:`invalidate`, which moves the whole
generation. Content can also change by the clock alone (a scheduled article's time
comes): plugins name the next such moment through ``warta_next_change``, and the first
request after it moves the generation. The store is Flask-Caching's (a folder in the
instance by default, Redis in production). Template fragments (:mod:`cms.fragments`)
follow the same generation and tags.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from flask import Flask, Response, current_app, g, request
from werkzeug.http import parse_cookie, parse_etags

from cms import cachetags
from cms.cachetags import finish_page, kept_for, site_state
from cms.clock import utcnow
from cms.extensions import cache
from cms.hooks import call_hook
from cms.httpcache import is_public
from cms.timedcache import TimedCache
from cms.urls import page_address

# Stored as the next moment when no plugin expects a change by the clock.
_NEVER = "never"
# Where Flask tells the middleware to keep the answer, under which key and tags.
STORE_KEY = "warta.page_cache.key"
STORE_TAGS_KEY = "warta.page_cache.made_under"
#: Pages each process also keeps in memory, newest used first.
PAGES_PER_PROCESS = 128
# The page's address as the app renders it (origin, path, query): cms.urls.page_address.
ADDRESS_KEY = "warta.page_cache.address"
# Which plugins and theme this process runs (see ``describe_site``).
FINGERPRINT_KEY = "warta.page_fingerprint"
PLUGINS_KEY = "warta.page_plugins"
SKIPPED_PREFIXES = ("/admin", "/login", "/logout", "/account", "/static", "/theme/", "/_")

#: How long a process trusts what it last read of the shared store (see cms.cachetags).
GENERATION_RECHECK_SECONDS = cachetags.RECHECK_SECONDS


def invalidate() -> None:
    """Forget every cached page and fragment: after a change to settings, the theme,
    plugins or anything every page shows. For a change to some content, prefer
    :func:`cms.cachetags.invalidate_tags`, which keeps the pages that do not show it."""
    site_state().new_generation()
    g.pop("warta_content_version", None)


def _state_now(app: Flask) -> tuple[str, Any, Any]:
    """(generation, next moment content changes by the clock or None if not yet known
    under the current sequence, sequence)."""
    snapshot = site_state(app).current()
    due = snapshot.due
    moment = due[1] if isinstance(due, tuple) and due[0] == snapshot.sequence else None
    return snapshot.generation or "0", moment, snapshot.sequence


def content_version() -> str:
    """A token that changes whenever everything readers see may have changed.

    Read once per request. The first request after the moment plugins named in
    ``warta_next_change`` (a scheduled article's time) moves it, so caches keyed on it
    show the article on time with no job running. Changes to some content leave it be
    and move only their tags (:mod:`cms.cachetags`); the moment is asked for again after
    each.
    """
    store = g._get_current_object()
    known = getattr(store, "warta_content_version", None)
    if known is not None:
        return known
    app = current_app._get_current_object()
    state = site_state(app)
    token, due, sequence = _state_now(app)
    if due is None:
        due = _next_change() or _NEVER
        state.set_due(sequence, due)
    if _passed(due):
        # Another worker may have moved it already: read the store itself before minting.
        state.current(fresh=True)
        token, due, sequence = _state_now(app)
        if due is None or _passed(due):
            token = state.new_generation()
            sequence = state.current().sequence
            due = _next_change() or _NEVER
            state.set_due(sequence, due)
    store.warta_content_version = token
    return token


def _passed(due: Any) -> bool:
    """Has the moment the plugins named (``warta_next_change``) come?"""
    return due != _NEVER and utcnow() >= due


def _next_change() -> datetime | None:
    moments = [when for when in call_hook("warta_next_change") if when is not None]
    return min(moments, default=None)


def do_not_store() -> None:
    """Keep this answer out of the page cache (browsers may still cache it briefly).

    For pages with unbounded variety, such as search results: storing every distinct
    query would fill the shared store with pages nobody asks for twice.
    """
    g.warta_page_skip = True


def _key() -> str | None:
    address = request.environ.get(ADDRESS_KEY)
    if (request.method != "GET" or address is None
            or not _for_every_reader(request.path, request.cookies, current_app.config)):
        return None
    return _page_key(site_fingerprint(), content_version(), address)


def _for_every_reader(path: str, cookies: Mapping[str, str], config: Mapping[str, Any]) -> bool:
    """Whether a request asks for a page every anonymous reader shares: not a newsroom,
    login or file address, and no session or remember-me cookie (who logged in gets pages
    of their own). The middleware and Flask both ask, so it is written once."""
    return not path.startswith(SKIPPED_PREFIXES) and not (
        cookies.get(config["SESSION_COOKIE_NAME"]) or cookies.get(config["REMEMBER_COOKIE_NAME"]))


def _page_key(fingerprint: str, version: str, address: str) -> str:
    return f"warta:page:{fingerprint}:{version}:{address}"


def describe_site(app: Flask, plugins: Iterable[str], theme: str | None) -> None:
    """Record which plugins (``name:version``) and theme this process runs, once start-up
    has settled them: a site started with other plugins or another theme never serves
    pages or fragments cached before the change."""
    plugins = sorted(plugins)
    app.extensions[PLUGINS_KEY] = plugins
    text = ",".join(plugins) + f"|{theme or ''}"
    app.extensions[FINGERPRINT_KEY] = hashlib.sha256(text.encode()).hexdigest()[:12]


def describe_theme(app: Flask, theme: str | None) -> None:
    """The theme changed while the process runs (:mod:`cms.themes`): pages and fragments
    cached for the old one are never served again."""
    describe_site(app, app.extensions.get(PLUGINS_KEY, ()), theme)


def site_fingerprint() -> str:
    """The token :func:`describe_site` made for this process's plugins and theme."""
    return current_app.extensions[FINGERPRINT_KEY]


class PageCacheMiddleware:
    """Answers stored pages before Flask sees the request, and stores what Flask marks.

    A hit usually costs no read from the store at all (the generation and the change
    sequence are re-read every quarter second, the page kept in this process's memory and
    its tags' tokens known since the last change) and no request handling: the
    stored answer already carries every header the site adds (security, caching, ETag),
    and an ``If-None-Match`` that matches gets a 304. Anything the store cannot answer at
    once (first request of a generation, a scheduled moment passed, a session cookie) goes
    to Flask as usual.
    """

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        # The pages this process served last. Their keys name the generation and each
        # is checked against its tags like the store's copy; it only saves reading it.
        self.recent: TimedCache[tuple] = TimedCache(
            PAGES_PER_PROCESS, ttl=app.config["CACHE_DEFAULT_TIMEOUT"])

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        environ[ADDRESS_KEY] = page_address(self.app, environ)
        hit = self._lookup(environ)
        if hit is not None:
            return self._answer(environ, start_response, hit)
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list, exc_info: Any = None) -> Callable:
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        key = environ.get(STORE_KEY)
        if key is None or not captured.get("status", "").startswith("200"):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        made_under = environ[STORE_TAGS_KEY]
        stored = (captured["status"], captured["headers"], body, made_under)
        config = self.app.config
        self._store().set(key, stored,
                          timeout=kept_for(made_under, config["CACHE_DEFAULT_TIMEOUT"], config))
        self.recent.put(key, stored)
        return [body]

    def _store(self) -> Any:
        return self.app.extensions["cache"][cache]

    def _lookup(self, environ: dict) -> tuple | None:
        # Most readers send no cookie: then there is nothing to parse (and werkzeug's
        # MultiDict would raise and catch a KeyError for each name looked up).
        cookies = parse_cookie(environ) if environ.get("HTTP_COOKIE") else {}
        if (environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or environ[ADDRESS_KEY] is None
                or not _for_every_reader(environ.get("PATH_INFO", ""), cookies, self.app.config)):
            return None
        token, due, _sequence = _state_now(self.app)
        if due is None or _passed(due):
            return None  # Flask asks the plugins when content next changes
        key = _page_key(self.app.extensions[FINGERPRINT_KEY], token, environ[ADDRESS_KEY])
        state = site_state(self.app)
        kept = self.recent.get(key)
        if kept is not None and state.is_current(kept[3]):
            return kept
        stored = self._store().get(key)
        if stored is None or not state.is_current(stored[3]):
            return None
        self.recent.put(key, stored)
        return stored

    @staticmethod
    def _answer(environ: dict, start_response: Callable, hit: tuple) -> Iterable[bytes]:
        status, headers, body, _made_under = hit
        etag = next((value for name, value in headers if name == "ETag"), None)
        if etag and parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_raw(etag):
            kept = [(n, v) for n, v in headers if n not in ("Content-Length", "Content-Type")]
            start_response("304 NOT MODIFIED", kept)
            return []
        start_response(status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


def init_app(app: Flask) -> None:
    cachetags.init_app(app, lambda: app.extensions["cache"][cache])
    # First of the request's functions: the page's entry must start before anything
    # reads the database (see cms.cachetags).
    app.before_request_funcs.setdefault(None, []).insert(0, cachetags.start_page)
    if not app.config["PAGE_CACHE"]:
        return
    app.wsgi_app = PageCacheMiddleware(app, app.wsgi_app)

    @app.after_request
    def mark_for_storage(response: Response) -> Response:
        """Runs before the security and caching headers are added: the middleware stores
        the answer as it leaves, with all of them."""
        key = _key()
        if key and not g.get("warta_page_skip") and is_public(response):
            made_under = finish_page()
            if made_under is not None:
                request.environ[STORE_KEY] = key
                request.environ[STORE_TAGS_KEY] = made_under
        return response
