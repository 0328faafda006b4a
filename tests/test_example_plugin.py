"""The example partner plugin's whole life: pip install, entry point, migrate, render,
disable, enable, uninstall while still enabled — the site keeps serving throughout; and
its own tests, the way a partner's CI runs them, catch a change readers would not see."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import cms as cms_package
from tests.test_cli import cms
from tests.test_scaffold import PYTHON, fetch, installed, serve  # noqa: F401  (fixture)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "warta-agenda"
# The Warta under test, first on the path of a partner's test run (a worktree, not only
# the checkout the virtual environment was installed from).
WARTA_ROOT = Path(cms_package.__file__).resolve().parent.parent


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
    assert "agenda" in listing and "1.0.0" in listing and "aktif" in listing
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


def copy_of_example(folder: Path, *, invalidates: bool) -> Path:
    """The example plugin as a partner's checkout, importable with its entry point as if
    pip-installed (a ``.dist-info`` next to the package) without touching the shared
    environment; ``invalidates=False`` removes the one call that empties the page cache."""
    copy = folder / "warta-agenda"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    if not invalidates:
        services = copy / "warta_agenda" / "services.py"
        text = services.read_text(encoding="utf-8")
        assert "    invalidate()\n" in text, "the example no longer invalidates where expected"
        services.write_text(text.replace("    invalidate()\n", ""), encoding="utf-8")
    metadata = copy / "warta_agenda-1.0.0.dist-info"
    metadata.mkdir()
    (metadata / "METADATA").write_text("Metadata-Version: 2.1\nName: warta-agenda\n"
                                       "Version: 1.0.0\n", encoding="utf-8")
    (metadata / "entry_points.txt").write_text("[cms.plugins]\nagenda = warta_agenda\n",
                                               encoding="utf-8")
    return copy


@pytest.mark.parametrize("invalidates", [True, False], ids=["fixed", "forgets-invalidate"])
def test_partner_tests_catch_a_change_readers_do_not_see(tmp_path, invalidates):
    copy = copy_of_example(tmp_path, invalidates=invalidates)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}
    env["PYTHONPATH"] = str(WARTA_ROOT)
    run = subprocess.run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "-k", "readers_see_a_new_event"], cwd=copy, env=env,
                         capture_output=True, text=True, timeout=300)
    report = run.stdout + run.stderr
    if invalidates:
        assert run.returncode == 0, report
        assert "2 passed" in report
    else:
        assert run.returncode == 1, report
        assert "2 failed" in report
        assert "call cms.api.invalidate() after the change is committed" in report
