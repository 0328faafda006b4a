"""Find, check, order and start plugins, keeping a site up when one of them fails.

Discovery: folders with an ``__init__.py`` in ``plugins/`` (imported as
``plugins.<name>``) and the entry-point group :data:`ENTRY_POINT_GROUP`. Every failure
(import error, wrong type, bad manifest, missing dependency, exception in ``setup``) is
recorded on the plugin's :class:`PluginRecord` and shown to admins; the site starts
without that plugin and the plugins that require it.
"""

from __future__ import annotations

import enum
import graphlib
import importlib
import logging
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version
from sqlalchemy import select
from sqlalchemy.exc import OperationalError, ProgrammingError

import cms
import plugins as plugins_package
from cms import hooks, hookspecs, plugin_settings, slots
from cms.extensions import db
from cms.models import PluginState
from cms.plugin import AdminMenuItem, Plugin, SetupContext, table_names
from cms.sanitize import BASE_POLICY, widen_with

logger = logging.getLogger(__name__)

#: The entry-point group a pip-installed plugin registers under.
ENTRY_POINT_GROUP = "cms.plugins"
#: Plugins that ship with Warta; the only ones ``WARTA_SAFE_MODE=1`` loads.
BUILTIN_PLUGINS = frozenset({"articles", "pages", "advertorial", "youtube", "search", "redaksi",
                             "wordpress", "api"})
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
#: What a plugin may throw while loading; all of it fails the plugin, not the site.
PLUGIN_FAILURES = (Exception, SystemExit)


class PluginError(Exception):
    """A plugin cannot load; the message says why and what to do."""


class Status(enum.StrEnum):
    LOADED = "loaded"
    DISABLED = "disabled"
    FAILED = "failed"


@dataclass
class PluginRecord:
    """What the site knows of one discovered plugin, loaded or not."""

    name: str
    source: str
    plugin: Plugin | None = None
    status: Status = Status.DISABLED
    enabled: bool = False
    error: str | None = None
    traceback: str | None = None
    migrations: Path | None = None
    settings: Any = None
    builtin: bool = False
    loader: Any = field(default=None, repr=False)

    def fail(self, message: str, with_traceback: bool = False) -> None:
        self.status = Status.FAILED
        self.error = message
        self.traceback = traceback.format_exc() if with_traceback else None
        logger.error("plugin %s failed: %s", self.name, message)


class PluginManager:
    """One per application, kept in ``app.extensions["warta.plugins"]``."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        #: The site's pluggy manager (:mod:`cms.hooks` registers and calls through it).
        self.hooks = hooks.registry(app)
        self.records: dict[str, PluginRecord] = {}
        self.admin_menu: list[AdminMenuItem] = []
        self.template_folders: dict[str, Path] = {}
        self.start_order: list[str] = []

    # discovery -------------------------------------------------------------------
    def discover(self) -> None:
        safe_mode = self.app.config["SAFE_MODE"]
        for record in self._folder_candidates():
            self._add_candidate(record)
        if not safe_mode:
            for ep in entry_points(group=ENTRY_POINT_GROUP):
                dist = ep.dist.name if ep.dist else "?"
                self._add_candidate(
                    PluginRecord(ep.name, f"entry point {ep.value} ({dist})", loader=ep.load)
                )
        allowed = self.app.config["PLUGINS"]
        for record in self.records.values():
            if safe_mode and not record.builtin:
                record.error = "not loaded: safe mode runs only the built-in plugins"
                record.loader = None
            elif allowed is not None and record.name not in allowed:
                record.error = "not loaded: left out by the PLUGINS setting"
                record.loader = None

    def _folder_candidates(self) -> Iterator[PluginRecord]:
        main = Path(self.app.config["PLUGINS_FOLDER"]).resolve()
        folders = [main] + [Path(f).resolve() for f in self.app.config["EXTRA_PLUGIN_FOLDERS"]]
        for folder in folders:
            if str(folder) not in plugins_package.__path__:
                plugins_package.__path__.append(str(folder))
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if (path / "__init__.py").is_file():
                    module = f"{plugins_package.__name__}.{path.name}"
                    record = PluginRecord(
                        path.name, f"folder {path}", loader=_module_loader(module)
                    )
                    record.builtin = folder == main and path.name in BUILTIN_PLUGINS
                    yield record

    def _add_candidate(self, record: PluginRecord) -> None:
        existing = self.records.get(record.name)
        if existing is not None:
            existing.fail(
                f"two plugins are named {record.name!r}: {existing.source} and "
                f"{record.source}; remove or rename one of them"
            )
            existing.loader = None
            return
        self.records[record.name] = record

    # loading --------------------------------------------------------------------
    def load(self) -> None:
        for record in self.records.values():
            if record.loader is not None:
                self._import(record)
        states = self.stored_states()
        for record in self.records.values():
            if record.plugin is not None:
                record.enabled = states.get(record.name, record.plugin.default_enabled)
        for name in self._dependency_order():
            record = self.records[name]
            if record.status is not Status.FAILED and record.enabled:
                self._start(record)

    def _import(self, record: PluginRecord) -> None:
        try:
            loaded = record.loader()
        except PLUGIN_FAILURES as exc:
            record.fail(f"import failed: {describe(exc)}", with_traceback=True)
            return
        plugin = getattr(loaded, "plugin", loaded)
        if not isinstance(plugin, Plugin):
            record.fail(
                f"expected `plugin`, an instance of cms.plugin.Plugin, got {type(plugin).__name__}"
            )
            return
        try:
            check_manifest(plugin, record.name)
        except PluginError as exc:
            record.fail(str(exc))
            return
        record.plugin = plugin

    def stored_states(self) -> dict[str, bool]:
        """The on/off choices saved for this site (applied at the next start)."""
        try:
            rows = db.session.scalars(select(PluginState)).all()
        except (OperationalError, ProgrammingError):
            db.session.rollback()  # not migrated yet: every plugin keeps its default
            return {}
        return {row.name: row.enabled for row in rows}

    def _dependency_order(self) -> list[str]:
        graph = graphlib.TopologicalSorter()
        for record in self.records.values():
            plugin = record.plugin
            if plugin is None or record.status is Status.FAILED:
                continue
            optional = [n for n in plugin.uses_plugins if n in self.records]
            graph.add(record.name, *plugin.requires_plugins, *optional)
        try:
            return [name for name in graph.static_order() if name in self.records]
        except graphlib.CycleError as exc:
            cycle = exc.args[1]
            for name in set(cycle):
                if name in self.records:
                    self.records[name].fail(
                        "plugins require each other in a cycle: " + " → ".join(cycle)
                    )
            return self._dependency_order()

    def _start(self, record: PluginRecord) -> None:
        plugin = record.plugin
        for dependency in plugin.requires_plugins:
            dep = self.records.get(dependency)
            if dep is None or dep.status is not Status.LOADED:
                state = "not installed" if dep is None else dep.status.value
                record.fail(
                    f"requires plugin {dependency!r}, which is {state}; "
                    f"install and enable it, or disable {record.name!r}"
                )
                return
        ctx = SetupContext(plugin)
        registered = False
        try:
            plugin.setup(ctx)
            self._check_declarations(ctx)
            _check_allowlist(plugin)
            for module in ctx.hookspecs:
                hooks.add_specs(self.app, module)
            hooks.register(self.app, plugin, record.name)
            registered = True
            self.hooks.check_pending()
            self._apply(record, ctx)
        except PLUGIN_FAILURES as exc:
            if registered:
                hooks.unregister(self.app, record.name)
            record.fail(f"setup failed: {describe(exc)}", with_traceback=True)
            return
        record.status = Status.LOADED
        record.error = None
        self.start_order.append(record.name)

    def _check_declarations(self, ctx: SetupContext) -> None:
        prefix = f"{ctx.plugin.name}_"
        for module in ctx.hookspecs:
            for name in vars(module):
                marked = getattr(getattr(module, name), f"{hookspecs.PROJECT_NAME}_spec", None)
                if marked is not None and not name.startswith(prefix):
                    raise PluginError(f"hook {name!r} must start with {prefix!r}")
        for table in table_names(ctx.models):
            if not table.startswith(prefix):
                raise PluginError(f"table {table!r} must start with {prefix!r}")
        for name, _render in ctx.slots:
            slots.check_slot_name(name)
        names = [options.get("name", blueprint.name) for blueprint, options in ctx.blueprints]
        for name in names:
            if name in self.app.blueprints or names.count(name) > 1:
                raise PluginError(f"a blueprint named {name!r} already exists; rename it")

    def _apply(self, record: PluginRecord, ctx: SetupContext) -> None:
        app = self.app
        for blueprint, options in ctx.blueprints:
            app.register_blueprint(blueprint, **options)
        for name, render in ctx.slots:
            slots.add_contribution(app, name, slots.SlotContribution(record.name, render))
        for command in ctx.commands:
            app.cli.add_command(command)
        for name, value in ctx.template_globals.items():
            app.add_template_global(value, name)
        for name, func in ctx.template_filters.items():
            app.add_template_filter(func, name)
        self.admin_menu.extend(ctx.admin_menu)
        templates = record.plugin.root_path / "templates"
        if templates.is_dir():
            self.template_folders[record.name] = templates
        default_migrations = record.plugin.root_path / "migrations"
        record.migrations = ctx.migrations or (
            default_migrations if default_migrations.is_dir() else None
        )
        record.settings = ctx.settings

    # queries --------------------------------------------------------------------
    def loaded(self) -> list[PluginRecord]:
        """Loaded plugins in the order they started (dependencies first)."""
        return [self.records[name] for name in self.start_order]

    def is_loaded(self, name: str) -> bool:
        record = self.records.get(name)
        return record is not None and record.status is Status.LOADED

    def sanitizer_allowlists(self) -> list[dict[str, Any]]:
        """What plugins add to the HTML allowlist (each checked when the plugin started)."""
        return [a for a in hooks.call(self.app, "warta_sanitizer_allowlist", critical=True) if a]

    def versions(self) -> list[str]:
        """``name:version`` of each loaded plugin: what the page cache keys are made of."""
        return [f"{r.name}:{r.plugin.version}" for r in self.loaded()]

    def settings_defaults(self) -> dict[str, dict[str, Any]]:
        """The defaults each loaded plugin declared for its settings form."""
        return {r.name: dict(r.settings.defaults) for r in self.loaded() if r.settings}

    def app_ready(self, app: Flask) -> None:
        """Tell each plugin the site is up; a failure is shown to admins, not fatal."""

        def failed(name: str, exc: Exception) -> None:
            self.records[name].error = f"warta_app_ready failed: {describe(exc)}"
            logger.error("plugin %s failed in warta_app_ready", name, exc_info=exc)

        hooks.call(app, "warta_app_ready", failed=failed, app=app)


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _check_manifest_types(plugin: Plugin) -> None:
    for attribute in ("name", "version", "requires_cms", "title", "description"):
        if not isinstance(getattr(plugin, attribute), str):
            raise PluginError(f"bad manifest: {attribute} must be a string")
    for attribute in ("requires_plugins", "uses_plugins"):
        value = getattr(plugin, attribute)
        if not isinstance(value, tuple | list) or not all(isinstance(v, str) for v in value):
            raise PluginError(
                f"bad manifest: {attribute} must be a tuple of plugin names, e.g. ('articles',)"
            )


def check_manifest(plugin: Plugin, expected_name: str) -> None:
    """Raise :class:`PluginError` naming the first thing wrong with ``plugin``'s manifest."""
    _check_manifest_types(plugin)
    if not NAME_PATTERN.match(plugin.name or ""):
        raise PluginError(
            f"bad manifest: name {plugin.name!r} must be 2-40 lower-case letters, digits or _"
        )
    if plugin.name != expected_name:
        raise PluginError(
            f"bad manifest: plugin calls itself {plugin.name!r} but is installed as "
            f"{expected_name!r}; the two must match"
        )
    try:
        Version(plugin.version)
    except InvalidVersion:
        raise PluginError(f"bad manifest: version {plugin.version!r} is not PEP 440") from None
    try:
        spec = SpecifierSet(plugin.requires_cms)
    except InvalidSpecifier:
        raise PluginError(
            f"bad manifest: requires_cms {plugin.requires_cms!r} is not a version specifier "
            "such as '>=0.1,<1'"
        ) from None
    if not spec.contains(cms.__version__, prereleases=True):
        raise PluginError(
            f"needs Warta {plugin.requires_cms}, but this is Warta {cms.__version__}; "
            "upgrade the plugin or Warta"
        )


def _check_allowlist(plugin: Plugin) -> None:
    request = getattr(plugin, "warta_sanitizer_allowlist", None)
    if request is None:
        return
    allowlist = request() or {}
    if not isinstance(allowlist, dict):
        raise PluginError("warta_sanitizer_allowlist must return a dict")
    try:
        widen_with(BASE_POLICY, allowlist)
    except (TypeError, ValueError) as exc:
        raise PluginError(f"unsafe sanitizer allowlist: {exc}") from None


def set_plugin_enabled(name: str, enabled: bool) -> None:
    """Store the site's choice; the plugin starts or stops at the next start or reload."""
    state = db.session.get(PluginState, name) or PluginState(name=name)
    state.enabled = enabled
    db.session.add(state)
    db.session.commit()


def _module_loader(module: str):
    def load() -> Any:
        return importlib.import_module(module)

    return load


def get_manager(app: Flask | None = None) -> PluginManager:
    return (app or current_app).extensions["warta.plugins"]


def is_plugin_loaded(name: str) -> bool:
    """Whether plugin ``name`` is installed, enabled and started on this site.

    For a feature that works better beside another plugin (``uses_plugins``) but must not
    fail without it.
    """
    return get_manager().is_loaded(name)


def init_app(app: Flask) -> PluginManager:
    """Start the plugins; what later subsystems need of them, read it off the manager."""
    hooks.init_app(app)
    manager = PluginManager(app)
    app.extensions["warta.plugins"] = manager
    with app.app_context():
        manager.discover()
        manager.load()
    plugin_settings.init_app(app, manager.settings_defaults())
    app.context_processor(_plugin_template_context)
    return manager


def _plugin_template_context() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for names in hooks.call_hook("warta_template_context"):
        if isinstance(names, dict):
            merged.update(names)
    return merged
