"""Testing helpers for plugin authors: pytest fixtures and the plugin contract check.

In your plugin's ``tests/conftest.py``::

    pytest_plugins = ["cms.testing"]

    @pytest.fixture
    def warta_plugins():
        return ["hello"]          # the plugins the test site runs

then use ``warta_app``, ``warta_client`` and ``warta_login(role)`` in tests, call
:func:`check_plugin` once so your CI catches what would fail on a real site, and
:func:`assert_visible_to_readers` for each change your plugin lets editors make, so it
catches a change that readers would not see until the page cache expires.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pluggy
import pytest
from flask import Flask
from flask.testing import FlaskClient

from cms import hooks, hookspecs
from cms.api import invalidate
from cms.plugin import Plugin, SetupContext, table_names
from cms.pluginmanager import ENTRY_POINT_GROUP, PluginError, check_manifest

TEST_PASSWORD = "uji-plugin-Warta-2026!"


def _load(plugin: Plugin | str) -> Plugin:
    if isinstance(plugin, Plugin):
        return plugin
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == plugin:
            loaded = ep.load()
            return getattr(loaded, "plugin", loaded)
    return importlib.import_module(f"plugins.{plugin}").plugin


def _spec_modules(plugin: Plugin) -> list[Any]:
    """Core specs plus those of the plugins it builds on (they may offer hooks)."""
    modules = [hookspecs]
    for name in (*plugin.requires_plugins, *plugin.uses_plugins):
        try:
            modules.append(importlib.import_module(f"plugins.{name}.hookspecs"))
        except ImportError:
            continue
    return modules


def check_plugin(plugin: Plugin | str) -> list[str]:
    """Every way ``plugin`` would fail on a site: manifest, tables, templates, migrations,
    hooks. An empty list means it keeps the contract."""
    found = _load(plugin)
    problems: list[str] = []
    try:
        check_manifest(found, found.name)
    except PluginError as exc:
        return [str(exc)]
    ctx = SetupContext(found)
    try:
        found.setup(ctx)
    except Exception as exc:  # the check reports, it does not stop at the first failure
        return [f"setup raised {type(exc).__name__}: {exc}"]
    prefix = f"{found.name}_"
    problems += [f"table {t!r} must start with {prefix!r}" for t in table_names(ctx.models)
                 if not t.startswith(prefix)]
    problems += _template_problems(found)
    problems += _migration_problems(found, ctx)
    problems += _hook_problems(found)
    return problems


def _template_problems(plugin: Plugin) -> list[str]:
    """Templates are named ``plugins/<name>/…`` so themes can override them, nothing else."""
    wanted = f"plugins/{plugin.name}/"
    problems = []
    for source in plugin.root_path.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "render_template"
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and not str(node.args[0].value).startswith(wanted)):
                problems.append(f"{source.name}: template {node.args[0].value!r} must be "
                                f"named {wanted}…")
    return problems


def _migration_problems(plugin: Plugin, ctx: SetupContext) -> list[str]:
    from alembic.script import ScriptDirectory

    folder = ctx.migrations or (plugin.root_path / "migrations")
    if not Path(folder).is_dir():
        return [] if not ctx.models else ["the plugin has tables but no migrations folder"]
    script = ScriptDirectory(str(Path(__file__).resolve().parent / "plugin_migrations"),
                             version_locations=[str(folder)])
    heads = script.get_heads()
    if len(heads) != 1:
        return [f"migrations must have exactly one head, found {len(heads)}: {heads}"]
    return []


def _hook_problems(plugin: Plugin) -> list[str]:
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    for module in _spec_modules(plugin):
        manager.add_hookspecs(module)
    try:
        manager.register(plugin, name=plugin.name)
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        return [f"hooks do not match the specifications: {exc}"]
    return []


@pytest.fixture
def warta_plugins() -> list[str]:
    """Override in your conftest: the plugins the test site loads."""
    return []


@pytest.fixture
def warta_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              warta_plugins: list[str]) -> Iterator[Flask]:
    """A fresh site in a temporary instance with the plugins (and what they require).

    Its page and fragment caches are on, as on a live site: a reader's page is kept until
    something calls ``cms.api.invalidate``.
    """
    from cms import create_app
    from cms.extensions import db

    monkeypatch.setenv("WARTA_INSTANCE", str(tmp_path / "instance"))
    needed = list(dict.fromkeys(
        name for plugin in warta_plugins for name in (*_load(plugin).requires_plugins, plugin)))
    app = create_app({
        "TESTING": True, "SECRET_KEY": uuid.uuid4().hex, "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}",
        "PLUGINS": needed, "RATELIMIT_ENABLED": False, "CACHE_TYPE": "SimpleCache",
    })
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def warta_client(warta_app: Flask) -> FlaskClient:
    return warta_app.test_client()


@pytest.fixture
def warta_login(warta_app: Flask) -> Callable[[str], FlaskClient]:
    """``warta_login("editor")`` → a client logged in as a new user with that role."""

    def login(role: str = "editor") -> FlaskClient:
        from cms.auth.services import create_user

        email = f"{role}-{uuid.uuid4().hex[:6]}@example.com"
        with warta_app.app_context():
            create_user(email, f"Uji {role}", role, TEST_PASSWORD)
        client = warta_app.test_client()
        response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
        assert response.status_code == 302, "login failed"
        return client

    return login


def assert_visible_to_readers(app: Flask, change: Callable[[], Any], path: str,
                              expected: str) -> None:
    """Fail unless an anonymous reader sees ``expected`` at ``path`` right after ``change``.

    Live sites keep readers' pages in the page cache until something calls
    ``cms.api.invalidate()``; a plugin that forgets to call it after a change shows
    readers the old page until the cache expires. This check reads ``path`` as an
    anonymous reader first, so the old page is cached, then runs ``change`` (for example
    ``lambda: editor.post("/admin/agenda/", data=...)``) and reads ``path`` again::

        assert_visible_to_readers(warta_app, lambda: add_event(editor, "Rapat"),
                                  "/agenda/", "Rapat")

    :param app: a site with the page cache on, such as the ``warta_app`` fixture.
    :param change: what an editor or admin does; a response it returns must not be an error.
    :param path: a public page; one the page cache never keeps (``do_not_store``) passes.
    :param expected: text the page shows only once the change is made.
    """
    if not app.config["PAGE_CACHE"]:
        raise AssertionError("turn the page cache on (PAGE_CACHE=True, as the warta_app "
                             "fixture does): without it this check proves nothing")
    reader = app.test_client()
    before = reader.get(path)
    if before.status_code != 200 or expected in before.get_data(as_text=True):
        raise AssertionError(
            f"{path} must answer 200 without {expected!r} before the change "
            f"(it answered {before.status_code}): pick text only the change adds")
    answer = change()
    status = getattr(answer, "status_code", 200)
    if status >= 400:
        raise AssertionError(f"the change answered {status}, so nothing changed")
    if expected in reader.get(path).get_data(as_text=True):
        return
    with app.app_context():
        invalidate()
    if expected in reader.get(path).get_data(as_text=True):
        raise AssertionError(
            f"an anonymous reader of {path} still gets the page cached before the change: "
            "call cms.api.invalidate() after the change is committed")
    raise AssertionError(f"{path} does not show {expected!r} even with the cache emptied: "
                         "the change did not reach the page")


@contextlib.contextmanager
def register_temporarily(app: Flask, plugin: object, name: str | None = None) -> Iterator[object]:
    """Let ``plugin``'s ``@hookimpl`` methods answer ``app``'s hooks inside a ``with`` block.

    Wagtail's ``register_temporarily`` for Warta: a test adds an implementation for its own
    length without reaching into the plugin manager, and pluggy calls it exactly as it calls
    a started plugin's (in order, guarded, ``firstresult`` and wrappers honoured)::

        class Sponsor:
            @hookimpl
            def warta_sitemaps(self):
                return ["https://sponsor.example/sitemap.xml"]

        with register_temporarily(warta_app, Sponsor()):
            assert "sponsor.example" in warta_client.get("/robots.txt").text

    :param name: the plugin name failures are logged under (default: the class name).
    """
    name = name or type(plugin).__name__
    hooks.register(app, plugin, name)
    try:
        yield plugin
    finally:
        hooks.unregister(app, name)
