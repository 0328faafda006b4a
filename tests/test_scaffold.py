"""From `cms plugins new hello` to the plugin's page on a running site, as docs/plugins.md
tells a new partner to do it (pip-installed, discovered through its entry point)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cms.scaffold import new_plugin
from tests.test_cli import CMS, cms, free_port

PYTHON = sys.executable


def pip(*args: str) -> None:
    subprocess.run([PYTHON, "-m", "pip", "-q", "--disable-pip-version-check", *args],
                   check=True, capture_output=True, timeout=600)


@pytest.fixture
def installed(tmp_path: Path):
    """Install a package directory with pip -e for one test, and always remove it again."""
    names: list[str] = []

    def install(folder: Path, distribution: str) -> None:
        names.append(distribution)
        pip("install", "--no-deps", "-e", str(folder))

    yield install
    installed_now = subprocess.run([PYTHON, "-m", "pip", "list", "--format=freeze"],
                                   capture_output=True, text=True).stdout.lower()
    for distribution in names:
        if f"{distribution}==" in installed_now:
            pip("uninstall", "-y", distribution)


def serve(instance: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}
    env["WARTA_INSTANCE"] = str(instance)
    server = subprocess.Popen([CMS, "run", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/").close()
            return server, base
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                server.terminate()
                raise
            time.sleep(0.2)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_new_plugin_from_scaffold_to_a_rendered_page(tmp_path, installed):
    made = subprocess.run([CMS, "plugins", "new", "hello", "--dir", str(tmp_path)],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    package = tmp_path / "warta-hello"
    assert (package / "pyproject.toml").is_file()
    installed(package, "warta-hello")

    own_tests = subprocess.run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                               cwd=package, capture_output=True, text=True, timeout=300)
    assert own_tests.returncode == 0, own_tests.stdout + own_tests.stderr
    assert "3 passed" in own_tests.stdout

    instance = tmp_path / "situs"
    assert cms(instance, "init").returncode == 0
    assert "hello" in cms(instance, "db", "upgrade").stdout
    listing = cms(instance, "plugins", "list").stdout
    assert "hello" in listing and "aktif" in listing
    server, base = serve(instance)
    try:
        status, body = fetch(f"{base}/hello/")
        assert status == 200 and "Halo dari Hello!" in body
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("name", ["Hello", "1plugin", "x", "halo-dunia", "a" * 50])
def test_bad_plugin_names_are_refused(tmp_path, name):
    result = subprocess.run([CMS, "plugins", "new", name, "--dir", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "is not a plugin name" in result.stderr
    assert "Traceback" not in result.stderr


def test_existing_folder_is_not_overwritten(tmp_path):
    (tmp_path / "warta-hello").mkdir()
    result = subprocess.run([CMS, "plugins", "new", "hello", "--dir", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "already exists" in result.stderr


def core_modules_imported(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.split(".")[0] == "cms"}


def test_new_plugin_imports_the_core_only_through_its_public_api(tmp_path):
    """Partners start from this package: it must show the rule, cms.api in the plugin and
    cms.testing in its tests, and nothing else of the core."""
    package = new_plugin("hello", tmp_path)
    reached = set().union(*(core_modules_imported(f) for f in package.rglob("*.py")))
    assert reached == {"cms.api", "cms.testing"}
