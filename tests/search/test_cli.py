"""``cms search reindex|check|drain``, the demo content hook and the migrations."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cms.dbmigrate import include_object_for
from cms.extensions import db
from cms.hooks import call_hook
from cms.models.user import utcnow
from plugins.articles.models import Article
from plugins.search import queue
from plugins.search.backends import backend_of
from plugins.search.documents import indexable_filter
from plugins.search.models import QueueEntry
from tests.conftest import CmsRunner
from tests.search.conftest import indexed_ids, search_ids, writer_busy


def behind_the_index(app, article_id: int, **values) -> None:
    """Change an article the way a bug or a manual SQL fix would: no hook, no queue."""
    with app.app_context():
        db.session.execute(sa.update(Article).where(Article.id == article_id).values(**values))
        db.session.commit()


def test_search_commands_are_listed(app):
    result = CmsRunner(app).invoke(["search", "--help"])
    assert result.exit_code == 0
    for command in ("reindex", "check", "drain"):
        assert command in result.output


def test_reindex_builds_a_new_index_from_the_database(app, make_article, editor, service):
    ids = [make_article(author=editor, title=f"Bendungan {n}", status="published")
           for n in range(3)]
    make_article(author=editor, title="Bendungan draf")
    runner = CmsRunner(app)
    result = runner.invoke(["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "3 artikel diindeks ke indeks baru." in result.output
    assert indexed_ids(app) == ids
    assert runner.invoke(["search", "reindex"]).exit_code == 0
    assert indexed_ids(app) == ids
    assert sorted(search_ids(service, "bendungan")) == ids


def test_reindex_gives_up_while_another_writer_holds_the_lock(app):
    with writer_busy(app):
        result = CmsRunner(app).invoke(["search", "reindex", "--wait", "0.1"])
    assert result.exit_code == 1
    assert "proses lain sudah" in result.output
    assert "Traceback" not in result.output


def test_check_reports_missing_stale_and_extra_articles_and_fixes_them(
        app, publish, make_article, editor, service):
    extra = publish(title="Kabar yang ditarik")
    stale = publish(title="Kabar lama")
    missing = make_article(author=editor, title="Kabar impor")
    behind_the_index(app, missing, status="published", published_at=utcnow())
    behind_the_index(app, stale, title="Kabar baru")
    behind_the_index(app, extra, status="draft")
    runner = CmsRunner(app)

    result = runner.invoke(["search", "check"])
    assert result.exit_code == 1
    assert "Indeks: 2 dokumen. Database: 2 artikel terbit atau terjadwal." in result.output
    assert f"1 tidak ada di indeks: {missing}" in result.output
    assert f"1 usang di indeks: {stale}" in result.output
    assert f"1 ada di indeks tetapi tidak terbit: {extra}" in result.output

    fixed = runner.invoke(["search", "check", "--fix"])
    assert fixed.exit_code == 0, fixed.output
    assert "3 artikel diantrekan dan diterapkan." in fixed.output
    again = runner.invoke(["search", "check"])
    assert again.exit_code == 0
    assert "Indeks cocok dengan database." in again.output
    assert search_ids(service, "baru") == [stale]
    assert sorted(indexed_ids(app)) == sorted([stale, missing])


def test_check_on_a_site_without_an_index(app, make_article, editor):
    behind_the_index(app, make_article(author=editor, title="Kabar"), status="published",
                     published_at=utcnow())
    result = CmsRunner(app).invoke(["search", "check"])
    assert result.exit_code == 1
    assert "Indeks: 0 dokumen. Database: 1 artikel terbit atau terjadwal." in result.output


def test_check_notices_a_stemmer_change(make_app, make_article, editor):
    app = make_app(SEARCH_STEMMER="sastrawi")
    make_article(author=editor, title="Kabar", status="published")
    with app.app_context():
        backend_of(app).rebuild()
    restarted = make_app(SEARCH_STEMMER="snowball")  # same database and index folder
    result = CmsRunner(restarted).invoke(["search", "check"])
    assert "dibangun dengan stemmer sastrawi, tetapi SEARCH_STEMMER snowball" in result.output


def test_drain_applies_the_queue_and_says_when_another_writer_is_busy(
        app, make_article, editor, service):
    shown = make_article(author=editor, title="Sedekah laut")
    behind_the_index(app, shown, status="published", published_at=utcnow())
    gone = make_article(author=editor, title="Sedekah bumi")
    runner = CmsRunner(app)
    with app.app_context():
        queue.enqueue([shown, gone], "saved")
    result = runner.invoke(["search", "drain"])
    assert result.exit_code == 0
    assert "2 perubahan dari antrean diterapkan: 1 diindeks, 1 dihapus." in result.output
    assert search_ids(service, "sedekah") == [shown]

    with writer_busy(app):
        with app.app_context():
            queue.enqueue([shown], "saved")
        busy = runner.invoke(["search", "drain"])
    assert busy.exit_code == 0
    assert "Proses lain sedang menulis indeks" in busy.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(QueueEntry)) == 1


def test_demo_content_is_searchable_right_away(app):
    with app.app_context():
        call_hook("warta_demo_content", app=app)  # imported: articles_bulk_changed
        demo = db.session.scalar(sa.select(sa.func.count()).select_from(Article)
                                 .where(indexable_filter()))
    assert len(indexed_ids(app)) == demo > 0


def test_migrations_create_the_tables_as_the_models_say(make_app):
    app = make_app(create_tables=False,
                   TEST_EXTRA_TABLES=["articles_alembic_version", "search_alembic_version"])
    result = CmsRunner(app).invoke(["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "search" in result.output
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "include_object": include_object_for("search_"), "compare_type": True})
        assert compare_metadata(context, db.metadata) == []
        version = connection.execute(sa.text("SELECT version_num FROM search_alembic_version"))
        assert version.scalar() == "search0004"
