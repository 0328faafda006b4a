"""The api plugin's migration lineage makes exactly its models' tables."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cms.extensions import db
from tests.conftest import CmsRunner
from tests.test_migrations import include_object_for


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles", "api"]}


def test_the_api_lineage_matches_its_models(make_app):
    app = make_app(create_tables=False)
    result = CmsRunner(app).invoke(["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "api" in result.output
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "include_object": include_object_for("api_"), "compare_type": True})
        assert compare_metadata(context, db.metadata) == []
