"""Search knows which articles carry a video: the video facet and the result's mark."""

from __future__ import annotations

import re

import pytest

from tests.articles.conftest import form_of, login_as
from tests.search.conftest import (  # noqa: F401  (fixtures: each search setup)
    database_url,
    search_backend,
    search_setup,
)
from tests.youtube.conftest import OTHER_ID, VIDEO_ID


@pytest.fixture
def app_config(app_config, request):
    return {**app_config, "PLUGINS": ["articles", "youtube", "search"],
            "SEARCH_BACKEND": request.getfixturevalue("search_backend")}


def publish(client, **fields) -> None:
    data = {"body": "<p>Isi berita.</p>", "category_id": "", "action": "publish"}
    response = client.post("/admin/articles/new", data=data | fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    response.close()  # what the server does once the response is sent: Whoosh writes now


def test_articles_with_a_video_get_the_video_facet_and_mark(app, editor):
    client = login_as(app, editor)
    publish(client, title="Festival Kelud dengan video utama",
            x_youtube_url=f"https://youtu.be/{VIDEO_ID}")
    publish(client, title="Festival Kelud dengan video di isi",
            body=f"<p>Pembukaan festival.</p><p>https://www.youtube.com/watch?v={OTHER_ID}</p>")
    publish(client, title="Festival Kelud tanpa video")
    reader = app.test_client()

    data = reader.get("/search.json?q=festival").get_json()
    assert data["facets"]["video"] == {"1": 2, "0": 1}
    assert sorted(hit["title"] for hit in data["hits"] if hit["video"]) == [
        "Festival Kelud dengan video di isi", "Festival Kelud dengan video utama"]

    page = reader.get("/search?q=festival").get_data(as_text=True)
    assert re.search(r'video=1">Dengan video</a> <span class="search-facet__count">2</span>',
                     page)
    assert page.count("search-result__label--video") == 2
    only = reader.get("/search.json?q=festival&video=1").get_json()
    assert only["total"] == 2 and all(hit["video"] for hit in only["hits"])


def test_removing_the_video_removes_the_mark(app, editor):
    client = login_as(app, editor)
    publish(client, title="Kirab budaya", x_youtube_url=f"https://youtu.be/{VIDEO_ID}")
    reader = app.test_client()
    hit = reader.get("/search.json?q=kirab").get_json()["hits"][0]
    assert hit["video"] is True
    form = form_of(client, hit["id"]) | {"x_youtube_url": "", "action": "publish"}
    response = client.post(f"/admin/articles/{hit['id']}/edit", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    response.close()
    assert reader.get("/search.json?q=kirab").get_json()["hits"][0]["video"] is False
