"""Plugins keep to the public API: the core through ``cms.api``, other plugins through
their ``api`` module, and every name those modules declare is documented.

Every module of every plugin is read (not imported) with ``ast``, imports inside
functions included, so a plugin that reaches past the API fails here with the file,
the line and what to import instead.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILT_IN = ROOT / "plugins"
EXAMPLE = ROOT / "examples" / "warta-agenda"

#: The core's public API, and what a plugin's own tests may use besides.
CORE_API = "cms.api"
CORE_TESTING = "cms.testing"
#: Modules that declare what others may use: the core's, and each plugin's that has one.
API_MODULES = ["cms.api", *sorted(
    f"plugins.{path.parent.name}.api" for path in BUILT_IN.glob("*/api.py"))]


@dataclass(frozen=True)
class PluginCode:
    """One plugin's source: where it lives and the package name its own imports use."""

    name: str
    package: str
    folders: tuple[Path, ...]

    def modules(self) -> list[Path]:
        return sorted(path for folder in self.folders for path in folder.rglob("*.py"))


def plugins() -> list[PluginCode]:
    found = [PluginCode(path.name, f"plugins.{path.name}", (path,))
             for path in sorted(BUILT_IN.iterdir()) if (path / "__init__.py").exists()]
    found.append(PluginCode("warta_agenda", "warta_agenda",
                            (EXAMPLE / "warta_agenda", EXAMPLE / "tests")))
    return found


def is_test_code(path: Path) -> bool:
    return "tests" in path.parts or path.name.startswith("test_") or path.name == "conftest.py"


def imports(node: ast.Import | ast.ImportFrom) -> list[tuple[str, list[str]]]:
    """``(module, names)`` for each module an import statement reaches.

    ``from cms.extensions import db`` reaches ``cms.extensions`` for ``db``; ``from cms
    import api`` and ``from plugins.articles import api`` reach the module named after
    ``import``. Relative imports stay inside the plugin.
    """
    if isinstance(node, ast.Import):
        return [(alias.name, []) for alias in node.names]
    if node.level or node.module is None:
        return []
    parts = node.module.split(".")
    if parts[0] in ("cms", "plugins") and len(parts) <= (1 if parts[0] == "cms" else 2):
        return [(f"{node.module}.{alias.name}", []) for alias in node.names]
    return [(node.module, [alias.name for alias in node.names])]


def _api_of(module: str) -> str | None:
    """The API module that replaces ``module``: ``cms.api`` or ``plugins.<name>.api``."""
    parts = module.split(".")
    if parts[0] == "cms":
        return CORE_API
    if parts[0] == "plugins" and len(parts) > 1:
        return f"plugins.{parts[1]}.api"
    return None


def _instead(api: str, names: list[str]) -> str:
    """What to write instead, naming what the API lacks (it grows when a plugin needs it)."""
    if not names:
        return f"use {api}"
    declared = set(getattr(importlib.import_module(api), "__all__", ())) if (
        ROOT / (api.replace(".", "/") + ".py")).exists() else set()
    has = [name for name in names if name in declared]
    lacks = [name for name in names if name not in declared]
    advice = [f"write from {api} import {', '.join(has)}"] if has else []
    if lacks:
        advice.append(f"{api} has no {', '.join(lacks)}: add it there if plugins need it")
    return "; ".join(advice)


def check(plugin: PluginCode, path: Path, module: str, names: list[str]) -> str | None:
    """``None`` when ``module`` may be imported here, else what to do instead."""
    allowed = {CORE_API} | ({CORE_TESTING} if is_test_code(path) else set())
    if module in allowed or module.startswith(tuple(f"{name}." for name in allowed)):
        return None
    own = plugin.package
    if module == own or module.startswith(f"{own}."):
        return None
    api = _api_of(module)
    if api is None or module == api:
        return None
    return _instead(api, names)


def violations(plugin: PluginCode) -> list[str]:
    found = []
    for path in plugin.modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for module, names in imports(node):
                advice = check(plugin, path, module, names)
                if advice is not None:
                    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                    found.append(f"{where}:{node.lineno}: imports {module}; {advice}")
    return found


@pytest.mark.parametrize("plugin", plugins(), ids=lambda plugin: plugin.name)
def test_a_plugin_imports_the_core_and_other_plugins_only_through_their_api(plugin):
    found = violations(plugin)
    assert not found, "\n".join(found)


def _documented(module, name: str) -> bool:
    value = getattr(module, name)
    if inspect.isclass(value):
        own = value.__dict__.get("__doc__")
    elif inspect.isfunction(value) or inspect.isbuiltin(value):
        own = value.__doc__
    else:  # an object or a constant: documented by a ``#:`` comment or the module's text
        own = None
    mentioned = f"``{name}``" in (module.__doc__ or "")
    lines = inspect.getsource(module).splitlines()
    commented = any(line.startswith("#:") and following.startswith(f"{name} =")
                    for line, following in zip(lines, lines[1:], strict=False))
    return bool(own and own.strip()) or mentioned or commented


@pytest.mark.parametrize("module_name", API_MODULES)
def test_every_name_an_api_declares_exists_and_is_documented(module_name):
    module = importlib.import_module(module_name)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing, f"{module_name}.__all__ names what it does not define: {missing}"
    undocumented = [name for name in module.__all__ if not _documented(module, name)]
    assert not undocumented, (
        f"{module_name}: give these a docstring, a '#:' comment above their assignment, or "
        f"a ``name`` mention in the module docstring: {undocumented}")


def test_the_check_sees_imports_inside_functions_and_names_the_alternative(tmp_path):
    package = tmp_path / "sample"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from plugins.articles.api import Article\n"
        "from sample import helpers\n"
        "\n"
        "def setup():\n"
        "    from cms.extensions import db\n"
        "    from plugins.articles.models import Article, Revision\n"
        "    import plugins.youtube.videos\n", encoding="utf-8")
    found = violations(PluginCode("sample", "sample", (package,)))
    assert [line.split(": ", 1)[1] for line in found] == [
        "imports cms.extensions; write from cms.api import db",
        "imports plugins.articles.models; write from plugins.articles.api import Article; "
        "plugins.articles.api has no Revision: add it there if plugins need it",
        "imports plugins.youtube.videos; use plugins.youtube.api",
    ]
    assert [line.split(":")[1] for line in found] == ["5", "6", "7"]
