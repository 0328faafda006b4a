"""The base class every Warta plugin subclasses, and what ``setup`` may declare.

A plugin is a package that exposes ``plugin``, an instance of a :class:`Plugin`
subclass. Its manifest is the class attributes. ``setup(ctx)`` only *declares* what the
plugin adds; the plugin manager applies the declarations after ``setup`` returns, so a
plugin that fails half-way leaves nothing registered.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from cms.models import Role
from cms.slots import Stylesheet

if TYPE_CHECKING:
    import click
    from flask import Blueprint
    from flask_wtf import FlaskForm


class Plugin:
    """Subclass this and expose an instance as ``plugin`` in your package.

    :cvar name: identifier, lower case, also the prefix of the plugin's tables.
    :cvar version: the plugin's own version (PEP 440).
    :cvar title: shown to admins.
    :cvar description: one sentence shown to admins.
    :cvar requires_cms: PEP 440 specifier the core version must satisfy, e.g. ``">=0.1,<1"``.
    :cvar requires_plugins: plugins that must be enabled and loaded before this one.
    :cvar uses_plugins: plugins loaded before this one when present, but optional.
    :cvar default_enabled: whether a site that never switched it on or off runs it.
    """

    name: str = ""
    version: str = "0"
    title: str = ""
    description: str = ""
    requires_cms: str = ""
    requires_plugins: tuple[str, ...] = ()
    uses_plugins: tuple[str, ...] = ()
    default_enabled: bool = True

    def setup(self, ctx: SetupContext) -> None:
        """Declare blueprints, models, slots, menus, commands and settings on ``ctx``."""

    @property
    def root_path(self) -> Path:
        """The folder of the package that defines the plugin class."""
        module = sys.modules[type(self).__module__]
        return Path(module.__file__).resolve().parent


@dataclass(frozen=True)
class AdminMenuItem:
    label: str
    endpoint: str
    min_role: Role
    plugin: str | None = None


@dataclass(frozen=True)
class PluginSettings:
    form_class: type[FlaskForm]
    defaults: Mapping[str, Any]


@dataclass
class SetupContext:
    """Collects a plugin's declarations while its ``setup`` runs."""

    plugin: Plugin
    blueprints: list[tuple[Blueprint, dict[str, Any]]] = field(default_factory=list)
    models: list[type] = field(default_factory=list)
    slots: list[tuple[str, Callable[..., Any]]] = field(default_factory=list)
    admin_menu: list[AdminMenuItem] = field(default_factory=list)
    commands: list[click.Command] = field(default_factory=list)
    settings: PluginSettings | None = None
    migrations: Path | None = None
    template_globals: dict[str, Any] = field(default_factory=dict)
    template_filters: dict[str, Callable[..., Any]] = field(default_factory=dict)
    hookspecs: list[ModuleType] = field(default_factory=list)

    def add_blueprint(self, blueprint: Blueprint, **options: Any) -> None:
        """Register ``blueprint`` (``url_prefix=`` and other Flask options allowed)."""
        self.blueprints.append((blueprint, options))

    def add_models(self, *models: type) -> None:
        """Declare the plugin's SQLAlchemy models; their tables must start with ``<name>_``."""
        self.models.extend(models)

    def add_slot(self, name: str, render: Callable[..., Any]) -> None:
        """Contribute ``render(**context)`` to the template slot ``name`` (see ``cms.slots``)."""
        self.slots.append((name, render))

    def add_stylesheet(self, endpoint: str, filename: str,
                       pages: Iterable[str] | None = None) -> None:
        """Link the stylesheet ``url_for(endpoint, filename=filename)`` in every public
        page's ``head``, or only on the pages whose endpoints ``pages`` names."""
        self.slots.append(("head", Stylesheet(endpoint, filename, pages)))

    def add_admin_menu(self, label: str, endpoint: str, min_role: Role | None = None) -> None:
        """Add a newsroom menu entry shown to users of ``min_role`` or above (editor default)."""
        self.admin_menu.append(
            AdminMenuItem(label, endpoint, min_role or Role.EDITOR, self.plugin.name)
        )

    def add_cli(self, command: click.Command) -> None:
        """Add a ``click`` command or group to the ``cms`` command line."""
        self.commands.append(command)

    def add_settings(self, form_class: type[FlaskForm], defaults: Mapping[str, Any]) -> None:
        """Offer a settings form in the admin; ``defaults`` apply until an admin saves."""
        self.settings = PluginSettings(form_class, dict(defaults))

    def add_migrations(self, path: str | Path | None = None) -> None:
        """Declare the plugin's Alembic versions folder (default: ``<plugin>/migrations``)."""
        self.migrations = Path(path) if path else self.plugin.root_path / "migrations"

    def add_hookspecs(self, module: ModuleType) -> None:
        """Offer hooks of the plugin's own to the plugins that depend on it.

        Name them ``<plugin>_…`` and mark them with :data:`cms.hookspecs.hookspec`.
        """
        self.hookspecs.append(module)

    def add_template_global(self, name: str, value: Any) -> None:
        self.template_globals[name] = value

    def add_template_filter(self, name: str, func: Callable[..., Any]) -> None:
        self.template_filters[name] = func


def table_names(models: Iterable[type]) -> list[str]:
    return [model.__table__.name for model in models]
