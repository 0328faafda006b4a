"""The plugin starts after the newsroom, fails alone without it, and migrates its tables."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cms.dbmigrate import include_object_for
from cms.extensions import db
from cms.pluginmanager import get_manager
from tests.conftest import CmsRunner

TABLES = {"redaksi_correction", "redaksi_verification", "redaksi_withdrawal", "redaksi_audit"}


def test_plugin_loads_after_articles_and_pages(app):
    manager = get_manager(app)
    record = manager.records["redaksi"]
    assert record.status.value == "loaded", record.error
    assert record.plugin.requires_plugins == ("articles",)
    assert record.plugin.uses_plugins == ("pages",)
    order = manager.start_order
    assert order.index("articles") < order.index("pages") < order.index("redaksi")


def test_without_articles_the_plugin_fails_alone(make_app):
    app = make_app(PLUGINS=["redaksi"])
    record = get_manager(app).records["redaksi"]
    assert record.status.value == "failed"
    assert "requires plugin 'articles'" in record.error
    assert app.test_client().get("/").status_code == 200


def test_without_pages_the_masthead_still_works(make_app):
    app = make_app(PLUGINS=["articles", "redaksi"])
    page = app.test_client().get("/redaksi/boks")
    assert page.status_code == 200 and "pedoman-media-siber" not in page.get_data(as_text=True)


def test_db_upgrade_creates_the_tables_as_the_models_say(make_app):
    app = make_app(create_tables=False, TEST_EXTRA_TABLES=[
        "articles_alembic_version", "pages_alembic_version", "redaksi_alembic_version"])
    result = CmsRunner(app).invoke(["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "redaksi" in result.output
    with app.app_context(), db.engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names()) >= TABLES
        context = MigrationContext.configure(connection, opts={
            "include_object": include_object_for("redaksi_"), "compare_type": True})
        assert compare_metadata(context, db.metadata) == []
        version = connection.execute(sa.text("SELECT version_num FROM redaksi_alembic_version"))
        assert version.scalar() == "redaksi0001"
