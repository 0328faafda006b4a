"""The read API as an app developer meets it: lists, one article, filters, cursors."""

from __future__ import annotations

from datetime import datetime, timedelta

from cms.extensions import db
from cms.models.user import utcnow
from plugins.api.serialize import encode_cursor
from plugins.articles.models import Article
from tests.api.conftest import add_category
from tests.articles.conftest import count_queries

PREFIX = "/api/v1"


def test_articles_list_shows_public_articles_newest_first_with_site_offset(client, publish,
                                                                          make_article):
    older = publish("Jembatan Brantas Diperbaiki", minutes_ago=60, tags=["jembatan"])
    newer = publish("Pasar Pare Ramai", minutes_ago=5)
    make_article(title="Draf Rahasia")
    response = client.get(f"{PREFIX}/articles")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert [item["id"] for item in body["items"]] == [newer, older]
    first = body["items"][1]
    assert first["tags"][0]["slug"] == "jembatan"
    assert first["rubrik"]["slug"] == "pemerintahan"
    assert first["author"]["name"] == "Redaktur Pagi"
    assert "email" not in str(first["author"])
    assert "body_html" not in first
    assert first["published_at"].endswith("+07:00")
    assert datetime.fromisoformat(first["published_at"]).microsecond == 0
    assert first["advertorial"] is None and first["video"] is None
    assert first["corrections"] == []
    assert body["next_cursor"] is None


def test_one_article_by_id_and_by_slug_with_body(client, publish):
    article_id = publish("Pasar Pare Ramai", body="<p>Pedagang senang.</p>")
    by_id = client.get(f"{PREFIX}/articles/{article_id}").get_json()
    assert by_id["body_html"] == "<p>Pedagang senang.</p>"
    by_slug = client.get(f"{PREFIX}/articles/by-slug/{by_id['slug']}").get_json()
    assert by_slug["id"] == article_id


def test_hidden_and_scheduled_articles_are_not_found(client, make_article, publish, app):
    draft = make_article(title="Draf")
    scheduled = make_article(status="scheduled", title="Nanti Sore")
    with app.app_context():
        db.session.get(Article, scheduled).published_at = utcnow() + timedelta(hours=3)
        db.session.commit()
    for article_id in (draft, scheduled, 999999):
        response = client.get(f"{PREFIX}/articles/{article_id}")
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["status"] == 404
    assert client.get(f"{PREFIX}/articles").get_json()["items"] == []


def test_a_withdrawn_article_answers_410_with_its_public_reason(client, publish, app, editor):
    from plugins.redaksi import services

    article_id = publish()
    with app.test_request_context():
        user = db.session.get(type(editor), editor.id)
        services.withdraw(user, db.session.get(Article, article_id),
                          "Narasumber mencabut keterangannya.")
    response = client.get(f"{PREFIX}/articles/{article_id}")
    assert response.status_code == 410
    problem = response.get_json()
    assert problem["reason"] == "Narasumber mencabut keterangannya."
    assert problem["withdrawn_at"].endswith("+07:00")
    assert problem["title"] == "Sudah dicabut"


def test_corrections_are_linked(client, publish, app, editor):
    from plugins.redaksi import services

    article_id = publish()
    with app.test_request_context():
        user = db.session.get(type(editor), editor.id)
        services.add_correction(user, db.session.get(Article, article_id), "ralat",
                                "Jumlah rumah 40, bukan 400.")
    corrections = client.get(f"{PREFIX}/articles/{article_id}").get_json()["corrections"]
    assert [c["text"] for c in corrections] == ["Jumlah rumah 40, bukan 400."]
    assert corrections[0]["url"].endswith(f"/koreksi/{corrections[0]['id']}")


def test_an_advertorial_carries_its_label_and_sponsor(client, make_advertorial, sponsor,
                                                      publish):
    paid = make_advertorial(sponsor, label="Iklan", title="Layanan Adminduk Keliling")
    news = publish("Banjir")
    items = client.get(f"{PREFIX}/articles").get_json()["items"]
    by_id = {item["id"]: item for item in items}
    assert by_id[paid]["label"] == "Iklan"
    assert by_id[paid]["advertorial"]["sponsor"]["name"] == "Diskominfo Kabupaten Kediri"
    assert by_id[news]["advertorial"] is None
    only_paid = client.get(f"{PREFIX}/articles?advertorial=true").get_json()["items"]
    assert [item["id"] for item in only_paid] == [paid]
    only_news = client.get(f"{PREFIX}/articles?advertorial=false").get_json()["items"]
    assert [item["id"] for item in only_news] == [news]
    sponsors = client.get(f"{PREFIX}/sponsors").get_json()["items"]
    assert [s["slug"] for s in sponsors] == ["diskominfo-kabupaten-kediri"]
    by_sponsor = client.get(sponsors[0]["articles_url"].split("localhost")[-1]).get_json()
    assert [item["id"] for item in by_sponsor["items"]] == [paid]


def test_filters_by_rubrik_with_its_children_tag_author_and_dates(client, publish, app,
                                                                  category, make_user):
    child = add_category(app, "Desa", "desa", parent=category)
    in_child = publish("Dana Desa Cair", category_id=child, minutes_ago=10)
    tagged = publish("Jalan Rusak", tags=["jalan"], minutes_ago=60 * 24 * 3)
    other_author = make_user(role="editor", name="Lain")
    by_other = publish("Lain Lagi", author=other_author, minutes_ago=30)

    def ids(query: str) -> list[int]:
        response = client.get(f"{PREFIX}/articles?{query}")
        assert response.status_code == 200, response.get_json()
        return [item["id"] for item in response.get_json()["items"]]

    assert in_child in ids("rubrik=pemerintahan") and ids("rubrik=desa") == [in_child]
    assert ids("tag=jalan") == [tagged]
    assert ids(f"author={other_author.id}") == [by_other]
    yesterday = (utcnow() + timedelta(hours=7) - timedelta(days=1)).date().isoformat()
    assert tagged not in ids(f"since={yesterday}")
    assert ids(f"until={yesterday}") == [tagged]
    assert set(ids("updated_since=2000-01-01T00:00:00Z")) == {in_child, tagged, by_other}


def test_bad_filters_and_cursors_are_400_problems_naming_the_parameter(client, publish):
    publish()
    for query, parameter in [("limit=0", "limit"), ("limit=abc", "limit"),
                             ("since=kemarin", "since"), ("cursor=%%%", "cursor"),
                             ("cursor=WzFd", "cursor"), ("rubrik=tidak-ada", "rubrik"),
                             ("advertorial=ya", "advertorial"), ("author=-3", "author"),
                             # valid JSON, but a number no database column holds
                             (f"cursor={encode_cursor('2026-01-01T00:00:00', 2**70)}",
                              "cursor")]:
        response = client.get(f"{PREFIX}/articles?{query}")
        assert response.status_code == 400, query
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["parameter"] == parameter
        assert response.get_json()["detail"].startswith(f"Parameter {parameter}:")
    for listing in ("tags", "authors"):
        response = client.get(f"{PREFIX}/{listing}?cursor={encode_cursor(2**70)}")
        assert (response.status_code, response.get_json()["parameter"]) == (400, "cursor")


def test_unknown_api_addresses_are_404_problems(client):
    response = client.get(f"{PREFIX}/tidak-ada")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_cursor_pages_stay_put_while_news_is_published(client, publish):
    first_ids = [publish(f"Berita {n}", minutes_ago=100 - n) for n in range(5)]
    page = client.get(f"{PREFIX}/articles?limit=2").get_json()
    seen = [item["id"] for item in page["items"]]
    publish("Berita Baru Sekali", minutes_ago=0)
    while page["next_cursor"]:
        page = client.get(f"{PREFIX}/articles?limit=2&cursor={page['next_cursor']}").get_json()
        seen += [item["id"] for item in page["items"]]
    assert seen == list(reversed(first_ids))


def test_same_timestamp_articles_are_split_by_id_across_pages(client, publish, app):
    ids = [publish(f"Serentak {n}") for n in range(3)]
    with app.app_context():
        moment = utcnow() - timedelta(minutes=1)
        for article_id in ids:
            db.session.get(Article, article_id).published_at = moment
        db.session.commit()
    page = client.get(f"{PREFIX}/articles?limit=1").get_json()
    seen = [item["id"] for item in page["items"]]
    while page["next_cursor"]:
        page = client.get(page["next"].split("localhost")[-1]).get_json()
        seen += [item["id"] for item in page["items"]]
    assert seen == sorted(ids, reverse=True)


def test_rubrik_tags_authors_pages(client, publish, category, app):
    publish(tags=["banjir"])
    rubrik = client.get(f"{PREFIX}/rubrik").get_json()["items"]
    assert rubrik[0]["slug"] == "pemerintahan"
    assert client.get(f"{PREFIX}/rubrik/pemerintahan").get_json()["name"] == "Pemerintahan"
    tags = client.get(f"{PREFIX}/tags").get_json()["items"]
    assert [t["slug"] for t in tags] == ["banjir"]
    assert client.get(f"{PREFIX}/tags/banjir").status_code == 200
    authors = client.get(f"{PREFIX}/authors").get_json()["items"]
    assert [a["name"] for a in authors] == ["Redaktur Pagi"]
    assert client.get(f"{PREFIX}/authors/{authors[0]['id']}").status_code == 200
    assert client.get(f"{PREFIX}/pages").status_code == 200


def test_etag_answers_304_when_unchanged(client, publish):
    publish()
    first = client.get(f"{PREFIX}/articles")
    etag = first.headers["ETag"]
    assert "public" in first.headers["Cache-Control"]
    again = client.get(f"{PREFIX}/articles", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_cors_preflight_allows_an_api_key_header(client):
    response = client.options(f"{PREFIX}/articles", headers={
        "Origin": "https://app.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "Authorization"})
    assert response.status_code == 200
    assert "Authorization" in response.headers["Access-Control-Allow-Headers"]


def test_videos_list_articles_with_a_video_and_say_how_to_play_it(client, publish):
    featured = publish("Festival Kopi", extra={
        "youtube_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42"})
    in_body = publish("Pelatihan Video",
                      body="<p>Simak:</p><p>https://youtu.be/9bZkp7q19f0</p>")
    publish("Tanpa Video")
    items = client.get(f"{PREFIX}/videos").get_json()["items"]
    assert [item["id"] for item in items] == [in_body, featured]
    video = items[1]["video"]
    assert (video["id"], video["start"]) == ("dQw4w9WgXcQ", 42)
    assert video["embed_url"].startswith("https://www.youtube-nocookie.com/embed/")
    assert items[0]["video"]["id"] == "9bZkp7q19f0"


def test_a_list_asks_the_database_the_same_number_of_times_for_2_or_12_articles(
        app, client, publish):
    publish("Berita pertama", tags=["banjir", "kras"])
    publish("Berita kedua", tags=["banjir"])
    two = {path: count_queries(app, path, client)
           for path in (f"{PREFIX}/articles", f"{PREFIX}/videos?limit=50", "/feed.json")}
    for number in range(10):
        publish(f"Berita tambahan {number}", tags=[f"tag{number}", "banjir"])
    twelve = {path: count_queries(app, path, client) for path in two}
    assert twelve == two

