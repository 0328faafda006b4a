"""Browser tests: Playwright drives Debian's Chromium against a live Warta server.

Playwright's own browser download cannot work here, so the tests launch
``/usr/bin/chromium``; ``.ci/run`` installs it when missing. Locally the tests skip when
it is absent; in CI (``CI=true``) they fail instead.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import STRONG_PASSWORD

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """One SQLite file shared by the server thread and the test."""
    return f"sqlite:///{tmp_path / 'warta.db'}"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: .ci/run should have installed it")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


def read_whole_file(file, buffer_size: int = 8192) -> list[bytes]:
    """The live server's ``wsgi.file_wrapper``: read a static file and close it at once.

    Werkzeug's development server skips closing a response when the browser drops the
    connection half-way (Chromium cancels a stylesheet request when it navigates on), and
    the file left open then fails whichever test is running as an unraisable
    ``ResourceWarning``. Files served here are small.
    """
    with file:
        return [file.read()]


class WholeFiles:
    """WSGI middleware giving the app :func:`read_whole_file` as its file wrapper."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        environ["wsgi.file_wrapper"] = read_whole_file
        return self.app(environ, start_response)


class LiveServer:
    """The app on a real port; ``stop()`` and ``start()`` play a crash and a restart."""

    def __init__(self, app) -> None:
        self.app = app
        self.port = 0
        self._server = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._server = make_server("127.0.0.1", self.port, WholeFiles(self.app), threaded=True)
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None


@pytest.fixture
def server(app) -> Iterator[LiveServer]:
    live = LiveServer(app)
    live.start()
    yield live
    live.stop()


@pytest.fixture
def live_server(server: LiveServer) -> str:
    return server.url


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh browser context; console errors (CSP violations included) are collected."""
    context = browser.new_context(locale="id-ID")
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))
    yield tab
    context.close()


def log_in(browser, url: str, email: str, **context_options):
    """A newsroom member signed in, in a browser context of their own; YouTube's image
    host is cut off, as on a machine without internet."""
    options = {"locale": "id-ID", "viewport": {"width": 1600, "height": 1000}} | context_options
    context = browser.new_context(**options)
    page = context.new_page()
    page.route("**/*ytimg.com/**", lambda route: route.abort())
    page.goto(f"{url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{url}/admin/")
    return page


def type_in_editor(page, text: str) -> None:
    page.frame_locator("#body_ifr").locator("body").click()
    page.keyboard.type(text)
