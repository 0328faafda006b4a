"""Fixtures for the read API: every app here runs the newsroom plugins and the api plugin."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cms.extensions import db
from cms.models.user import utcnow
from plugins.articles.models import Article, Category
from tests.advertorial import conftest as advertorial_fixtures
from tests.articles import conftest as articles_fixtures

make_article = articles_fixtures.make_article
category = articles_fixtures.category
make_sponsor = advertorial_fixtures.make_sponsor
sponsor = advertorial_fixtures.sponsor
make_advertorial = advertorial_fixtures.make_advertorial

PLUGINS = ["articles", "pages", "advertorial", "youtube", "redaksi", "api"]


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": PLUGINS}


@pytest.fixture
def editor(make_user):
    return make_user(email="redaktur@example.com", role="editor", name="Redaktur Pagi")


@pytest.fixture
def publish(make_article, editor, category):
    """``publish(title, minutes_ago=5, **fields)`` → a public article's id."""

    def factory(title: str = "Banjir Melanda Desa Kras", minutes_ago: int = 5,
                **fields) -> int:
        fields.setdefault("category_id", category)
        fields.setdefault("author", editor)
        return make_article(status="published", title=title,
                            published_at=utcnow() - timedelta(minutes=minutes_ago), **fields)

    return factory


def add_category(app, name: str, slug: str, parent: int | None = None) -> int:
    with app.app_context():
        row = Category(name=name, slug=slug, parent_id=parent)
        db.session.add(row)
        db.session.commit()
        return row.id


def set_status(app, article_id: int, status: str) -> None:
    with app.app_context():
        db.session.get(Article, article_id).status = status
        db.session.commit()
