"""Requests through the site's reverse proxy: its ``X-Forwarded-*`` headers, and only its.

Behind a proxy the app sees the proxy's address, so the proxy says who the client was
(``X-Forwarded-For``), whether it came over HTTPS (``X-Forwarded-Proto``) and which host it
asked for (``X-Forwarded-Host``). Anyone can send those headers, so they count only when
the connection comes from an address in ``TRUSTED_PROXIES``; from anyone else they are
removed before the app sees them. Of each header the last value is taken: the one our
proxy added, not one a client put in front of it.

:func:`forwarded_values` is the one place that decides this. The middleware applies it,
and the page cache (:func:`cms.urls.page_address`), which runs before the middleware,
asks it what the request will look like to the app, so both always agree.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import Flask

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
        return any(address in network for network in self.networks)


def forwarded_values(environ: Mapping[str, Any], proxies: TrustedProxies | None
                     ) -> dict[str, str]:
    """The WSGI values a trusted proxy's headers replace; empty for anyone else."""
    if proxies is None or not proxies.trusts(environ.get("REMOTE_ADDR")):
        return {}
    values = {}
    for header, key in FORWARDED_HEADERS.items():
        value = environ.get(header, "").rsplit(",", 1)[-1].strip()
        if value:
            values[key] = value
    if values.get("wsgi.url_scheme", "http").lower() not in ("http", "https"):
        del values["wsgi.url_scheme"]
    elif "wsgi.url_scheme" in values:
        values["wsgi.url_scheme"] = values["wsgi.url_scheme"].lower()
    return values


def request_environ(app: Flask, environ: Mapping[str, Any]) -> Mapping[str, Any]:
    """``environ`` as the app will see it once the middleware has run."""
    values = forwarded_values(environ, app.extensions.get(EXTENSION_KEY))
    return {**environ, **values} if values else environ


class TrustedProxyMiddleware:
    """Applies the configured proxy's forwarded headers and drops everyone else's."""

    def __init__(self, wsgi_app: Callable, proxies: TrustedProxies) -> None:
        self.wsgi_app = wsgi_app
        self.proxies = proxies

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        values = forwarded_values(environ, self.proxies)
        if not self.proxies.trusts(environ.get("REMOTE_ADDR")):
            for header in UNTRUSTED_HEADERS:
                environ.pop(header, None)
        environ.update(values)
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    """With ``PROXY_FIX``, honour the forwarded headers of ``TRUSTED_PROXIES`` only."""
    if not app.config["PROXY_FIX"]:
        return
    proxies = TrustedProxies(app.config["TRUSTED_PROXIES"])
    app.extensions[EXTENSION_KEY] = proxies
    app.wsgi_app = TrustedProxyMiddleware(app.wsgi_app, proxies)
