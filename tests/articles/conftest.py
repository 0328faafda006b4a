"""Fixtures for the newsroom tests: every app here runs the articles plugin."""

from __future__ import annotations

import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import event, select

from cms.extensions import db
from cms.models.user import utcnow
from plugins.articles import services
from plugins.articles.models import Article, Category, Revision
from tests.conftest import STRONG_PASSWORD


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles"]}


@pytest.fixture
def category(app):
    with app.app_context():
        row = Category(name="Pemerintahan", slug="pemerintahan")
        db.session.add(row)
        db.session.commit()
        return row.id


@pytest.fixture
def make_article(app, make_user):
    """``make_article(author=user, status="published", **fields)`` → the article's id."""

    def factory(author=None, status: str = "draft", title: str = "Banjir Melanda Desa Kras",
                body: str = "<p>Air setinggi lutut.</p>", published_at=None, **fields) -> int:
        author = author or make_user(role="journalist")
        with app.test_request_context():
            user = db.session.get(type(author), author.id)
            article = services.save_article(
                user, services.ArticleInput(title=title, body=body, **fields))
            if status != "draft":
                article.status = status
                article.published_at = published_at or (utcnow() - timedelta(minutes=5))
                db.session.commit()
            return article.id

    return factory


def make_article_directly(app, author, title: str = "Artikel Uji") -> int:
    """An article by ``author`` without going through HTTP (for tests of other areas)."""
    with app.test_request_context():
        user = db.session.get(type(author), author.id)
        return services.save_article(user, services.ArticleInput(title=title)).id


def load(app, article_id: int) -> Article | None:
    with app.app_context():
        article = db.session.get(Article, article_id)
        if article is not None:
            article.tags  # noqa: B018  (load before the session closes)
            db.session.expunge(article)
        return article


def login_as(app, user):
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": STRONG_PASSWORD})
    assert response.status_code == 302
    return client


class FormValues(HTMLParser):
    """Collect the values a browser would submit from the editor form."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in ("submit", "file"):
            if attributes.get("type") != "checkbox" or "checked" in attributes:
                self.values[name] = attributes.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attributes:
            self.values[self._select] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def form_of(client, article_id: int) -> dict:
    """The editor's current values, as a browser would submit them."""
    page = client.get(f"/admin/articles/{article_id}/edit").get_data(as_text=True)
    form = page.split('id="article-form"', 1)[1].split("</form>", 1)[0]
    parser = FormValues()
    parser.feed("<form " + form)
    parser.values.pop("csrf_token", None)
    return parser.values


def count_queries(app, path: str, client) -> int:
    """How many SQL statements answering ``path`` ran (the answer must be a 200)."""
    statements = []

    def remember(*args):
        statements.append(args[2])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return len(statements)


def as_if_kept_before_plugin_fields(app, article_id: int) -> None:
    """Make the article's first revision look like one taken before revisions kept
    plugins' fields (no ``"plugins"`` entry), as older sites' revisions are."""
    with app.app_context():
        first = db.session.scalar(select(Revision).where(Revision.article_id == article_id)
                                  .order_by(Revision.id).limit(1))
        data = first.data
        del data["plugins"]
        first.data_json = json.dumps(data)
        db.session.commit()
