"""The API is cached like the site's pages, and its times follow the site's zone."""

from __future__ import annotations

from cms.extensions import db
from cms.site import update_site_settings
from plugins.articles import services
from plugins.articles.models import Article
from tests.api.conftest import PLUGINS


def test_answers_come_from_the_page_cache_until_news_changes(make_app, make_user):
    app = make_app(PAGE_CACHE=True, FRAGMENT_CACHE=True, PLUGINS=PLUGINS)
    editor = make_user(role="editor", name="Redaktur")
    client = app.test_client()
    assert client.get("/api/v1/articles").get_json()["items"] == []
    with app.test_request_context():
        user = db.session.get(type(editor), editor.id)
        article = services.save_article(user, services.ArticleInput(title="Pasar Pare Ramai"))
        services.publish(user, db.session.get(Article, article.id))
    items = client.get("/api/v1/articles").get_json()["items"]
    assert [item["title"] for item in items] == ["Pasar Pare Ramai"]
    first = client.get("/api/v1/articles")
    assert client.get("/api/v1/articles",
                      headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_times_carry_the_offset_of_the_site_zone(app, publish):
    publish()
    with app.test_request_context():
        update_site_settings({"timezone": "Asia/Makassar"})
    item = app.test_client().get("/api/v1/articles").get_json()["items"][0]
    assert item["published_at"].endswith("+08:00")
