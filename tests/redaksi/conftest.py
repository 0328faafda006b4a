"""Fixtures for the press-law tests: every app here runs articles, pages and redaksi."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cms.extensions import db
from cms.models.user import utcnow
from plugins.articles.models import Article
from tests.articles import conftest as articles_fixtures
from tests.articles.conftest import load, login_as

# The newsroom's factories, shared rather than copied.
make_article = articles_fixtures.make_article
category = articles_fixtures.category


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles", "pages", "redaksi"]}


@pytest.fixture
def editor(make_user):
    return make_user(email="redaktur@example.com", role="editor", name="Redaktur Pagi")


@pytest.fixture
def desk(app, editor):
    """A logged-in editor's client."""
    return login_as(app, editor)


@pytest.fixture
def story(app, make_article, category):
    """A public article in a rubrik, with a tag, published two hours ago and unchanged since."""
    article_id = make_article(status="published", title="Banjir Melanda Desa Kras",
                              body="<p>Air setinggi lutut merendam 40 rumah.</p>",
                              category_id=category, tags=["banjir"],
                              published_at=utcnow() - timedelta(hours=2))
    with app.app_context():
        article = db.session.get(Article, article_id)
        article.updated_at = article.published_at
        db.session.commit()
    return article_id


@pytest.fixture
def story_url(app, story) -> str:
    return f"/berita/{load(app, story).slug}"
