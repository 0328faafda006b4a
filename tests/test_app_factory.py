"""The application factory and the order in which configuration is layered."""

from __future__ import annotations

import ast
import graphlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import cms
from cms import create_app
from cms.config import ConfigurationError


def test_test_config_overrides_everything(instance_path, monkeypatch):
    (instance_path / "config.py").write_text("SITE_NAME = 'Dari Instance'\nSECRET_KEY = 'x'\n")
    monkeypatch.setenv("WARTA_SITE_NAME", "Dari Env")
    app = create_app({"SITE_NAME": "Dari Tes", "PLUGINS": []})
    assert app.config["SITE_NAME"] == "Dari Tes"


def test_environment_overrides_instance_file(instance_path, monkeypatch):
    (instance_path / "config.py").write_text("SITE_NAME = 'Dari Instance'\nSECRET_KEY = 'x'\n")
    monkeypatch.setenv("WARTA_SITE_NAME", "Dari Env")
    app = create_app({"PLUGINS": []})
    assert app.config["SITE_NAME"] == "Dari Env"


def test_instance_file_overrides_defaults(instance_path):
    (instance_path / "config.py").write_text("SITE_NAME = 'Kabar Kediri'\nSECRET_KEY = 'x'\n")
    app = create_app({"PLUGINS": []})
    assert app.config["SITE_NAME"] == "Kabar Kediri"
    assert app.instance_path == str(instance_path)


def test_database_defaults_to_sqlite_in_instance(instance_path):
    app = create_app({"TESTING": True, "PLUGINS": []})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance_path}/warta.db"


def test_database_url_from_environment(instance_path, monkeypatch):
    monkeypatch.setenv("WARTA_DATABASE_URL", "postgresql+psycopg://db.local/warta")
    app = create_app({"TESTING": True, "PLUGINS": []})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db.local/warta"


def test_missing_secret_key_stops_start_with_the_fix(instance_path):
    with pytest.raises(ConfigurationError, match="cms init"):
        create_app({"PLUGINS": []})


def test_home_page_served_with_no_plugins(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Warta" in response.get_data(as_text=True)


def test_core_boots_with_no_plugins_loaded(app):
    from cms.pluginmanager import get_manager

    assert get_manager(app).loaded() == []


# The core's modules import each other in one direction: data a lower module needs is handed
# in at start-up, never fetched through an import inside a function. These two tests keep it
# so: a cycle closed by a function-level import breaks start-up as soon as someone moves that
# import to the top.
CORE = Path(cms.__file__).resolve().parent
#: Modules whose imports must all be at module level (the ones that once formed a circle,
#: and what replaced the imports inside their functions).
MODULE_LEVEL_ONLY = ("clock", "fragments", "hooks", "hookspecs", "pagecache", "plugin",
                     "plugin_settings", "pluginmanager", "settings", "slots", "themes",
                     "timedcache")


def core_modules() -> dict[str, Path]:
    """Every importable module of the core package, by dotted name."""
    found = {}
    for path in CORE.rglob("*.py"):
        folders = path.relative_to(CORE.parent).parent
        if all((CORE.parent / folders.parents[i] / folders.parts[-1 - i] / "__init__.py")
               .is_file() for i in range(len(folders.parts))):
            parts = path.relative_to(CORE.parent).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def runtime_imports(tree: ast.Module) -> Iterator[tuple[ast.AST, bool]]:
    """Each import run at run time, and whether it sits inside a function. Skips
    ``if TYPE_CHECKING:`` blocks and the app factory, which wires every subsystem."""

    def visit(node: ast.AST, in_function: bool) -> Iterator[tuple[ast.AST, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", "") == "TYPE_CHECKING":
                continue
            if isinstance(child, ast.FunctionDef) and child.name == "create_app":
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, in_function
            yield from visit(child, in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    return visit(tree, False)


def imported_core_modules(node: ast.AST, known: dict[str, Path]) -> set[str]:
    """The core modules an import statement loads, parent packages included."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        names = [node.module or ""]
        names += [f"{node.module}.{alias.name}" for alias in node.names]
    loaded = set()
    for name in names:
        parts = name.split(".")
        loaded |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
    return {name for name in loaded if name in known}


def test_the_core_imports_in_one_direction():
    known = core_modules()
    graph = graphlib.TopologicalSorter()
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node, _inside in runtime_imports(tree):
            # A package runs before its modules, so a module importing its package adds no edge.
            graph.add(name, *(target for target in imported_core_modules(node, known)
                              if not f"{name}.".startswith(f"{target}.")))
    try:
        graph.prepare()
    except graphlib.CycleError as exc:
        pytest.fail("core modules import each other in a circle: " + " → ".join(exc.args[1]))


@pytest.mark.parametrize("module", MODULE_LEVEL_ONLY)
def test_core_modules_import_at_module_level_only(module):
    tree = ast.parse((CORE / f"{module}.py").read_text(encoding="utf-8"))
    inside = [f"line {node.lineno}" for node, in_function in runtime_imports(tree)
              if in_function]
    assert not inside, f"cms/{module}.py imports inside a function ({', '.join(inside)}): " \
                       "hand the data in at init_app instead"
