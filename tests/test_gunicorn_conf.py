"""The shipped gunicorn.conf.py lets a long search address reach Warta's own 400 page."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.test_cli import free_port, fresh_instance, initialised  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_long_search_address_gets_wartas_message_not_gunicorns(initialised):  # noqa: F811
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}
    env |= {"WARTA_INSTANCE": str(initialised), "WARTA_WORKERS": "1",
            "WARTA_BIND": f"127.0.0.1:{port}"}
    server = subprocess.Popen([GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"),
                               "cms:create_app()"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/").close()
                break
            except urllib.error.URLError:
                assert server.poll() is None, "gunicorn exited"
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        query = "%C3%A9" * 1000  # 6,000 bytes: past gunicorn's default 4,094
        status, page = get(f"http://127.0.0.1:{port}/search?q={query}")
        assert status == 400
        assert "Kata kunci terlalu panjang" in page
        assert "URI Too Long" not in page
    finally:
        server.terminate()
        server.wait(timeout=20)
