"""One canonical origin: what `cms init` writes, what the admin shows, which hosts the site
answers for, and whose forwarded headers count.

The pages readers see with forwarded headers and the caches on are tested with the
articles plugin in ``tests/articles/test_origin_caching.py``.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask, request

from cms.config import ConfigurationError
from cms.proxies import EXTENSION_KEY, TrustedProxies, request_origin
from tests.conftest import STRONG_PASSWORD

SITE = "https://kabarkediri.example"
PROJECT = Path(__file__).resolve().parent.parent
CMS = str(Path(sys.executable).parent / "cms")


@pytest.mark.parametrize(("given", "stored"), [
    ("https://kabarkediri.example", SITE),
    ("HTTPS://KabarKediri.Example/", SITE),
    ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
    ("https://[::1]:8443", "https://[::1]:8443"),
    ("", None),
])
def test_site_url_is_kept_as_an_origin(make_app, given, stored):
    assert make_app(SITE_URL=given).config["SITE_URL"] == stored


@pytest.mark.parametrize("given", [
    "kabarkediri.example", "https://kabarkediri.example/berita", "ftp://kabarkediri.example",
    "https://kabarkediri.example/?a=1", "https://user@kabarkediri.example",
    "https://kabarkediri.example:port", "https://kabarkediri.example:0", "https://[::1",
])
def test_a_site_url_that_is_not_an_origin_stops_the_start(make_app, given):
    with pytest.raises(ConfigurationError, match="SITE_URL must be the site's public address"):
        make_app(create_tables=False, SITE_URL=given)


def test_trusted_proxies_must_be_addresses(make_app):
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXIES: 'proxy.local'"):
        make_app(create_tables=False, PROXY_FIX=True, TRUSTED_PROXIES="10.0.0.5,proxy.local")


def test_trusted_hosts_must_include_the_site(make_app):
    with pytest.raises(ConfigurationError, match="TRUSTED_HOSTS must include the host"):
        make_app(create_tables=False, SITE_URL=SITE, TRUSTED_HOSTS="www.kabarkediri.example")
    with pytest.raises(ConfigurationError, match="SITE_URL must be set"):
        make_app(create_tables=False, TRUSTED_HOSTS="kabarkediri.example")


def test_other_hosts_get_a_page_naming_the_site(make_app):
    app = make_app(SITE_URL=SITE, TRUSTED_HOSTS="kabarkediri.example", PAGE_CACHE=True)
    reader = app.test_client()
    assert reader.get("/", base_url="http://kabarkediri.example").status_code == 200
    assert reader.get("/", base_url="http://kabarkediri.example").status_code == 200  # stored
    refused = reader.get("/", base_url="http://evil.example")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Situs ini tidak melayani alamat evil.example" in page
    assert f"Bukalah {SITE}" in page


def test_a_forwarded_host_outside_trusted_hosts_is_refused(make_app):
    app = make_app(SITE_URL=SITE, TRUSTED_HOSTS="kabarkediri.example", PROXY_FIX=True,
                   PAGE_CACHE=True)
    reader = app.test_client()
    through_proxy = {"Host": "127.0.0.1:8000"}
    assert reader.get("/", headers={**through_proxy,
                                    "X-Forwarded-Host": "kabarkediri.example"}).status_code == 200
    response = reader.get("/", headers={**through_proxy, "X-Forwarded-Host": "evil.example"})
    assert response.status_code == 400


def test_hsts_follows_the_site_address_not_the_request(make_app):
    """A stored page carries the same headers whichever scheme the first request used."""
    app = make_app(SITE_URL=SITE)
    response = app.test_client().get("/", base_url="http://kabarkediri.example")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    plain = make_app(SITE_URL="http://localhost")
    assert "Strict-Transport-Security" not in plain.test_client().get(
        "/", base_url="https://localhost").headers


def _login_statuses(app, attempts: list[dict]) -> list[int]:
    client = app.test_client()
    return [client.post("/login", data={"email": "x@example.com", "password": "salah"},
                        **attempt).status_code for attempt in attempts]


def test_a_direct_client_cannot_dodge_the_login_limit_with_forwarded_for(make_app):
    app = make_app(PROXY_FIX=True, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    spoofed = [{"environ_base": {"REMOTE_ADDR": "203.0.113.9"},
                "headers": {"X-Forwarded-For": f"198.51.100.{number}"}} for number in range(5)]
    assert _login_statuses(app, spoofed) == [200, 200, 200, 429, 429]


def test_readers_behind_the_trusted_proxy_are_counted_apart(make_app):
    app = make_app(PROXY_FIX=True, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute",
                   TRUSTED_PROXIES=["10.0.0.0/24"])
    def proxied(reader: str) -> dict:
        return {"environ_base": {"REMOTE_ADDR": "10.0.0.5"},
                "headers": {"X-Forwarded-For": f"1.2.3.4, {reader}"}}
    first = [proxied("198.51.100.1")] * 4
    assert _login_statuses(app, first) == [200, 200, 200, 429]
    assert _login_statuses(app, [proxied("198.51.100.2")]) == [200]


def test_forwarded_headers_from_a_direct_client_never_reach_the_app(make_app):
    app = make_app(PROXY_FIX=True)
    seen = {}

    @app.get("/_seen")
    def show():
        seen.update(remote=request.remote_addr, scheme=request.scheme, host=request.host,
                    forwarded=request.headers.get("X-Forwarded-For"))
        return ""

    client = app.test_client()
    client.get("/_seen", environ_base={"REMOTE_ADDR": "203.0.113.9"},
               headers={"X-Forwarded-For": "10.9.9.9", "X-Forwarded-Proto": "https",
                        "X-Forwarded-Host": "evil.example"})
    assert seen == {"remote": "203.0.113.9", "scheme": "http", "host": "localhost",
                    "forwarded": None}
    # From the proxy (127.0.0.1 by default): the value it added, not the client's own.
    client.get("/_seen", headers={"X-Forwarded-For": "10.9.9.9, 198.51.100.7",
                                  "X-Forwarded-Proto": "https"})
    assert seen["remote"] == "198.51.100.7" and seen["scheme"] == "https"


@pytest.mark.parametrize(("site_url", "shown"), [
    (SITE, f"<code>{SITE}</code>"),
    (None, "Belum diatur: tautan kanonis, feed dan sitemap memakai alamat yang dibuka pembaca."),
])
def test_admin_settings_show_the_site_address(make_app, site_url, shown):
    from cms.auth.services import create_user

    app = make_app(SITE_URL=site_url)
    with app.app_context():
        create_user("pemred@example.com", "Pemred", "admin", STRONG_PASSWORD)
    client = app.test_client()
    client.post("/login", data={"email": "pemred@example.com", "password": STRONG_PASSWORD})
    page = client.get("/admin/settings").get_data(as_text=True)
    assert "Alamat situs" in page and shown in page


def _cms_env(instance: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}
    env.update(WARTA_INSTANCE=str(instance), PYTHONPATH=str(PROJECT))
    return env


def _run_cms(instance: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CMS, *args], env=_cms_env(instance), input="", capture_output=True,
                          text=True, timeout=120)


def test_init_writes_the_given_site_address(tmp_path):
    result = _run_cms(tmp_path / "situs", "init", "--site-url", "https://KabarKediri.example/")
    assert result.returncode == 0, result.stderr
    assert f"Alamat situs (SITE_URL): {SITE}" in result.stdout
    config = (tmp_path / "situs" / "config.py").read_text()
    assert f"SITE_URL = {SITE!r}" in config
    assert "# TRUSTED_HOSTS = ['kabarkediri.example']" in config


def test_init_refuses_an_address_that_is_not_an_origin(tmp_path):
    result = _run_cms(tmp_path / "situs", "init", "--site-url", "kabarkediri.example")
    assert result.returncode != 0
    assert "SITE_URL must be the site's public address" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "situs").exists()


def test_init_without_a_terminal_uses_the_local_address_and_says_so(tmp_path):
    """`make run` (`cms init --demo`) and scripts never wait for an answer."""
    for args in (("init", "--demo"), ("init",)):
        instance = tmp_path / args[-1].strip("-")
        result = _run_cms(instance, *args)
        assert result.returncode == 0, result.stderr
        assert "Alamat situs (SITE_URL): http://127.0.0.1:5000" in result.stdout
        assert "Sebelum tayang, isi SITE_URL" in result.stdout
        assert "SITE_URL = 'http://127.0.0.1:5000'" in (instance / "config.py").read_text()


def test_init_at_a_terminal_asks_for_the_address_until_it_is_one(tmp_path):
    instance = tmp_path / "situs"
    controller, terminal = pty.openpty()
    process = subprocess.Popen([CMS, "init"], env=_cms_env(instance), stdin=terminal,
                               stdout=terminal, stderr=terminal)
    os.close(terminal)
    os.write(controller, b"kabarkediri\nhttps://KabarKediri.example\n")  # a wrong try first
    output = b""
    try:
        while select.select([controller], [], [], 60)[0]:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed: the command has finished
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(controller)
        returncode = process.wait(timeout=60)
    assert returncode == 0, output
    assert b"Alamat publik situs (SITE_URL) [http://127.0.0.1:5000]:" in output
    assert b"SITE_URL must be the site's public address" in output
    assert output.count(b"Alamat publik situs (SITE_URL)") == 2
    assert f"SITE_URL = {SITE!r}" in (instance / "config.py").read_text()


@pytest.mark.parametrize(("entries", "remote_addr", "trusted"), [
    (["127.0.0.1", "::1", "unix"], "127.0.0.1", True),
    (["127.0.0.1", "::1", "unix"], "::1", True),
    (["127.0.0.1", "::1", "unix"], "::ffff:127.0.0.1", True),
    (["127.0.0.1", "::1", "unix"], "", True),  # gunicorn on a Unix socket
    (["127.0.0.1", "::1"], "", False),
    (["127.0.0.1", "::1", "unix"], "127.0.0.2", False),
    (["10.0.0.0/24"], "10.0.0.77", True),
    (["10.0.0.0/24"], "10.0.1.77", False),
    (["10.0.0.0/24"], "not-an-address", False),
])
def test_trusted_proxies(entries, remote_addr, trusted):
    assert TrustedProxies(entries).trusts(remote_addr) is trusted


@pytest.mark.parametrize(("headers", "values"), [
    ({}, {}),
    ({"HTTP_X_FORWARDED_FOR": "203.0.113.1, 198.51.100.7"}, {"REMOTE_ADDR": "198.51.100.7"}),
    ({"HTTP_X_FORWARDED_PROTO": "HTTPS"}, {"wsgi.url_scheme": "https"}),
    ({"HTTP_X_FORWARDED_PROTO": "javascript"}, {}),
    ({"HTTP_X_FORWARDED_HOST": "evil.example, kabarkediri.example"},
     {"HTTP_HOST": "kabarkediri.example"}),
    ({"HTTP_X_FORWARDED_PORT": "8443", "HTTP_X_FORWARDED_PREFIX": "/x"}, {}),
])
def test_forwarded_values_take_the_proxys_own_value(headers, values):
    def forwarded(remote: str, proxies: TrustedProxies | None) -> dict:
        app = Flask(__name__)
        if proxies is not None:
            app.extensions[EXTENSION_KEY] = proxies
        return dict(request_origin(app, {"REMOTE_ADDR": remote, **headers}).forwarded)

    proxies = TrustedProxies(["127.0.0.1"])
    assert forwarded("127.0.0.1", proxies) == values
    assert forwarded("203.0.113.9", proxies) == {}
    assert forwarded("127.0.0.1", None) == {}
