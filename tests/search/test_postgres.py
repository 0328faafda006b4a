"""What is particular to the PostgreSQL backend: start-up checks, parity with Whoosh, the
tsvector, suggestions with and without fuzzystrmatch, the time limit, failures."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
import sqlalchemy as sa

from cms.extensions import db
from cms.pluginmanager import get_manager
from plugins.search import queue
from plugins.search.models import IndexedArticle
from plugins.search.postgres import backend as postgres_backend
from plugins.search.postgres import indexing as postgres_indexing
from plugins.search.settings import settings_of
from plugins.search.whoosh.backend import WhooshSearch
from tests.articles.conftest import login_as
from tests.search.conftest import drain, search_ids

pytestmark = pytest.mark.search_backends("postgres")

PEMBINAAN = ("<p>Dinas Komunikasi dan Informatika mengadakan pembinaan Kelompok Informasi "
             "Masyarakat di aula kecamatan. Kegiatan pembinaan diikuti 120 peserta.</p>")


@pytest.mark.search_backends("whoosh")
@pytest.mark.parametrize(("backend", "message"), [
    ("postgres", 'SEARCH_BACKEND = "postgres" needs a PostgreSQL database, but this site '
                 "uses sqlite: set DATABASE_URL to a PostgreSQL server"),
    ("elastic", "SEARCH_BACKEND is 'elastic'; choose one of: whoosh, postgres"),
])
def test_a_backend_the_database_cannot_run_stops_the_plugin_with_the_fix(
        make_app, tmp_path, caplog, backend, message):
    with caplog.at_level(logging.ERROR, logger="cms.pluginmanager"):
        app = make_app(SEARCH_BACKEND=backend,
                       SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.db'}")
    record = get_manager(app).records["search"]
    assert record.status.value == "failed"
    assert message in record.error
    assert message in caplog.text and "Traceback" not in caplog.text
    assert "warta.search" not in app.extensions
    assert app.test_client().get("/").status_code == 200  # the site runs without search


def test_documents_hold_warta_stems_weighted_by_field(app, publish, make_category):
    category = make_category("Pemerintahan")
    article_id = publish(title="Pembinaan KIM", lead="Ringkasan kegiatan.", body=PEMBINAAN,
                         tags=["Informatika"], category_id=category,
                         when=datetime(2024, 3, 4, 3, 0))
    with app.app_context():
        row = db.session.get(IndexedArticle, article_id)
        content = db.session.scalar(sa.text(
            "SELECT CAST(content AS text) FROM search_document WHERE article_id = :id"),
            {"id": article_id})
    assert "'bina':1A" in content  # "Pembinaan" in the title, stemmed by Warta
    assert "'kim':2A" in content
    assert "'ringkas':3B" in content
    assert "'informatika':7C,20 " in content  # body, then the tag (D, not printed)
    assert "'redaktur':21 " in content and "'uji':22" in content  # the author
    assert "pembinaan" not in content
    assert (row.category, row.year, row.kind, row.video) == ("pemerintahan", "2024",
                                                             "berita", "0")
    assert row.spell == sorted({"pembinaan", "kim", "ringkasan", "kegiatan", "informatika"})


def test_both_backends_find_the_same_articles(app, publish, make_category):
    """The same articles, the same queries: Whoosh (same database) and PostgreSQL agree."""
    pertanian, wisata = make_category("Pertanian"), make_category("Wisata")
    texts = [
        ("Pembinaan petani di lereng Wilis", "<p>Dinas Pertanian membina petani kopi.</p>",
         pertanian, datetime(2023, 5, 1)),
        ("Harga gabah naik", "<p>Harga gabah kering giling naik di tingkat petani.</p>",
         pertanian, datetime(2024, 2, 1)),
        ("Gabah dan harga pupuk", "<p>Gabah petani, harga pupuk bersubsidi.</p>",
         pertanian, datetime(2024, 6, 1)),
        ("Wisata pantai Prigi", "<p>Pengunjung pantai naik saat libur panjang.</p>",
         wisata, datetime(2024, 7, 1)),
        ("Pemandu wisata dibina", "<p>Pembinaan pemandu di desa wisata.</p>",
         wisata, datetime(2025, 1, 1)),
    ]
    for title, body, category, when in texts:
        publish(title=title, body=body, category_id=category, when=when)
    postgres = app.extensions["warta.search"]
    whoosh = WhooshSearch(app, settings_of(app))
    with app.app_context():
        whoosh.rebuild()
    queries = [("bina", {}), ("petani", {}), ("harga gabah", {}), ('"harga gabah"', {}),
               ('"gabah harga"', {}), ("naik", {"category": "wisata"}),
               ("gabah", {"year": "2024"}), ("pantai kopi", {}), ("BÉTAWI", {}),
               ("pembinaan", {"kind": "berita", "video": "0"})]
    for query, filters in queries:
        mine, theirs = postgres.search(query, filters), whoosh.search(query, filters)
        assert mine.total == theirs.total, query
        assert mine.all_words == theirs.all_words, query
        assert {k: dict(v) for k, v in mine.facets.items()} == \
            {k: dict(v) for k, v in theirs.facets.items()}, query
        assert sorted(h.id for h in mine.hits) == sorted(h.id for h in theirs.hits), query
        by_id = {hit.id: hit for hit in theirs.hits}
        for hit in mine.hits:
            assert hit.highlights == by_id[hit.id].highlights, query
            assert hit.fields == by_id[hit.id].fields, query
        newest = [h.id for h in postgres.search(query, filters, sort="newest").hits]
        assert newest == [h.id for h in whoosh.search(query, filters, sort="newest").hits]
    assert postgres.suggest("petanu") == whoosh.suggest("petanu") == "petani"


@pytest.mark.parametrize("fuzzystrmatch", [False, True])
def test_did_you_mean_with_or_without_fuzzystrmatch(app, publish, service, fuzzystrmatch):
    publish(title="Banjir merendam Kras", body="<p>Banjir datang malam hari.</p>")
    publish(title="Banjir surut", lead="Warga Kras kembali.")
    with app.app_context():
        if fuzzystrmatch:
            db.session.execute(sa.text("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch"))
        else:
            db.session.execute(sa.text("DROP EXTENSION IF EXISTS fuzzystrmatch"))
        db.session.commit()
    service._fuzzystrmatch = None
    assert service.suggest("banjri merendam") == "banjir merendam"
    assert service.suggest("panjir") is None  # the first letter is kept
    assert service.suggest("banjir") is None
    assert service.search("banjri").suggestion == "banjir"
    assert service._fuzzystrmatch is fuzzystrmatch


@pytest.mark.parametrize("term", ["a'b", "back\\slash", "x:*", "!&|<->", "''", "中文"])
def test_quoted_terms_are_always_lexemes(app, term):
    with app.app_context():
        lexemes = db.session.scalar(sa.text("SELECT CAST(CAST(:q AS tsquery) AS text)"),
                                    {"q": postgres_indexing.quote_term(term)})
    assert lexemes == postgres_indexing.quote_term(term)


def test_a_slow_statement_is_cut_at_the_time_limit(make_app, publish, monkeypatch):
    publish(title="Pembinaan kader")
    matches = postgres_backend._matches
    monkeypatch.setattr(postgres_backend, "_matches", lambda q: sa.and_(
        matches(q), sa.func.pg_sleep(2).is_not(None)))
    app = make_app(SEARCH_TIME_LIMIT=0.3)
    response = app.test_client().get("/search?q=bina")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Pencarian dihentikan karena terlalu lama" in html
    assert app.extensions["warta.search"].search("bina").timed_out


def test_an_index_failure_never_breaks_the_save_and_keeps_the_queue(
        app, publish, service, monkeypatch, caplog):
    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(postgres_indexing, "document_row", broken)
    with caplog.at_level(logging.ERROR, logger="plugins.search.postgres.indexing"):
        article_id = publish(title="Festival kopi Wilis")
    assert "stay queued" in caplog.text
    with app.app_context():
        assert queue.queued_count() == 1
    monkeypatch.undo()
    drain(app)
    assert search_ids(service, "kopi") == [article_id]


def test_a_change_over_http_is_in_the_index_before_the_response(app, publish, editor,
                                                                service):
    article_id = publish(title="Sengketa tapal batas")
    assert search_ids(service, "tapal") == [article_id]
    response = login_as(app, editor).post(f"/admin/articles/{article_id}/delete")
    assert response.status_code == 302
    assert search_ids(service, "tapal") == []  # before the response is even closed
    with app.app_context():
        assert queue.queued_count() == 0


def test_gin_indexes_keep_their_pending_lists_short(app):
    with app.app_context():
        options = dict(db.session.execute(sa.text(
            "SELECT relname, array_to_string(reloptions, ',') FROM pg_class "
            "WHERE relname IN ('ix_search_document_content', 'ix_search_document_spell')")).all())
    assert options == {"ix_search_document_content": "gin_pending_list_limit=256",
                       "ix_search_document_spell": "gin_pending_list_limit=256"}


def test_a_change_made_by_another_app_server_reaches_this_ones_cached_answers(
        app, publish, service, make_app, editor):
    from cms.models import User
    from plugins.articles import services

    publish(title="Pembinaan kader")
    first = service.search("bina")
    assert service.search("bina") is first  # kept by this process
    other = make_app()  # another server on the same database
    with other.test_request_context():
        user = db.session.get(User, editor.id)
        article = services.save_article(user, services.ArticleInput(title="Pembinaan pemuda"))
        services.publish(user, article)
    assert service.search("bina").total == 2
