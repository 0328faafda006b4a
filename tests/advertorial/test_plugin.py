"""The plugin starts after articles, keeps the plugin contract, and migrates as modelled."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cms.dbmigrate import include_object_for
from cms.extensions import db
from cms.pluginmanager import get_manager
from cms.testing import check_plugin
from tests.conftest import CmsRunner


def test_plugin_loads_after_articles(app):
    manager = get_manager(app)
    record = manager.records["advertorial"]
    assert record.status.value == "loaded", record.error
    assert record.plugin.title == "Advertorial"
    assert record.plugin.requires_plugins == ("articles",)
    assert manager.start_order.index("articles") < manager.start_order.index("advertorial")


def test_plugin_keeps_the_contract():
    assert check_plugin("advertorial") == []


def test_without_articles_the_plugin_fails_alone(make_app):
    app = make_app(PLUGINS=["advertorial"])
    record = get_manager(app).records["advertorial"]
    assert record.status.value == "failed"
    assert "requires plugin 'articles'" in record.error
    assert app.test_client().get("/").status_code == 200


def test_db_upgrade_creates_the_tables_as_the_models_say(make_app):
    app = make_app(create_tables=False, TEST_EXTRA_TABLES=["articles_alembic_version",
                                                           "advertorial_alembic_version"])
    result = CmsRunner(app).invoke(["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "advertorial" in result.output
    with app.app_context(), db.engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        assert {"advertorial_sponsor", "advertorial_contract", "advertorial_article",
                "advertorial_partner_user"} <= tables
        context = MigrationContext.configure(connection, opts={
            "include_object": include_object_for("advertorial_"), "compare_type": True})
        assert compare_metadata(context, db.metadata) == []
        version = connection.execute(sa.text("SELECT version_num FROM advertorial_alembic_version"))
        assert version.scalar() == "advertorial0002"


def test_only_hooks_of_plugins_it_merely_uses_are_optional():
    """A misspelled articles hook fails the start-up check: only hooks of a plugin in
    ``uses_plugins`` (search), which may be absent, skip it."""
    from cms.hookspecs import PROJECT_NAME
    from plugins.advertorial import AdvertorialPlugin

    implementations = {
        name: getattr(member, f"{PROJECT_NAME}_impl") for name, member in
        vars(AdvertorialPlugin).items() if hasattr(member, f"{PROJECT_NAME}_impl")}
    optional = sorted(name for name, options in implementations.items()
                      if options.get("optionalhook"))
    assert optional == ["search_documents_fields"]
    assert set(AdvertorialPlugin.uses_plugins) == {"search"}
