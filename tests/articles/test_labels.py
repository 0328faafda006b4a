"""Labels another plugin puts on articles reach every surface through one hook.

A partner's plugin implements ``articles_item_labels`` and nothing else: readers then see
its label on cards, links, the article page and the feed.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from cms.models.user import utcnow

LABELLING_PLUGIN = '''
from cms.api import Plugin, hookimpl

#: Every ``(surface, number of articles)`` the hook was asked about, for the tests.
ASKED = []


class Pojok(Plugin):
    name = "pojok"
    version = "1.0"
    requires_plugins = ("articles",)

    @hookimpl
    def articles_item_labels(self, articles, surface):
        ASKED.append((surface, len(articles)))
        return {article.id: "Pojok Warga" for article in articles
                if article.title.startswith("Kiriman")}


plugin = Pojok()
'''


@pytest.fixture
def labelled_site(make_app, plugin_folder):
    folder, write = plugin_folder
    write("pojok", LABELLING_PLUGIN)
    return make_app(EXTRA_PLUGIN_FOLDERS=[str(folder)], PLUGINS=["articles", "pojok"])


@pytest.fixture
def stories(labelled_site, make_user):
    """A reader's contribution between two ordinary stories, all in one rubrik."""
    from cms.extensions import db
    from plugins.articles import services
    from plugins.articles.models import Category

    app = labelled_site
    author = make_user(role="editor")
    with app.test_request_context():
        category = Category(name="Warga", slug="warga")
        db.session.add(category)
        db.session.commit()
        ids = {}
        for hours, title in ((3, "Pasar Pahing Ramai"), (2, "Kiriman: Jalan Desa Rusak"),
                             (1, "Panen Tebu Dimulai")):
            article = services.save_article(author, services.ArticleInput(
                title=title, category_id=category.id))
            article.status = "published"
            article.published_at = utcnow() - timedelta(hours=hours)
            db.session.commit()
            ids[title] = article.slug
    return ids


def test_readers_see_the_plugins_label_on_cards_links_and_the_article(labelled_site, stories):
    client = labelled_site.test_client()
    listing = client.get("/rubrik/warga/").get_data(as_text=True)
    assert '<p class="card__label label">Pojok Warga</p>' in listing
    assert listing.count("Pojok Warga") == 1  # ordinary news carries no label

    page = client.get(f"/berita/{stories['Kiriman: Jalan Desa Rusak']}").get_data(as_text=True)
    assert "<title>[Pojok Warga] Kiriman: Jalan Desa Rusak" in page
    assert '<span class="article__label label">Pojok Warga</span>' in page

    neighbour = client.get(f"/berita/{stories['Panen Tebu Dimulai']}").get_data(as_text=True)
    assert '<span class="label">Pojok Warga</span> Kiriman: Jalan Desa Rusak' in neighbour


def test_the_feed_takes_its_labels_from_the_same_hook(labelled_site, stories):
    feed = ET.fromstring(labelled_site.test_client().get("/feed.xml").data)
    titles = [item.text for item in feed.findall("channel/item/title")]
    assert titles == ["Panen Tebu Dimulai", "[Pojok Warga] Kiriman: Jalan Desa Rusak",
                      "Pasar Pahing Ramai"]


def test_a_listing_asks_the_plugins_once_for_all_its_cards(labelled_site, stories):
    asked = sys.modules["plugins.pojok"].ASKED
    asked.clear()
    labelled_site.test_client().get("/rubrik/warga/")
    assert asked == [("card", 3)]
