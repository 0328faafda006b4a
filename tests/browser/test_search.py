"""A reader searches from the header box, sees the matching word highlighted, and narrows
the results by rubrik, in a real browser and within the Content-Security-Policy."""

from __future__ import annotations

import pytest

from cms.extensions import db
from cms.models import User
from plugins.articles import services
from plugins.articles.models import Article, Category

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles", "search"]}


@pytest.fixture
def newsroom(app, make_user):
    """Three published stories, two of them about "pembinaan", in two rubrik."""
    editor = make_user(role="editor")
    stories = [
        ("Pemerintahan", "Pembinaan KIM di Cibinong",
         "<p>Diskominfo mengadakan pembinaan Kelompok Informasi Masyarakat.</p>"),
        ("Pertanian", "Penyuluh mendampingi petani",
         "<p>Dinas Pertanian melanjutkan pembinaan kelompok tani di lereng Wilis.</p>"),
        ("Pertanian", "Harga gabah naik", "<p>Petani menyambut musim panen.</p>"),
    ]
    for rubrik, title, body in stories:
        with app.test_request_context():
            slug = rubrik.lower()
            category = db.session.scalar(db.select(Category).where(Category.slug == slug))
            if category is None:
                category = Category(name=rubrik, slug=slug)
                db.session.add(category)
                db.session.commit()
            user = db.session.get(User, editor.id)
            article = services.save_article(user, services.ArticleInput(
                title=title, body=body, category_id=category.id))
            services.publish(user, db.session.get(Article, article.id))


def test_reader_searches_bina_sees_pembinaan_highlighted_and_narrows_by_rubrik(
        page, live_server, newsroom):
    page.goto(f"{live_server}/")
    page.get_by_role("searchbox", name="Cari berita").fill("bina")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url(f"{live_server}/search?q=bina")

    results = page.locator(".search-result")
    assert results.count() == 2
    assert page.get_by_text("2 artikel ditemukan untuk “bina”.").is_visible()
    highlighted = page.locator(".search-result mark.search-match")
    assert {text.lower() for text in highlighted.all_inner_texts()} == {"pembinaan"}
    mark_style = highlighted.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert mark_style not in ("rgba(0, 0, 0, 0)", "transparent")  # the stylesheet applied

    facets = page.get_by_role("complementary", name="Saring hasil")
    facets.get_by_role("link", name="Pemerintahan").click()
    page.wait_for_url(f"{live_server}/search?q=bina&rubrik=pemerintahan")
    assert results.count() == 1
    assert results.first.get_by_role("link").inner_text() == "Pembinaan KIM di Cibinong"
    assert results.first.locator(".search-result__category").inner_text() == "Pemerintahan"

    facets.get_by_title("Hapus saringan").click()  # back to every rubrik
    page.wait_for_url(f"{live_server}/search?q=bina")
    assert results.count() == 2
    assert page.console_errors == []
