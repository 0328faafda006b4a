"""The plugin starts, widens the site's policies by exactly what it needs, and migrates."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cms.dbmigrate import include_object_for
from cms.extensions import db
from cms.pluginmanager import get_manager
from cms.sanitize import clean_html
from cms.security import BASE_CSP
from cms.testing import check_plugin
from tests.conftest import CmsRunner
from tests.youtube.conftest import VIDEO_ID


def policy_of(response) -> dict[str, list[str]]:
    directives = response.headers["Content-Security-Policy"].split("; ")
    return {name: sources for name, *sources in (d.split(" ") for d in directives)}


def test_plugin_loads_after_articles(app):
    manager = get_manager(app)
    record = manager.records["youtube"]
    assert record.status.value == "loaded", record.error
    assert record.plugin.requires_plugins == ("articles",)
    assert record.plugin.title == "Video YouTube"
    assert manager.start_order.index("articles") < manager.start_order.index("youtube")


def test_plugin_keeps_the_plugin_contract():
    assert check_plugin("youtube") == []


def test_without_articles_the_plugin_fails_alone(make_app):
    app = make_app(PLUGINS=["youtube"])
    record = get_manager(app).records["youtube"]
    assert record.status.value == "failed"
    assert "requires plugin 'articles'" in record.error
    assert app.test_client().get("/").status_code == 200


def test_csp_adds_exactly_the_player_and_thumbnail_hosts(client):
    policy = policy_of(client.get("/"))
    assert policy["frame-src"] == ["https://www.youtube-nocookie.com"]
    assert policy["img-src"] == [*BASE_CSP["img-src"], "https://i.ytimg.com"]
    for name, sources in BASE_CSP.items():
        if name not in ("frame-src", "img-src"):
            assert policy[name] == sources, name


def test_sanitizer_keeps_video_blocks_and_still_refuses_iframes(app):
    dirty = (f'<figure data-youtube-id="{VIDEO_ID}" data-start="9" onclick="x()">v</figure>'
             f'<iframe src="https://www.youtube.com/embed/{VIDEO_ID}"></iframe>'
             '<p data-youtube-id="x">p</p>')
    with app.app_context():
        clean = clean_html(dirty)
    assert f'<figure data-youtube-id="{VIDEO_ID}" data-start="9">v</figure>' in clean
    assert "iframe" not in clean
    assert "onclick" not in clean
    assert '<p>p</p>' in clean


def test_db_upgrade_creates_the_featured_table_as_the_model_says(make_app):
    app = make_app(create_tables=False, TEST_EXTRA_TABLES=["articles_alembic_version",
                                                           "youtube_alembic_version"])
    result = CmsRunner(app).invoke(["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "youtube" in result.output
    with app.app_context(), db.engine.connect() as connection:
        assert {"youtube_featured", "youtube_thumbnail"} <= set(
            sa.inspect(connection).get_table_names())
        context = MigrationContext.configure(connection, opts={
            "include_object": include_object_for("youtube_"), "compare_type": True})
        assert compare_metadata(context, db.metadata) == []
        version = connection.execute(sa.text("SELECT version_num FROM youtube_alembic_version"))
        assert version.scalar() == "youtube0002"
