"""`cms db upgrade`: the core lineage and each plugin's own lineage and version table."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from cms.dbmigrate import CORE_TABLES, include_object_for
from cms.extensions import CORE_MIGRATIONS, db
from tests.conftest import CmsRunner

_CORE_CONFIG = Config()
_CORE_CONFIG.set_main_option("script_location", str(CORE_MIGRATIONS))
#: The newest core revision, whichever the release has.
CORE_HEAD = ScriptDirectory.from_config(_CORE_CONFIG).get_current_head()

PLUGIN = '''
from cms.plugin import Plugin


class ThePlugin(Plugin):
    name = "{name}"
    version = "1.0"

    def setup(self, ctx):
        from plugins.{name}.models import Note

        ctx.add_models(Note)


plugin = ThePlugin()
'''

MODELS = '''
from cms.extensions import db


class Note(db.Model):
    __tablename__ = "{name}_note"
    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.String(200), nullable=False)
'''

MIGRATION = '''
import sqlalchemy as sa
from alembic import op

revision = "{name}0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "{name}_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_{name}_note")),
    )


def downgrade():
    op.drop_table("{name}_note")
'''


def table_names(app) -> set[str]:
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_creates_core_tables_matching_the_models(make_app):
    app = make_app(create_tables=False)
    result = CmsRunner(app).invoke(["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Dimigrasikan: core" in result.output
    assert table_names(app) >= CORE_TABLES
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "include_object": include_object_for(None), "compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_upgrade_runs_each_plugin_lineage_with_its_own_version_table(make_app, plugin_folder):
    folder, write = plugin_folder
    name = f"catatan_{uuid.uuid4().hex[:6]}"  # a module may define its models only once
    write(name, PLUGIN.format(name=name), files={
        "models.py": MODELS.format(name=name),
        "migrations/0001_note.py": MIGRATION.format(name=name),
    })
    app = make_app(create_tables=False, EXTRA_PLUGIN_FOLDERS=[str(folder)], PLUGINS=[name],
                   TEST_EXTRA_TABLES=[f"{name}_alembic_version"])
    runner = CmsRunner(app)
    first = runner.invoke(["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert f"Dimigrasikan: core, {name}" in first.output
    tables = table_names(app)
    assert {f"{name}_note", f"{name}_alembic_version", "alembic_version"} <= tables
    with app.app_context():
        version = db.session.execute(sa.text(f"SELECT version_num FROM {name}_alembic_version"))
        assert version.scalar() == f"{name}0001"
        core_version = db.session.execute(sa.text("SELECT version_num FROM alembic_version"))
        assert core_version.scalar() == CORE_HEAD
    again = runner.invoke(["db", "upgrade"])
    assert again.exit_code == 0, again.output


def test_the_articles_lineage_matches_its_models(make_app):
    app = make_app(create_tables=False, PLUGINS=["articles"])
    result = CmsRunner(app).invoke(["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "include_object": include_object_for("articles_"), "compare_type": True})
        assert compare_metadata(context, db.metadata) == []
