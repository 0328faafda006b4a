"""Fixtures for the search tests: every app here runs the articles and search plugins.

Articles are published through the newsroom's services, so the index learns about them
the way it does on a live site: through ``articles_changed``, the queue and the writer.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from cms.extensions import db
from cms.models import User
from plugins.articles import services
from plugins.articles.models import Article, Category
from plugins.search import indexing
from tests.articles import conftest as articles_fixtures

# The newsroom's article factory, shared rather than copied.
make_article = articles_fixtures.make_article


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles", "search"]}


@pytest.fixture
def editor(make_user):
    return make_user(role="editor", name="Redaktur Uji")


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
    """Every live document id in the current index generation (sorted)."""
    with app.app_context():
        ix = indexing.store_for(app).open_current()
        if ix is None:
            return []
        with ix.searcher() as searcher:
            ids = sorted(int(fields["id"]) for fields in searcher.all_stored_fields())
        ix.close()
        return ids
