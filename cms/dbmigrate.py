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


#: The name of the core's own migration lineage (a plugin's lineage is its name).
CORE_LINEAGE = "core"
# Where each process keeps the code's heads: the migration files never change under it.
_HEADS_KEY = "warta.migration_heads"


def core_config() -> Config:
    """The Alembic configuration of the core's migrations."""
    config = Config()
    config.set_main_option("script_location", str(CORE_MIGRATIONS))
    return config


def lineages(app: Flask) -> dict[str, Config]:
    """The Alembic configuration of the core and of every loaded plugin with migrations."""
    found = {CORE_LINEAGE: core_config()}
    for record in get_manager(app).loaded():
        if record.migrations is not None:
            found[record.name] = plugin_config(record)
    return found


def code_heads(app: Flask) -> dict[str, set[str]]:
    """Each lineage's newest revisions as the code has them, read once per process."""
    heads = app.extensions.get(_HEADS_KEY)
    if heads is None:
        heads = {name: set(ScriptDirectory.from_config(config).get_heads())
                 for name, config in lineages(app).items()}
        app.extensions[_HEADS_KEY] = heads
    return heads


def pending_migrations(app: Flask | None = None) -> list[str]:
    """The lineages (``core`` or a plugin's name) whose tables are behind the code: a
    plugin installed or upgraded since the last ``cms db upgrade`` fails until it runs."""
    app = app or current_app
    pending = []
    with db.engine.connect() as connection:
        for name, heads in code_heads(app).items():
            options = ({} if name == CORE_LINEAGE
                       else {"version_table": plugin_version_table(name)})
            current = MigrationContext.configure(connection, opts=options).get_current_heads()
            if set(current) != heads:
                pending.append(name)
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
