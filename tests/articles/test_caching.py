"""Readers' pages with the site's caches on, as a live site runs them.

The fragment cache and the page cache keep rendered parts and whole pages per content
generation. What readers must never notice: a published, edited or scheduled article
shows on every page at once (or at its time), and a logged-in editor never gets a page
cached for someone else.
"""

from __future__ import annotations

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest

from cms import pagecache
from cms.extensions import cache, db
from cms.models.user import utcnow
from plugins.articles import queries, services
from plugins.articles.models import Article
from tests.articles.conftest import count_queries, login_as


@pytest.fixture
def cached_app(make_app):
    return make_app(PLUGINS=["articles"], FRAGMENT_CACHE=True, PAGE_CACHE=True)


def newsroom_of(app, make_user):
    """An editor's client and a rubrik to write in."""
    from plugins.articles.models import Category

    with app.app_context():
        rubrik = Category(name="Pemerintahan", slug="pemerintahan")
        db.session.add(rubrik)
        db.session.commit()
        rubrik_id = rubrik.id
    return login_as(app, make_user(role="editor")), rubrik_id


@pytest.fixture
def newsroom(cached_app, make_user):
    return newsroom_of(cached_app, make_user)


@pytest.fixture
def fragments_app(make_app):
    """Cached fragments but no page cache: every request reaches the view."""
    return make_app(PLUGINS=["articles"], FRAGMENT_CACHE=True, PAGE_CACHE=False)


def publish(editor, rubrik: int, title: str, **fields) -> None:
    response = editor.post("/admin/articles/new", data={
        "title": title, "body": "<p>Isi berita.</p>", "category_id": str(rubrik),
        "action": "publish", **fields})
    assert response.status_code == 302, response.get_data(as_text=True)


def text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def article_id(app, title: str) -> int:
    with app.app_context():
        return db.session.query(Article.id).filter_by(title=title).scalar()


def test_publishing_reaches_every_cached_page_at_once(cached_app, newsroom):
    editor, rubrik = newsroom
    reader = cached_app.test_client()
    publish(editor, rubrik, "Jembatan Lama Diperbaiki")
    for path in ("/", "/rubrik/pemerintahan/", "/feed.xml"):
        assert "Jembatan Lama Diperbaiki" in text(reader, path)
    publish(editor, rubrik, "Pasar Baru Dibuka")
    for path in ("/", "/rubrik/pemerintahan/", "/feed.xml", "/sitemap-articles-1.xml"):
        page = text(reader, path)
        assert "Pasar Baru Dibuka" in page or "pasar-baru-dibuka" in page, path


def test_pages_cached_before_a_schema_upgrade_are_dropped_by_it(make_app):
    """A plugin installed on a running site serves pages without its blocks until its
    tables exist; ``cms db upgrade`` must not leave those pages to readers."""
    from cms.auth.services import create_user
    from tests.conftest import STRONG_PASSWORD, CmsRunner

    app = make_app(create_tables=False, PLUGINS=["articles"], FRAGMENT_CACHE=True,
                   PAGE_CACHE=True)
    cms = CmsRunner(app)
    assert cms.invoke(["db", "upgrade"]).exit_code == 0
    with app.app_context():
        create_user("redaktur@example.com", "Redaktur", "editor", STRONG_PASSWORD)
    editor, rubrik = newsroom_of(app, lambda role: SimpleNamespace(email="redaktur@example.com"))
    reader = app.test_client()
    publish(editor, rubrik, "Sawah Terendam Banjir")
    assert "Sawah Terendam Banjir" in text(reader, "/")
    with app.app_context():
        db.session.execute(db.update(Article).values(title="Sawah Kembali Kering"))
        db.session.commit()
    assert "Sawah Terendam Banjir" in text(reader, "/")  # the cached page, as readers get it
    result = cms.invoke(["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Sawah Kembali Kering" in text(reader, "/")


def test_an_edit_shows_on_the_article_page_and_in_related_cards(cached_app, newsroom):
    editor, rubrik = newsroom
    reader = cached_app.test_client()
    publish(editor, rubrik, "Panen Raya Dimulai")
    publish(editor, rubrik, "Harga Beras Turun")
    first = article_id(cached_app, "Panen Raya Dimulai")
    with cached_app.app_context():
        slug = db.session.get(Article, first).slug
    assert "Harga Beras Turun" in text(reader, f"/berita/{slug}")  # a related card
    second = article_id(cached_app, "Harga Beras Turun")
    form = editor.get(f"/admin/articles/{second}/edit")
    assert form.status_code == 200
    from tests.articles.conftest import form_of

    fields = {**form_of(editor, second), "title": "Harga Beras Turun Lagi", "action": "save"}
    assert editor.post(f"/admin/articles/{second}/edit", data=fields).status_code == 302
    assert "Harga Beras Turun Lagi" in text(reader, f"/berita/{slug}")
    assert "Harga Beras Turun Lagi" in text(reader, "/")


def test_a_scheduled_article_appears_at_its_time_with_nobody_saving(cached_app, newsroom,
                                                                    make_user):
    editor, rubrik = newsroom
    reader = cached_app.test_client()
    publish(editor, rubrik, "Berita Hari Ini")
    with cached_app.test_request_context():
        author = make_user(role="editor", name="Penjadwal")
        user = db.session.get(type(author), author.id)
        article = services.save_article(user, services.ArticleInput(
            title="Berita Dua Detik Lagi", body="<p>x</p>", category_id=rubrik))
        services.publish(user, article, when=utcnow() + timedelta(seconds=2))
        assert article.status == "scheduled"
    for path in ("/", "/rubrik/pemerintahan/", "/feed.xml"):
        assert "Berita Dua Detik Lagi" not in text(reader, path)
    time.sleep(2.2)
    for path in ("/", "/rubrik/pemerintahan/", "/feed.xml"):
        assert "Berita Dua Detik Lagi" in text(reader, path), path


def test_the_page_cache_answers_again_without_the_view(cached_app, newsroom, monkeypatch):
    editor, rubrik = newsroom
    publish(editor, rubrik, "Jalan Desa Diaspal")
    reader = cached_app.test_client()
    first = reader.get("/rubrik/pemerintahan/")
    calls = []
    monkeypatch.setattr(queries, "in_category", lambda *a, **k: calls.append(1))
    again = reader.get("/rubrik/pemerintahan/")
    assert again.status_code == 200
    assert again.get_data() == first.get_data()
    assert calls == []  # not a single line of the view ran
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "ETag", "Cache-Control"):
        assert again.headers[header] == first.headers[header]


def test_a_cached_page_still_answers_304_and_head(cached_app, newsroom):
    editor, rubrik = newsroom
    publish(editor, rubrik, "Sekolah Baru Diresmikan")
    reader = cached_app.test_client()
    etag = reader.get("/").headers["ETag"]
    reader.get("/")
    unchanged = reader.get("/", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.get_data() == b""
    head = reader.head("/")
    assert head.status_code == 200
    assert head.get_data() == b""
    publish(editor, rubrik, "Puskesmas Buka 24 Jam")
    changed = reader.get("/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Puskesmas Buka 24 Jam" in changed.get_data(as_text=True)


def test_a_logged_in_editor_never_gets_a_readers_cached_page(cached_app, newsroom):
    editor, rubrik = newsroom
    publish(editor, rubrik, "Rapat Dewan")
    reader = cached_app.test_client()
    reader.get("/")
    reader.get("/")
    page = editor.get("/")
    assert "private" in page.headers["Cache-Control"]
    assert "Set-Cookie" not in reader.get("/").headers


def test_the_current_rubrik_is_marked_on_its_own_page_only(cached_app, newsroom):
    editor, rubrik = newsroom
    from plugins.articles.models import Category

    with cached_app.app_context():
        db.session.add(Category(name="Olahraga", slug="olahraga"))
        db.session.commit()
    publish(editor, rubrik, "Turnamen Voli")
    reader = cached_app.test_client()
    politics = text(reader, "/rubrik/pemerintahan/")
    sport = text(reader, "/rubrik/olahraga/")
    assert 'href="/rubrik/pemerintahan/" aria-current="page"' in politics
    assert 'href="/rubrik/olahraga/" aria-current="page"' not in politics
    assert 'href="/rubrik/olahraga/" aria-current="page"' in sport


def test_a_page_past_the_end_is_404_even_with_fragments(cached_app, newsroom):
    editor, rubrik = newsroom
    publish(editor, rubrik, "Satu-satunya Berita")
    reader = cached_app.test_client()
    assert reader.get("/rubrik/pemerintahan/?page=1").status_code == 200
    assert reader.get("/rubrik/pemerintahan/?page=2").status_code == 404
    assert reader.get("/sitemap-articles-2.xml").status_code == 404


def test_fragments_keep_each_hosts_own_addresses(cached_app, newsroom):
    editor, rubrik = newsroom
    publish(editor, rubrik, "Festival Kopi Kediri")
    with cached_app.app_context():
        slug = db.session.query(Article.slug).filter_by(title="Festival Kopi Kediri").scalar()
    reader = cached_app.test_client()
    first = reader.get(f"/berita/{slug}", base_url="http://satu.example").get_data(as_text=True)
    second = reader.get(f"/berita/{slug}", base_url="http://dua.example").get_data(as_text=True)
    assert f'href="http://satu.example/berita/{slug}" data-copy-link' in first
    assert f'href="http://dua.example/berita/{slug}" data-copy-link' in second


def test_new_site_settings_show_on_cached_pages_at_once(cached_app, newsroom):
    editor, rubrik = newsroom
    publish(editor, rubrik, "Lomba Perahu Naga")
    reader = cached_app.test_client()
    assert "Kabar Kediri" not in text(reader, "/rubrik/pemerintahan/")
    response = editor.post("/admin/settings", data={
        "site_name": "Kabar Kediri", "tagline": "Dari desa untuk desa", "language": "id",
        "timezone": "Asia/Jakarta", "accent_color": "#0b5cab"})
    assert response.status_code == 302
    for path in ("/", "/rubrik/pemerintahan/", "/feed.xml"):
        page = text(reader, path)
        assert "Kabar Kediri" in page, path
    assert "Dari desa untuk desa" in text(reader, "/")



def test_pages_answered_from_fragments_ask_the_database_nothing(fragments_app, make_user):
    editor, rubrik = newsroom_of(fragments_app, make_user)
    publish(editor, rubrik, "Irigasi Sawah Diperbaiki")
    slug = db_slug(fragments_app, "Irigasi Sawah Diperbaiki")
    reader = fragments_app.test_client()
    for path in (f"/berita/{slug}", "/rubrik/pemerintahan/", "/"):
        assert count_queries(fragments_app, path, reader) > 0, path  # the first renders
        assert count_queries(fragments_app, path, reader) == 0, path


def test_an_article_leaves_its_address_as_soon_as_it_is_deleted(fragments_app, make_user):
    editor, rubrik = newsroom_of(fragments_app, make_user)
    publish(editor, rubrik, "Berita Yang Dihapus")
    slug = db_slug(fragments_app, "Berita Yang Dihapus")
    reader = fragments_app.test_client()
    assert "Berita Yang Dihapus" in text(reader, f"/berita/{slug}")
    assert "Berita Yang Dihapus" in text(reader, f"/berita/{slug}")
    removed = article_id(fragments_app, "Berita Yang Dihapus")
    assert editor.post(f"/admin/articles/{removed}/delete").status_code == 302
    assert reader.get(f"/berita/{slug}").status_code == 404


def test_a_new_or_deleted_rubrik_shows_in_the_navigation_at_once(cached_app, newsroom):
    editor, rubrik = newsroom
    publish(editor, rubrik, "Rapat Desa")
    reader = cached_app.test_client()
    assert "Olahraga" not in text(reader, "/")
    added = editor.post("/admin/categories", data={"name": "Olahraga", "position": "1"})
    assert added.status_code == 302, added.get_data(as_text=True)
    assert 'href="/rubrik/olahraga/"' in text(reader, "/")
    assert reader.get("/rubrik/olahraga/").status_code == 200
    from plugins.articles.models import Category

    with cached_app.app_context():
        sport = db.session.query(Category.id).filter_by(slug="olahraga").scalar()
    assert editor.post(f"/admin/categories/{sport}/delete").status_code == 302
    assert 'href="/rubrik/olahraga/"' not in text(reader, "/")
    assert reader.get("/rubrik/olahraga/").status_code == 404


def db_slug(app, title: str) -> str:
    with app.app_context():
        return db.session.query(Article.slug).filter_by(title=title).scalar()


def test_a_store_left_by_an_older_warta_still_serves_pages(make_app, tmp_path):
    """Warta before the cache tags kept ``(token, due)`` under the generation's key; a site
    upgraded with its cache folder (or Redis) intact must not answer 500 on every page."""
    store = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache")}
    older = make_app(PLUGINS=["articles"], FRAGMENT_CACHE=True, PAGE_CACHE=True, **store)
    with older.app_context():
        cache.set("warta:page:generation", ("6cbbfc39e226fb72", "never"), timeout=0)
    upgraded = make_app(PLUGINS=["articles"], FRAGMENT_CACHE=True, PAGE_CACHE=True, **store)
    reader = upgraded.test_client()
    assert reader.get("/").status_code == 200
    with upgraded.test_request_context():
        pagecache.invalidate()
    assert reader.get("/").status_code == 200


def test_other_workers_follow_a_change_within_a_moment(make_app, tmp_path):
    store = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache")}
    one, two = make_app(PLUGINS=["articles"], **store), make_app(PLUGINS=["articles"], **store)

    def version(app) -> str:
        with app.test_request_context():
            return pagecache.content_version()

    before = version(two)
    with one.test_request_context():
        pagecache.invalidate()
    moved = version(one)
    assert moved != before
    time.sleep(pagecache.GENERATION_RECHECK_SECONDS + 0.05)
    assert version(two) == moved
