"""The example partner plugin's whole life: pip install, entry point, migrate, render,
disable, enable, uninstall while still enabled — the site keeps serving throughout."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.test_cli import cms
from tests.test_scaffold import PYTHON, fetch, installed, serve  # noqa: F401  (fixture)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "warta-agenda"


def running(instance: Path):
    server, base = serve(instance)
    return server, base


def stop(server) -> None:
    server.terminate()
    server.wait(timeout=10)


def page_status(instance: Path, path: str) -> tuple[int, int]:
    """(status of the path, status of the home page) on a freshly started server."""
    server, base = running(instance)
    try:
        return fetch(f"{base}{path}")[0], fetch(f"{base}/")[0]
    finally:
        stop(server)


def test_example_plugin_life_cycle(tmp_path, installed):  # noqa: F811
    instance = tmp_path / "situs"
    assert cms(instance, "init").returncode == 0
    installed(EXAMPLE, "warta-agenda")

    listing = cms(instance, "plugins", "list").stdout
    assert "agenda" in listing and "1.0.0" in listing and "loaded" in listing
    assert "agenda" in cms(instance, "db", "upgrade").stdout
    assert page_status(instance, "/agenda/") == (200, 200)

    own_tests = subprocess.run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                               cwd=EXAMPLE, capture_output=True, text=True, timeout=300)
    assert own_tests.returncode == 0, own_tests.stdout + own_tests.stderr

    assert cms(instance, "plugins", "disable", "agenda").returncode == 0
    assert page_status(instance, "/agenda/") == (404, 200)
    assert cms(instance, "plugins", "enable", "agenda").returncode == 0
    assert page_status(instance, "/agenda/") == (200, 200)

    subprocess.run([PYTHON, "-m", "pip", "uninstall", "-q", "-y", "warta-agenda"], check=True,
                   capture_output=True)
    # Still marked enabled in the database, but gone: the site starts and serves without it.
    assert page_status(instance, "/agenda/") == (404, 200)
    assert "agenda" not in cms(instance, "plugins", "list").stdout
