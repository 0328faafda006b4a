"""Alembic environment of the core tables (used through Flask-Migrate)."""

from alembic import context

from cms.dbmigrate import run_environment

run_environment(context, plugin=None)
