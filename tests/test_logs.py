"""Structured logs: one line per request with its id, errors with their traceback."""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import subprocess
from collections.abc import Iterator

import pytest

from cms import logs
from tests.test_cli import CMS, fresh_instance  # noqa: F401 - fixture


def fetch(client, path: str, **kwargs):
    """A request whose body has been read: the line is written once the answer is sent,
    as a WSGI server does (the test client, unlike a server, sends it only when asked)."""
    response = client.get(path, **kwargs)
    response.get_data()
    return response


@pytest.fixture
def lines(caplog: pytest.LogCaptureFixture) -> Iterator[list[dict]]:
    """The request lines as the JSON format writes them."""
    caplog.set_level(logging.INFO, logger=logs.REQUEST_LOGGER)
    formatter = logs.JsonFormatter()
    written: list[dict] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            logs.RequestIdFilter().filter(record)
            written.append(json.loads(formatter.format(record)))

    handler = Collect()
    logging.getLogger().addHandler(handler)
    yield written
    logging.getLogger().removeHandler(handler)


def test_each_request_is_one_json_line_with_its_id_echoed(client, lines):
    response = fetch(client, "/robots.txt", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    request_lines = [line for line in lines if line["logger"] == logs.REQUEST_LOGGER]
    assert len(request_lines) == 1
    line = request_lines[0]
    assert line["method"] == "GET" and line["path"] == "/robots.txt"
    assert line["status"] == response.status_code == 200
    assert line["remote_addr"] == "203.0.113.9"
    assert line["user_id"] is None
    assert isinstance(line["duration_ms"], float)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert response.headers["X-Request-ID"] == line["request_id"]
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])


def test_a_clients_own_request_id_is_not_taken(client, lines):
    response = fetch(client, "/robots.txt", headers={"X-Request-ID": "dibuat-sendiri-123"})
    assert response.headers["X-Request-ID"] != "dibuat-sendiri-123"


def test_the_trusted_proxys_request_id_and_address_are_taken(make_app, lines):
    app = make_app(PROXY_FIX=True, TRUSTED_PROXIES=["10.0.0.5"])
    headers = {"X-Request-ID": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
               "X-Forwarded-For": "198.51.100.7"}
    response = fetch(app.test_client(), "/robots.txt", headers=headers,
                                      environ_base={"REMOTE_ADDR": "10.0.0.5"})
    assert response.headers["X-Request-ID"] == headers["X-Request-ID"]
    line = next(line for line in lines if line["logger"] == logs.REQUEST_LOGGER)
    assert line["request_id"] == headers["X-Request-ID"]
    assert line["remote_addr"] == "198.51.100.7"


@pytest.mark.parametrize("given", ["pendek", "a" * 129, "<script>x</script>", "spasi di dalam 1"])
def test_a_malformed_proxy_request_id_is_replaced(make_app, lines, given):
    app = make_app(PROXY_FIX=True)
    response = fetch(app.test_client(), "/robots.txt", headers={"X-Request-ID": given})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_the_signed_in_users_id_is_logged(client, auth, editor, lines):
    auth.login(editor.email)
    fetch(client, "/admin/")
    line = [line for line in lines if line["logger"] == logs.REQUEST_LOGGER][-1]
    assert line["path"] == "/admin/" and line["status"] == 200
    assert line["user_id"] == editor.id


def test_an_error_is_logged_with_its_traceback_and_never_shown(make_app, lines):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def broken():
        raise RuntimeError("rahasia-di-dalam-traceback")

    app.add_url_rule("/rusak", "rusak", broken)
    response = fetch(app.test_client(), "/rusak")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "rahasia-di-dalam-traceback" not in page and "Traceback" not in page
    error = next(line for line in lines if line["level"] == "ERROR")
    assert "Traceback" in error["exc"] and "rahasia-di-dalam-traceback" in error["exc"]
    assert error["request_id"] == response.headers["X-Request-ID"]
    request_line = next(line for line in lines if line["logger"] == logs.REQUEST_LOGGER)
    assert request_line["status"] == 500


def test_pages_from_the_page_cache_are_logged_too(make_app, lines):
    app = make_app(PAGE_CACHE=True)
    client = app.test_client()
    first, second = fetch(client, "/robots.txt"), fetch(client, "/robots.txt")
    assert first.status_code == second.status_code == 200
    request_lines = [line for line in lines if line["logger"] == logs.REQUEST_LOGGER]
    assert len(request_lines) == 2
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


@pytest.fixture
def restore_root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name in (logs.REQUEST_LOGGER, "alembic"):
        logging.getLogger(name).setLevel(logging.NOTSET)


def test_json_format_writes_one_line_per_record_even_with_a_traceback(
        capsys, restore_root_logging):
    logs.configure("json", "INFO")
    try:
        raise ValueError("baris\npertama")
    except ValueError:
        logging.getLogger("cms.test").exception("gagal")
    written = capsys.readouterr().err.strip().splitlines()
    assert len(written) == 1
    entry = json.loads(written[0])
    assert entry["message"] == "gagal" and entry["level"] == "ERROR"
    assert "ValueError: baris\npertama" in entry["exc"]


def test_configuring_twice_never_writes_a_record_twice(capsys, restore_root_logging):
    logs.configure("text", "INFO")
    logs.configure("text", "INFO")
    logging.getLogger("cms.test").warning("sekali saja")
    assert capsys.readouterr().err.count("sekali saja") == 1


@pytest.mark.parametrize(("name", "value", "choices"), [
    ("LOG_FORMAT", "xml", "text, json"),
    ("LOG_LEVEL", "BERISIK", "DEBUG, INFO, WARNING, ERROR, CRITICAL"),
])
def test_the_cms_command_refuses_a_wrong_log_setting_in_one_line(
        fresh_instance, name, value, choices):  # noqa: F811
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}
    env |= {"WARTA_INSTANCE": str(fresh_instance), f"WARTA_{name}": value}
    result = subprocess.run([CMS, "--help"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert f"WARTA_{name} is {value!r}; choose one of: {choices}" in result.stderr
    assert "Traceback" not in result.stderr


def test_work_after_the_answer_runs_once_even_when_the_body_is_left_unread(app):
    """The server closes the answer once; a body it stopped reading (a client gone
    mid-page) and then dropped must not run what the page left for after the answer (the
    search index's writer) a second time, possibly after the site has shut down."""
    runs: list[str] = []

    @app.get("/selesai")
    def finished():
        response = app.response_class("selesai")
        response.call_on_close(lambda: runs.append("closed"))
        return response

    response = app.test_client().get("/selesai")
    response.close()
    del response
    gc.collect()
    assert runs == ["closed"]
