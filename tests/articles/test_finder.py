"""The newsroom's article list: words, filters, sorts and pages, as the desk uses them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from cms.api import (
    SORT_RELEVANCE,
    SearchHit,
    SearchResults,
    SearchService,
    set_search_service,
)
from cms.extensions import db
from cms.hookspecs import hookimpl
from cms.models.user import utcnow
from cms.testing import register_temporarily
from plugins.articles.models import Article
from tests.articles.conftest import login_as


def titles(client, query: str = "") -> list[str]:
    response = client.get(f"/admin/articles/{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True).split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'/edit">([^<]+)</a>', page)


@pytest.fixture
def desk(app, make_user, make_article, category):
    """A desk with two writers' stories in two rubrik, written on different days."""
    rina = make_user(role="journalist", name="Rina")
    budi = make_user(role="journalist", name="Budi")
    ids = {
        "banjir": make_article(author=rina, title="Banjir di Kras",
                               body="<p>Sungai Brantas meluap.</p>", category_id=category),
        "pasar": make_article(author=budi, title="Pasar Pahing Ramai",
                              body="<p>Harga cabai naik.</p>", status="published"),
        "promo": make_article(author=budi, title="Promo Wisata Kelud",
                              body="<p>Tiket murah ke Kelud.</p>"),
    }
    with app.app_context():
        for days, key in enumerate(["promo", "pasar", "banjir"]):
            row = db.session.get(Article, ids[key])
            row.created_at = utcnow() - timedelta(days=10 * days)
            row.updated_at = utcnow() - timedelta(hours=days)
        db.session.commit()
    return {"rina": rina, "budi": budi, "category": category, **ids}


def test_searches_title_and_body_of_every_status(app, editor, desk):
    client = login_as(app, editor)
    assert titles(client, "?q=brantas") == ["Banjir di Kras"]
    assert titles(client, "?q=PASAR") == ["Pasar Pahing Ramai"]
    assert titles(client, "?q=100%25") == []  # a LIKE wildcard is only a character
    assert "Tidak ada artikel yang cocok." in client.get("/admin/articles/?q=gempa").text


def test_filters_by_rubrik_author_status_and_date(app, editor, desk):
    client = login_as(app, editor)
    assert titles(client, f"?category={desk['category']}") == ["Banjir di Kras"]
    assert titles(client, f"?author={desk['budi'].id}") == ["Promo Wisata Kelud",
                                                            "Pasar Pahing Ramai"]
    assert titles(client, f"?author={desk['budi'].id}&status=published") == [
        "Pasar Pahing Ramai"]
    day = (utcnow() - timedelta(days=15)).date().isoformat()
    assert titles(client, f"?to={day}") == ["Banjir di Kras"]
    assert titles(client, f"?from={day}&sort=oldest") == ["Pasar Pahing Ramai",
                                                          "Promo Wisata Kelud"]
    assert titles(client, "?from=kemarin&category=x&author=99999999999") == titles(client)


def test_sorts_and_keeps_the_search_across_pages(app, editor, desk, make_article, monkeypatch):
    client = login_as(app, editor)
    assert titles(client) == ["Promo Wisata Kelud", "Pasar Pahing Ramai", "Banjir di Kras"]
    assert titles(client, "?sort=title") == ["Banjir di Kras", "Pasar Pahing Ramai",
                                             "Promo Wisata Kelud"]
    assert titles(client, "?sort=newest")[0] == "Promo Wisata Kelud"
    assert titles(client, "?sort=oldest")[0] == "Banjir di Kras"
    monkeypatch.setattr("plugins.articles.newsroom.PAGE_SIZE", 2)
    first = titles(client, f"?author={desk['budi'].id}&sort=title")
    assert first == ["Pasar Pahing Ramai", "Promo Wisata Kelud"]
    everyone = client.get("/admin/articles/?sort=title").text
    next_link = re.search(r'href="([^"]*page=2[^"]*)"', everyone).group(1).replace("&amp;", "&")
    assert "sort=title" in next_link
    assert titles(client, next_link.split("/admin/articles/", 1)[1]) == ["Promo Wisata Kelud"]


def test_a_journalist_finds_only_their_own(app, desk):
    client = login_as(app, desk["rina"])
    assert titles(client) == ["Banjir di Kras"]
    assert titles(client, f"?author={desk['budi'].id}") == []
    assert 'name="author"' not in client.get("/admin/articles/").text


class SponsoredDesk:
    """A plugin with a list filter of its own, as the advertorial plugin has."""

    @hookimpl
    def articles_admin_filters(self):
        return {"iklan": ("Iklan", select(Article.id).where(Article.title.like("Promo%")))}


def test_a_plugin_adds_its_own_filter(app, editor, desk):
    client = login_as(app, editor)
    with register_temporarily(app, SponsoredDesk()):
        assert 'name="x_iklan"' in client.get("/admin/articles/").text
        assert titles(client, "?x_iklan=only") == ["Promo Wisata Kelud"]
        assert titles(client, "?x_iklan=without") == ["Pasar Pahing Ramai", "Banjir di Kras"]
        assert len(titles(client, "?x_iklan=semua")) == 3
    assert 'name="x_iklan"' not in client.get("/admin/articles/").text


def test_status_links_are_a_list_with_room_between_them(app, editor):
    page = login_as(app, editor).get("/admin/articles/").text
    nav = page.split('class="filters"', 1)[1].split("</nav>", 1)[0]
    assert nav.count("<li>") == 7


class StemmingSearch(SearchService):
    """A search backend whose analyzer knows "kebanjiran" is "banjir"."""

    def __init__(self, matches: dict[str, list[int]]) -> None:
        self.matches = matches
        self.asked: list[tuple[str, int]] = []

    def index(self, document): ...
    def delete(self, document_id): ...
    def index_many(self, document_ids): ...
    def suggest(self, query): ...
    def rebuild(self):
        return 0

    def search(self, query, filters=None, page=1, *, sort=SORT_RELEVANCE):
        self.asked.append((query, page))
        ids = self.matches.get(query, [])
        return SearchResults(hits=[SearchHit(id=str(i), score=1.0) for i in ids],
                             total=len(ids), page=page)


def test_words_the_search_analyzer_matches_are_found_too(app, editor, desk):
    service = StemmingSearch({"kebanjiran": [desk["banjir"]]})
    with app.app_context():
        set_search_service(app, service)
    client = login_as(app, editor)
    assert titles(client, "?q=kebanjiran") == ["Banjir di Kras"]
    assert titles(client, "?q=kebanjiran&category=") == ["Banjir di Kras"]
    assert titles(client, f"?q=kebanjiran&author={desk['budi'].id}") == []
    assert service.asked[0] == ("kebanjiran", 1)
