"""The view beacon counts readers of published articles, once each, and nothing else."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cms.extensions import db
from plugins.articles import viewcount
from plugins.articles.models import ViewCount
from plugins.articles.viewcount import get_counter

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


def beacon(client, article_id, address="10.1.1.1", agent=BROWSER):
    return client.post(f"/_view/{article_id}", headers={"User-Agent": agent},
                       environ_base={"REMOTE_ADDR": address})


def stored_views(app, article_id=None) -> int:
    with app.app_context():
        query = select(func.coalesce(func.sum(ViewCount.count), 0))
        if article_id is not None:
            query = query.where(ViewCount.article_id == article_id)
        return db.session.scalar(query)


@pytest.fixture
def published(make_article):
    return make_article(status="published", title="Pasar Setono Betek Dibuka Lagi")


def test_only_published_existing_articles_are_counted(app, client, make_article, published):
    draft = make_article(title="Draf Rahasia")
    for article_id in (published, draft, 2_000_000_000):
        assert beacon(client, article_id).status_code == 204
    assert get_counter(app).flush() == 1
    assert stored_views(app) == 1
    assert stored_views(app, published) == 1


def test_a_refused_row_does_not_hold_back_the_others(app, client, make_article, published,
                                                     monkeypatch):
    other = make_article(status="published", title="Jembatan Baru di Mojoroto")
    beacon(client, published)
    beacon(client, other)
    real_add = viewcount.ViewCounter._add

    def refuse_one(article_id, day, views):
        if article_id == other:  # as if the article was deleted after the check
            from sqlalchemy.exc import IntegrityError
            raise IntegrityError("INSERT", {}, Exception("foreign key"))
        real_add(article_id, day, views)

    monkeypatch.setattr(viewcount.ViewCounter, "_add", staticmethod(refuse_one))
    counter = get_counter(app)
    assert counter.flush() == 1
    assert stored_views(app, published) == 1
    assert counter.pending() == 0  # the refused row is not retried forever


def test_repeat_views_from_one_reader_count_once(app, client, published):
    for _ in range(5):
        beacon(client, published)
    beacon(client, published, agent=BROWSER + " Edg/126.0")  # another browser, same address
    beacon(client, published, address="10.1.1.2")
    assert get_counter(app).flush() == 3


@pytest.mark.parametrize("agent", ["", "curl/8.5.0", "python-requests/2.32",
                                   "Mozilla/5.0 (compatible; Googlebot/2.1)",
                                   "facebookexternalhit/1.1", "Mozilla/5.0 HeadlessChrome/126"])
def test_crawlers_and_scripts_are_not_counted(app, client, published, agent):
    assert beacon(client, published, agent=agent).status_code == 204
    assert get_counter(app).pending() == 0


def test_the_pending_batch_is_bounded(app, monkeypatch):
    monkeypatch.setattr(viewcount, "MAX_PENDING_KEYS", 3)
    counter = get_counter(app)
    recorded = [counter.record(article_id) for article_id in range(1, 10)]
    assert recorded == [True] * 3 + [False] * 6
    assert counter.record(1)  # a pair already held still counts
    assert counter.pending() == 4


def test_a_failed_write_keeps_the_counts_within_the_bound(app, client, published, monkeypatch):
    from sqlalchemy.exc import OperationalError

    beacon(client, published)
    counter = get_counter(app)

    def unreachable(batch):
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(counter, "_published_only", unreachable)
    assert counter.flush() == 0
    assert counter.pending() == 1


def test_one_address_is_throttled(make_app, make_article):
    app = make_app(RATELIMIT_ENABLED=True, ARTICLES_VIEW_RATE_LIMIT_PER_ARTICLE="3 per hour",
                   ARTICLES_VIEW_RATE_LIMIT="6 per minute")
    article_id = make_article(status="published")
    client = app.test_client()
    answers = [beacon(client, article_id, agent=f"{BROWSER} v{n}").status_code
               for n in range(4)]
    assert answers == [204, 204, 204, 429]
    answers = [beacon(client, article_id + n + 1).status_code for n in range(3)]
    assert answers == [204, 204, 429]  # six beacons a minute from one address
    assert beacon(client, article_id, address="10.9.9.9").status_code == 204
