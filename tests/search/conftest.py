"""Fixtures for the search tests: every app here runs the articles and search plugins.

Articles are published through the newsroom's services, so the index learns about them
the way it does on a live site: through ``articles_changed``, the queue and the writer.

Each test runs once per setup a site can have: Whoosh on SQLite, and when a PostgreSQL
server is available (``WARTA_TEST_DATABASE_URL``), Whoosh on PostgreSQL and the
PostgreSQL backend. ``@pytest.mark.search_backends("whoosh")`` keeps a test about one
backend's machinery (its lock files, its result cache) to that backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
import sqlalchemy as sa

from cms.extensions import db
from cms.models import User
from plugins.articles import services
from plugins.articles.models import Article, Category
from plugins.search.backends import backend_of
from plugins.search.models import IndexedArticle
from plugins.search.whoosh.store import LOCK_NAME, WriterLock
from tests.articles import conftest as articles_fixtures
from tests.conftest import _database_params

#: backend-database; the first part is SEARCH_BACKEND, the second the site's database.
SETUPS = ["whoosh-sqlite"] + (["whoosh-postgresql", "postgres-postgresql"]
                              if "postgresql" in _database_params() else [])


def pytest_configure(config):
    config.addinivalue_line("markers", "search_backends(*names): run only with these "
                                       "search backends")


def pytest_collection_modifyitems(config, items):
    """Leave out setups a test is not meant for (not skipped: they do not exist for it)."""
    kept, dropped = [], []
    for item in items:
        marker = item.get_closest_marker("search_backends")
        setup = getattr(item, "callspec", None) and item.callspec.params.get("search_setup")
        if marker and setup and setup.split("-")[0] not in marker.args:
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(params=SETUPS)
def search_setup(request) -> str:
    return request.param


@pytest.fixture
def search_backend(search_setup: str) -> str:
    return search_setup.split("-")[0]


@pytest.fixture
def database_url(search_setup, request, tmp_path) -> str:
    if search_setup.endswith("postgresql"):
        return request.getfixturevalue("postgres_url")
    return f"sqlite:///{tmp_path / 'warta.db'}"

# The newsroom's article factory, shared rather than copied.
make_article = articles_fixtures.make_article


@pytest.fixture
def app_config(app_config, search_backend):
    return {**app_config, "PLUGINS": ["articles", "search"], "SEARCH_BACKEND": search_backend}


@pytest.fixture
def make_category(app):
    """``make_category("Pertanian")`` → the category's id."""

    def factory(name: str, slug: str | None = None) -> int:
        with app.app_context():
            row = Category(name=name, slug=slug or name.lower().replace(" ", "-"))
            db.session.add(row)
            db.session.commit()
            return row.id

    return factory


def as_editor(app, editor, article_id: int, action) -> None:
    """Run ``action(user, article)`` in a request, as the newsroom's views do."""
    with app.test_request_context():
        user = db.session.get(User, editor.id)
        article = db.session.get(Article, article_id)
        action(user, article)


@pytest.fixture
def publish(app, make_article, editor):
    """``publish(title=..., body=..., when=None, **fields)`` → id, published by an editor.

    The editor is also the author unless ``author=`` names another user.
    """

    def factory(when: datetime | None = None, **fields) -> int:
        fields.setdefault("author", editor)
        article_id = make_article(**fields)
        as_editor(app, editor, article_id, lambda u, a: services.publish(u, a, when))
        return article_id

    return factory


@pytest.fixture
def service(app):
    return app.extensions["warta.search"]


def search_ids(service, query: str, **filters) -> list[int]:
    """Ids of the first page of hits for ``query``."""
    return [int(hit.id) for hit in service.search(query, filters).hits]


def indexed_ids(app) -> list[int]:
    """Every document id in the index (for Whoosh, its current generation), sorted."""
    with app.app_context():
        if app.config["SEARCH_BACKEND"] == "postgres":
            return list(db.session.scalars(
                sa.select(IndexedArticle.article_id).order_by(IndexedArticle.article_id)))
        ix = backend_of(app).store.open_current()
        if ix is None:
            return []
        with ix.searcher() as searcher:
            ids = sorted(int(fields["id"]) for fields in searcher.all_stored_fields())
        ix.close()
        return ids


@contextmanager
def writer_busy(app) -> Iterator[None]:
    """Another process holds the index for writing: Whoosh's writer lock, or for the
    PostgreSQL backend the table lock a ``cms search reindex`` holds."""
    if app.config["SEARCH_BACKEND"] != "postgres":
        lock = WriterLock(backend_of(app).store.root / LOCK_NAME)
        assert lock.acquire()
        try:
            yield
        finally:
            lock.release()
        return
    with app.app_context():
        engine = db.engine
    with engine.connect() as connection, connection.begin():
        connection.execute(sa.text("LOCK TABLE search_document IN EXCLUSIVE MODE"))
        yield


def drain(app):
    """Apply the queue with the site's backend, as ``cms search drain`` does."""
    with app.app_context():
        return backend_of(app).drain()
