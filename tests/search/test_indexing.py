"""What is findable when: stemming, the publishing workflow, the queue and the writer."""

from __future__ import annotations

import logging
import os
from datetime import timedelta

import pytest
import sqlalchemy as sa
from whoosh.util.filelock import FileLock

from cms.extensions import db
from cms.models.user import utcnow
from cms.search import SearchDocument, get_search_service
from plugins.articles import services
from plugins.articles.models import Article
from plugins.search import queue
from plugins.search.backends import backend_of
from plugins.search.models import QueueEntry
from plugins.search.postgres import backend as postgres_backend
from plugins.search.whoosh import backend as whoosh_backend
from tests.articles.conftest import login_as
from tests.search.conftest import as_editor, drain, indexed_ids, search_ids, writer_busy

PEMBINAAN = "<p>Dinas Kominfo mengadakan pembinaan Kelompok Informasi Masyarakat.</p>"
PERTANIAN = "<p>Dinas Pertanian membagikan pupuk kepada petani di lereng Wilis.</p>"


def queued(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(sa.select(QueueEntry.article_id).order_by(QueueEntry.id)))


@pytest.mark.parametrize(("query", "body"), [
    ("bina", PEMBINAAN), ("membina", PEMBINAAN), ("dibina", PEMBINAAN),
    ("tani", PERTANIAN), ("pertanian", PERTANIAN), ("petani", PERTANIAN),
    ("Kelompok Informasi", PEMBINAAN), ("KOMINFO", PEMBINAAN),
])
def test_affixed_forms_find_their_root(publish, service, query, body):
    wanted = publish(title="Kabar dari desa", body=body)
    publish(title="Banjir melanda Kras", body="<p>Air setinggi lutut.</p>")
    assert search_ids(service, query) == [wanted]


def test_title_matches_rank_above_body_matches(publish, service):
    in_body = publish(title="Kabar desa", body="<p>Warga membahas pembinaan kader.</p>")
    in_title = publish(title="Pembinaan kader posyandu", body="<p>Kegiatan rutin warga.</p>")
    assert search_ids(service, "pembinaan") == [in_title, in_body]


def test_tags_author_and_lead_are_searchable(publish, service, make_user):
    tagged = publish(title="Kabar satu", tags=["Sengketa Lahan"])
    with_lead = publish(title="Kabar dua", lead="Ringkasan tentang gotong royong.")
    assert search_ids(service, "sengketa") == [tagged]
    assert search_ids(service, "gotong royong") == [with_lead]
    by_siti = publish(title="Kabar tiga", author=make_user(name="Siti Wartawati"))
    assert search_ids(service, "Wartawati") == [by_siti]


def test_html_is_stripped_but_inline_tags_do_not_split_words(publish, service, app):
    article_id = publish(title="Kabar", body="<p><b>pem</b>binaan</p><p>akhir</p><ul><li>awal"
                                             "</li></ul><p>&lt;script&gt;alert(1)</p>")
    assert search_ids(service, "bina") == [article_id]
    assert search_ids(service, "akhir") == [article_id]
    assert search_ids(service, "b") == []  # tag names are not words
    with app.test_request_context():
        body = service.search("alert").hits[0].highlights["body"]
    assert "&lt;script&gt;" in body and "<script>" not in body


def test_unpublish_archive_and_delete_remove_at_once(app, publish, service, editor):
    article_id = publish(title="Rapat anggaran desa")
    assert search_ids(service, "anggaran") == [article_id]
    as_editor(app, editor, article_id, services.unpublish)
    assert search_ids(service, "anggaran") == []
    as_editor(app, editor, article_id, lambda u, a: services.publish(u, a))
    assert search_ids(service, "anggaran") == [article_id]
    as_editor(app, editor, article_id, services.archive)
    assert search_ids(service, "anggaran") == []
    as_editor(app, editor, article_id, lambda u, a: services.publish(u, a))
    as_editor(app, editor, article_id, services.delete_article)
    assert search_ids(service, "anggaran") == []
    assert indexed_ids(app) == []
    assert queued(app) == []


def test_drafts_and_articles_in_review_are_not_findable(app, make_article, editor, service):
    draft = make_article(author=editor, title="Draf musyawarah")
    as_editor(app, editor, draft, services.submit_for_review)
    assert search_ids(service, "musyawarah") == []


def test_an_edit_replaces_the_old_text(app, publish, service, editor):
    article_id = publish(title="Harga cabai naik", body="<p>Pedagang mengeluh.</p>")

    def edit(user, article):
        services.save_article(user, services.ArticleInput(
            title="Harga bawang turun", body="<p>Pembeli senang.</p>"), article)

    as_editor(app, editor, article_id, edit)
    assert search_ids(service, "cabai") == []
    assert search_ids(service, "bawang") == [article_id]
    assert indexed_ids(app) == [article_id]


def test_scheduled_article_appears_at_its_time_without_touching_the_index(
        app, publish, service, monkeypatch):
    when = utcnow() + timedelta(hours=2)
    article_id = publish(title="Peresmian jembatan gantung", when=when)
    assert indexed_ids(app) == [article_id]  # indexed ahead, hidden at query time
    assert search_ids(service, "jembatan") == []
    assert service.search("jembatan").facets["year"] == {}
    for module in (whoosh_backend, postgres_backend):
        monkeypatch.setattr(module, "utcnow", lambda: when + timedelta(minutes=1))
    assert search_ids(service, "jembatan") == [article_id]


def test_search_document_fields_hook_sets_flags_and_text(make_app, plugin_folder, tmp_path):
    folder, write = plugin_folder
    write("penanda", '''
from cms.hookspecs import hookimpl
from cms.plugin import Plugin


class Penanda(Plugin):
    name = "penanda"
    version = "1.0"
    requires_plugins = ("search",)

    @hookimpl
    def search_document_fields(self, article):
        if "Iklan" in article.title:
            return {"advertorial": True, "has_video": True, "text": "rekaman drone",
                    "unknown": "ignored"}
        return None

    @hookimpl
    def articles_item_labels(self, articles, surface):
        # The label readers see comes from the articles plugin's hook, as advertorial's does.
        return {article.id: "Iklan" for article in articles if "Iklan" in article.title}


plugin = Penanda()
''')
    app = make_app(PLUGINS=["articles", "search", "penanda"],
                   EXTRA_PLUGIN_FOLDERS=[str(folder)])
    from cms.auth.services import create_user
    from cms.models import User

    with app.app_context():
        user_id = create_user("r@example.com", "Redaktur", "editor",
                              "kopi-tubruk-di-pasar-Pare").id
    ids = []
    for title in ("Iklan wisata Kelud", "Liputan wisata Kelud"):
        with app.test_request_context():
            user = db.session.get(User, user_id)
            article = services.save_article(user, services.ArticleInput(title=title))
            services.publish(user, article)
            ids.append(article.id)
    with app.test_request_context():
        service = get_search_service()
        results = service.search("wisata")
        assert results.facets["kind"] == {"berita": 1, "advertorial": 1}
        assert results.facets["video"] == {"0": 1, "1": 1}
        assert search_ids(service, "wisata", kind="advertorial") == [ids[0]]
        assert search_ids(service, "wisata", video="1") == [ids[0]]
        assert search_ids(service, "drone") == [ids[0]]
    page = app.test_client().get("/search?q=wisata").get_data(as_text=True)
    assert page.count("search-result__label--advertorial") == 1
    assert page.count("search-result__label--video") == 1


def test_a_busy_writer_leaves_changes_queued_never_lost(app, publish, service):
    with writer_busy(app):
        article_id = publish(title="Lomba perahu naga")  # saved while another writer runs
        assert search_ids(service, "perahu") == []
        assert article_id in queued(app)
    report = drain(app)
    assert (report.busy, report.indexed) == (False, 1)
    assert search_ids(service, "perahu") == [article_id]
    assert queued(app) == []


def test_queue_failure_never_breaks_the_save(app, publish, service, caplog):
    with app.app_context():
        db.session.execute(sa.text("DROP TABLE search_queue"))
        db.session.commit()
    with caplog.at_level(logging.ERROR, logger="plugins.search.queue"):
        article_id = publish(title="Pasar murah ramadan")
    assert article_id
    assert "could not queue" in caplog.text


@pytest.mark.search_backends("whoosh")
def test_index_failure_never_breaks_the_save_and_keeps_the_queue(app, publish, service, caplog):
    root = backend_of(app).store.root
    root.parent.mkdir(parents=True, exist_ok=True)
    root.write_text("not a folder")  # the writer cannot even take its lock
    with caplog.at_level(logging.ERROR, logger="plugins.search.whoosh.indexing"):
        article_id = publish(title="Festival kopi Wilis")
    assert "stay queued" in caplog.text
    assert article_id in queued(app)
    root.unlink()
    with app.app_context():
        backend_of(app).drain()
    assert search_ids(service, "kopi") == [article_id]


@pytest.mark.search_backends("whoosh")
def test_a_whoosh_lock_left_behind_does_not_stop_the_writer(app, publish, service):
    first = publish(title="Kirab budaya")
    generation = backend_of(app).store.current_path()
    leaked = FileLock(str(generation / "MAIN_WRITELOCK"))  # a writer that never let go
    assert leaked.acquire()
    try:
        second = publish(title="Kirab pusaka")
        assert sorted(search_ids(service, "kirab")) == [first, second]
    finally:
        os.close(leaked.fd)


def test_service_index_and_delete_go_through_the_queue(app, make_article, editor, service):
    article_id = make_article(author=editor, title="Sedekah bumi")
    with app.app_context():  # published behind the newsroom's back: no hook
        article = db.session.get(Article, article_id)
        article.status, article.published_at = "published", utcnow()
        db.session.commit()
    assert search_ids(service, "sedekah") == []
    with app.test_request_context():
        service.index(SearchDocument(id=str(article_id), fields={}))
    assert search_ids(service, "sedekah") == [article_id]
    with app.app_context():
        db.session.execute(sa.delete(QueueEntry))
        article = db.session.get(Article, article_id)
        article.status = "draft"
        db.session.commit()
    with app.test_request_context():
        service.delete(str(article_id))
    assert search_ids(service, "sedekah") == []


@pytest.mark.search_backends("whoosh")
def test_rebuild_swaps_generations_and_keeps_one_old(app, make_article, editor, service):
    ids = [make_article(author=editor, title=f"Panen raya {n}", status="published")
           for n in range(3)]
    store = backend_of(app).store
    with app.app_context():
        assert service.rebuild() == 3
        first = store.current_path()
        with app.test_request_context():
            assert sorted(search_ids(service, "panen")) == ids
        assert service.rebuild() == 3
        second = store.current_path()
        assert service.rebuild() == 3
    assert first != second != store.current_path()
    assert sorted(p.name for p in store.root.glob("gen-*")) == sorted(
        [second.name, store.current_path().name])
    assert sorted(search_ids(service, "panen")) == ids


def test_a_drain_refreshes_search_pages_in_the_page_cache(make_app, make_article, editor):
    app = make_app(PAGE_CACHE=True, CACHE_TYPE="SimpleCache")
    client = app.test_client()
    assert "Tidak ada artikel yang cocok" in client.get("/search?q=lumbung").get_data(True)
    article_id = make_article(author=editor, title="Lumbung desa")
    with app.app_context():  # published behind the newsroom's back: only the drain knows
        article = db.session.get(Article, article_id)
        article.status, article.published_at = "published", utcnow()
        db.session.commit()
    assert "Tidak ada artikel yang cocok" in client.get("/search?q=lumbung").get_data(True)
    with app.app_context():
        queue.enqueue([article_id], "saved")
    drain(app)
    assert "1 artikel ditemukan" in client.get("/search?q=lumbung").get_data(True)


@pytest.mark.search_backends("whoosh")
def test_a_change_over_http_reaches_the_index_after_the_response_is_sent(
        app, publish, editor, service):
    article_id = publish(title="Sengketa tapal batas")
    response = login_as(app, editor).post(f"/admin/articles/{article_id}/delete")
    assert response.status_code == 302
    assert queued(app) == [article_id]  # queued at once, not yet written: nobody waited
    assert search_ids(service, "tapal") == [article_id]
    response.close()  # what the server does once the last byte is out
    assert queued(app) == []
    assert search_ids(service, "tapal") == []
