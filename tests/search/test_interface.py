"""The search plugin behind the core's interface: settings checked once at start-up, every
write through ``SearchService``, and searches that leave the garbage collector alone."""

from __future__ import annotations

import gc
import logging

import pytest

from cms.api import SORT_NEWEST, SearchService, call_hook, get_search_service
from cms.extensions import db
from cms.models import User
from cms.pluginmanager import get_manager
from plugins.articles import services
from plugins.articles.models import Article
from plugins.search.whoosh import postings
from tests.search.conftest import search_ids


@pytest.mark.search_backends("whoosh")
@pytest.mark.parametrize(("setting", "value", "message"), [
    ("SEARCH_STEMMER", "porter", "SEARCH_STEMMER is 'porter'; choose one of: sastrawi, "
                                 "snowball"),
    ("SEARCH_CACHE_SIZE", -1, "SEARCH_CACHE_SIZE is -1; it must not be negative"),
    ("SEARCH_TIME_LIMIT", "lama", "SEARCH_TIME_LIMIT is 'lama'; it must be a number"),
    ("BABEL_DEFAULT_TIMEZONE", "Asia/Bandung", "BABEL_DEFAULT_TIMEZONE is 'Asia/Bandung', "
                                               "which is not a time zone"),
])
def test_a_setting_that_cannot_work_stops_the_plugin_at_start_with_the_fix(
        make_app, caplog, setting, value, message):
    with caplog.at_level(logging.ERROR, logger="cms.pluginmanager"):
        app = make_app(**{setting: value})
    record = get_manager(app).records["search"]
    assert record.status.value == "failed"
    assert message in record.error
    assert "warta.search" not in app.extensions
    assert app.test_client().get("/").status_code == 200  # the site runs without search


@pytest.mark.search_backends("whoosh")
def test_settings_are_read_when_the_site_starts(app, publish, service):
    publish(title="Kirab budaya Kediri")
    app.config["SEARCH_TIME_LIMIT"] = 0  # changed under a running site: not read again
    results = service.search("kirab")
    assert not results.timed_out
    assert results.total == 1


def test_the_core_interface_takes_the_sort_the_search_page_passes(app, publish, service):
    older = publish(title="Panen raya di Kras")
    newer = publish(title="Kabar dari sawah", body="<p>Warga bersiap panen.</p>")
    with app.app_context():
        found = get_search_service()
        assert isinstance(found, SearchService)
        relevant = found.search("panen")
        newest = found.search("panen", sort=SORT_NEWEST)
    assert [int(hit.id) for hit in relevant.hits] == [older, newer]
    assert [int(hit.id) for hit in newest.hits] == [newer, older]


def test_saves_deletions_and_imports_reach_the_index_through_the_service(
        app, publish, editor, service, monkeypatch):
    calls = []
    for name in ("index", "delete", "index_many"):
        original = getattr(service, name)
        monkeypatch.setattr(service, name, lambda arg, name=name, original=original, **kw: (
            calls.append((name, arg.id if name == "index" else arg)), original(arg, **kw))[1])
    article_id = publish(title="Sedekah laut Prigi")
    assert ("index", str(article_id)) in calls
    assert search_ids(service, "sedekah") == [article_id]

    with app.app_context():
        call_hook("articles_bulk_changed", article_ids=[article_id], action="imported")
    assert ("index_many", [str(article_id)]) in calls

    with app.test_request_context():
        services.delete_article(db.session.get(User, editor.id),
                                db.session.get(Article, article_id))
    assert ("delete", str(article_id)) in calls
    assert search_ids(service, "sedekah") == []


@pytest.mark.search_backends("whoosh")
def test_a_search_leaves_the_collector_on_and_freezes_the_warm_heap(
        publish, service, monkeypatch):
    publish(title="Harga gabah naik", body="<p>Harga gabah di desa naik lagi.</p>")
    enabled = []
    read = postings.read
    monkeypatch.setattr(postings, "read", lambda *args, **kwargs: (
        enabled.append(gc.isenabled()), read(*args, **kwargs))[1])
    assert search_ids(service, '"harga gabah"')
    assert enabled and all(enabled)  # other threads' garbage is still collected
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # the heap alive after the first search is frozen
