"""JSON Feed 1.1 beside the RSS feeds: the site's, a rubrik's and a tag's."""

from __future__ import annotations

from typing import Any


def check_json_feed(feed: dict[str, Any]) -> None:
    """The specification's required fields (https://www.jsonfeed.org/version/1.1/)."""
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert isinstance(feed["items"], list)
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_html") or item.get("content_text"), str)
        for author in item.get("authors", []):
            assert author.get("name") or author.get("url") or author.get("avatar")
    if "authors" in feed:
        assert isinstance(feed["authors"], list)


def test_the_site_feed_lists_articles_with_labels_and_authors(client, publish,
                                                             make_advertorial, sponsor):
    news = publish("Pasar Pare Ramai", body="<p>Pedagang senang.</p>")
    paid = make_advertorial(sponsor, label="Advertorial", title="Layanan Adminduk Keliling")
    response = client.get("/feed.json")
    assert response.status_code == 200
    assert response.mimetype == "application/feed+json"
    feed = response.get_json()
    check_json_feed(feed)
    items = {item["_warta"]["id"]: item for item in feed["items"]}
    assert items[news]["content_html"] == "<p>Pedagang senang.</p>"
    assert items[news]["authors"][0]["name"] == "Redaktur Pagi"
    assert items[news]["date_published"].endswith("+07:00")
    assert items[paid]["title"] == "[Advertorial] Layanan Adminduk Keliling"
    assert "Advertorial" in items[paid]["tags"]
    assert items[paid]["_warta"]["advertorial"]["sponsor"]["name"] == \
        "Diskominfo Kabupaten Kediri"
    assert feed["feed_url"].endswith("/feed.json")


def test_rubrik_and_tag_feeds(client, publish, category):
    tagged = publish("Jalan Rusak", tags=["jalan"])
    rubrik = client.get("/rubrik/pemerintahan/feed.json").get_json()
    check_json_feed(rubrik)
    assert rubrik["title"].startswith("Pemerintahan")
    assert [item["_warta"]["id"] for item in rubrik["items"]] == [tagged]
    tag = client.get("/tag/jalan/feed.json").get_json()
    check_json_feed(tag)
    assert tag["title"].startswith("#jalan")
    assert client.get("/tag/tidak-ada/feed.json").status_code == 404


def test_an_empty_site_still_has_a_valid_feed(client):
    check_json_feed(client.get("/feed.json").get_json())


def test_pages_with_a_feed_link_to_their_json_feed(client, publish):
    publish(tags=["jalan"])
    for page, feed in [("/", "/feed.json"),
                       ("/rubrik/pemerintahan/", "/rubrik/pemerintahan/feed.json"),
                       ("/tag/jalan/", "/tag/jalan/feed.json")]:
        text = client.get(page).get_data(as_text=True)
        assert f'<link rel="alternate" type="application/feed+json" href="{feed}">' in text
