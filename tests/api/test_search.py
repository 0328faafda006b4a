"""Search through the API gives what /search gives, through the core's search interface."""

from __future__ import annotations

import pytest

from cms.extensions import db
from cms.models import User
from plugins.articles import services
from plugins.articles.models import Article
from tests.api.conftest import PLUGINS


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": [*PLUGINS, "search"]}


@pytest.fixture
def published(app, make_article, editor):
    def factory(**fields) -> int:
        article_id = make_article(author=editor, **fields)
        with app.test_request_context():
            services.publish(db.session.get(User, editor.id), db.session.get(Article, article_id))
        return article_id

    return factory


def test_search_gives_the_same_hits_and_facets_as_the_search_page(client, published):
    flood = published(title="Banjir Melanda Desa Kras", body="<p>Air banjir setinggi lutut.</p>")
    published(title="Banjir Surut di Pare", body="<p>Warga kembali ke rumah.</p>")
    published(title="Pasar Pare Ramai", body="<p>Pedagang senang.</p>")
    page = client.get("/search.json?q=banjir").get_json()
    api = client.get("/api/v1/search?q=banjir")
    assert api.status_code == 200
    body = api.get_json()
    assert [item["id"] for item in body["items"]] == [hit["id"] for hit in page["hits"]]
    assert flood in [item["id"] for item in body["items"]]
    assert body["total"] == page["total"] == 2
    assert body["facets"] == page["facets"]
    assert "<mark" in "".join(item["highlights"].get("title", "") for item in body["items"])
    newest = client.get("/api/v1/search?q=banjir&sort=newest").get_json()
    assert [item["id"] for item in newest["items"]] == [
        hit["id"] for hit in client.get("/search.json?q=banjir&urut=terbaru").get_json()["hits"]]


def test_search_needs_a_query_and_refuses_a_long_one(client):
    assert client.get("/api/v1/search").status_code == 400
    response = client.get("/api/v1/search?q=" + "a" * 201)
    assert response.status_code == 400
    assert response.get_json()["parameter"] == "q"
