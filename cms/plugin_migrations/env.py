"""Alembic environment shared by every plugin's migration lineage."""

from alembic import context

from cms.dbmigrate import run_environment

run_environment(context, plugin=context.config.attributes["plugin"])
