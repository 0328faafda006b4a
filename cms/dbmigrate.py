"""Schema migrations: the core's Alembic lineage plus one per plugin, each with its own
version table (``alembic_version`` for the core, ``<plugin>_alembic_version`` for a plugin).

Migrations run from the command line (``cms db upgrade``), never from web workers.
"""

from __future__ import annotations

from pathlib import Path

import flask_migrate
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app

from cms import models, pagecache
from cms.extensions import CORE_MIGRATIONS, db
from cms.pluginmanager import PluginRecord, get_manager

# Every table a model exported by cms.models declares: a new core table joins by export.
CORE_TABLES = frozenset(
    model.__table__.name for model in map(models.__dict__.get, models.__all__)
    if hasattr(model, "__table__")
)
PLUGIN_ENV = Path(__file__).resolve().parent / "plugin_migrations"


def plugin_version_table(plugin: str) -> str:
    return f"{plugin}_alembic_version"


def plugin_config(record: PluginRecord) -> Config:
    """An Alembic config for one plugin's lineage, sharing the core's environment script."""
    config = Config()
    config.set_main_option("script_location", str(PLUGIN_ENV))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(record.migrations))
    config.attributes["plugin"] = record.name
    return config


def upgrade_all(app: Flask | None = None) -> list[str]:
    """Bring the core and every loaded plugin to their newest schema; return what ran.

    Readers' pages cached before the upgrade were rendered without what it adds (a newly
    installed plugin's tables, say, so without its blocks): they are dropped with it.
    """
    app = app or current_app
    flask_migrate.upgrade(directory=str(CORE_MIGRATIONS))
    done = ["core"]
    for record in get_manager(app).loaded():
        if record.migrations is not None:
            command.upgrade(plugin_config(record), "heads")
            done.append(record.name)
    pagecache.invalidate()
    return done


def pending_plugins(app: Flask | None = None) -> list[str]:
    """Loaded plugins whose tables are behind their migrations: installed (or upgraded)
    since the last ``cms db upgrade``, so their pages and blocks fail until it runs."""
    app = app or current_app
    pending = []
    with db.engine.connect() as connection:
        for record in get_manager(app).loaded():
            if record.migrations is None:
                continue
            heads = set(ScriptDirectory.from_config(plugin_config(record)).get_heads())
            context = MigrationContext.configure(connection, opts={
                "version_table": plugin_version_table(record.name)})
            if set(context.get_current_heads()) != heads:
                pending.append(record.name)
    return pending


def include_object_for(prefix: str | None):
    """Alembic filter: the core sees only its tables, a plugin only ``<plugin>_*`` tables."""

    def include(obj, name, type_, reflected, compare_to) -> bool:
        if type_ != "table":
            return True
        if prefix is None:
            return name in CORE_TABLES
        return name.startswith(prefix) and name != plugin_version_table(prefix[:-1])

    return include


def run_environment(context, plugin: str | None) -> None:
    """Body of both ``env.py`` files: online migrations against the app's engine."""
    engine = db.engine
    options = {
        "target_metadata": db.metadata,
        "include_object": include_object_for(f"{plugin}_" if plugin else None),
        "render_as_batch": True,
        "compare_type": True,
    }
    if plugin:
        options["version_table"] = plugin_version_table(plugin)
    with engine.connect() as connection:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()
