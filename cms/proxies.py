"""What the app sees of a request's origin: the trusted proxy's headers, and only its;
the hosts the site answers for.

Behind a proxy the app sees the proxy's address, so the proxy says who the client was
(``X-Forwarded-For``), whether it came over HTTPS (``X-Forwarded-Proto``) and which host it
asked for (``X-Forwarded-Host``). Anyone can send those headers, so with ``PROXY_FIX`` they
count only when the connection comes from an address in ``TRUSTED_PROXIES``; from anyone
else they are removed before the app sees them. Of each header the last value is taken:
the one our proxy added, not one a client put in front of it.

With ``TRUSTED_HOSTS``, a request for any other host is answered with a 400 page that
names the site's address (``SITE_URL``), instead of Flask's bare refusal.

:func:`request_origin` is the one place that decides what the app will see, once per
request: the first middleware to ask (the request log, outermost) keeps the decision in
the request's environ, and the page cache (:func:`cms.urls.page_address`) and the origin
middleware read it from there, so all agree and a page-cache hit decides only once.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import SecurityError
from werkzeug.wsgi import get_host

#: Each header the proxy sets, and the WSGI key it stands for.
FORWARDED_HEADERS = {
    "HTTP_X_FORWARDED_FOR": "REMOTE_ADDR",
    "HTTP_X_FORWARDED_PROTO": "wsgi.url_scheme",
    "HTTP_X_FORWARDED_HOST": "HTTP_HOST",
}
#: Removed from requests that do not come from a trusted proxy, so that no code (core,
#: plugin or library) can read a value the client made up.
UNTRUSTED_HEADERS = (*FORWARDED_HEADERS, "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_PREFIX",
                     "HTTP_FORWARDED")
EXTENSION_KEY = "warta.proxies"
logger = logging.getLogger(__name__)
#: The host a refused request asked for; the app answers it with 400.
REFUSED_HOST_KEY = "warta.refused_host"
#: Where :func:`request_origin` keeps its decision in the request's environ.
ORIGIN_KEY = "warta.origin"


class TrustedProxies:
    """The addresses whose forwarded headers count, from ``TRUSTED_PROXIES``.

    ``"unix"`` stands for a proxy on the same machine that connects through a Unix socket:
    such a connection has no address (gunicorn gives an empty ``REMOTE_ADDR``).
    """

    def __init__(self, entries: Iterable[str]) -> None:
        entries = list(entries)
        self.unix = "unix" in entries
        self.networks = [ipaddress.ip_network(entry, strict=False)
                         for entry in entries if entry != "unix"]

    def trusts(self, remote_addr: str | None) -> bool:
        if not remote_addr:
            return self.unix
        try:
            address = ipaddress.ip_address(remote_addr)
        except ValueError:
            return False
        # A server listening on IPv6 sees IPv4 clients as ::ffff:a.b.c.d.
        address = getattr(address, "ipv4_mapped", None) or address
        return any(address in network for network in self.networks)


def _proxy_values(environ: Mapping[str, Any]) -> dict[str, str]:
    """The WSGI values a trusted proxy's headers replace: its own (last) value of each."""
    values = {}
    for header, key in FORWARDED_HEADERS.items():
        value = environ.get(header, "").rsplit(",", 1)[-1].strip()
        if value:
            values[key] = value
    scheme = values.pop("wsgi.url_scheme", "").lower()
    if scheme in ("http", "https"):
        values["wsgi.url_scheme"] = scheme
    return values


@dataclass(frozen=True, slots=True)
class RequestOrigin:
    """What this module decided about one request (see :func:`request_origin`)."""

    #: The connection comes from an address in ``TRUSTED_PROXIES`` (with ``PROXY_FIX``).
    trusted: bool
    #: The WSGI values the trusted proxy's headers replace; empty for anyone else.
    forwarded: Mapping[str, str]
    #: The host the request asks for when ``TRUSTED_HOSTS`` refuses it, else ``None``.
    refused_host: str | None


def request_origin(app: Flask, environ: MutableMapping[str, Any]) -> RequestOrigin:
    """The request's origin as the app will see it, decided on first call and kept in
    ``environ``: the request log, the page cache and the origin middleware each need it,
    and a page-cache hit should not pay for it three times."""
    origin = environ.get(ORIGIN_KEY)
    if origin is None:
        proxies = app.extensions.get(EXTENSION_KEY)
        trusted = proxies is not None and proxies.trusts(environ.get("REMOTE_ADDR"))
        forwarded = _proxy_values(environ) if trusted else {}
        refused = refused_host(app, {**environ, **forwarded} if forwarded else environ)
        origin = environ[ORIGIN_KEY] = RequestOrigin(trusted, forwarded, refused)
    return origin


def request_environ(app: Flask, environ: MutableMapping[str, Any]) -> Mapping[str, Any]:
    """``environ`` as the app will see it once the middleware has run."""
    values = request_origin(app, environ).forwarded
    return {**environ, **values} if values else environ


def refused_host(app: Flask, environ: Mapping[str, Any]) -> str | None:
    """The host ``environ`` (as the app sees it) asks for, when ``TRUSTED_HOSTS`` refuses it."""
    if not app.config["TRUSTED_HOSTS"]:
        return None
    try:
        get_host(environ, app.config["TRUSTED_HOSTS"])
    except SecurityError:
        return get_host(environ)
    return None


class OriginMiddleware:
    """Applies the configured proxy's forwarded headers, drops everyone else's, and marks
    requests for a host the site does not answer for."""

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        origin = request_origin(self.app, environ)
        if not origin.trusted and EXTENSION_KEY in self.app.extensions:
            for header in UNTRUSTED_HEADERS:
                environ.pop(header, None)
        environ.update(origin.forwarded)
        if origin.refused_host is not None:
            # The app answers with its own page, which needs a host it can build links on.
            environ[REFUSED_HOST_KEY] = origin.refused_host
            environ["HTTP_HOST"] = urlsplit(self.app.config["SITE_URL"]).netloc
        return self.wsgi_app(environ, start_response)


def _refuse_other_hosts() -> None:
    host = request.environ.get(REFUSED_HOST_KEY)
    if host is not None:
        abort(400, _("Situs ini tidak melayani alamat %(host)s. Bukalah %(site)s.",
                     host=host, site=current_app.config["SITE_URL"]))


def init_app(app: Flask) -> None:
    """Honour ``TRUSTED_PROXIES``' forwarded headers (with ``PROXY_FIX``) and refuse hosts
    outside ``TRUSTED_HOSTS`` (when set)."""
    if app.config["PROXY_FIX"]:
        app.extensions[EXTENSION_KEY] = TrustedProxies(app.config["TRUSTED_PROXIES"])
        if not app.config["SITE_URL"]:
            logger.warning("PROXY_FIX is on without SITE_URL: links follow the host each "
                           "request names; set SITE_URL to the site's public address")
    if app.config["PROXY_FIX"] or app.config["TRUSTED_HOSTS"]:
        app.wsgi_app = OriginMiddleware(app, app.wsgi_app)
        app.before_request(_refuse_other_hosts)
