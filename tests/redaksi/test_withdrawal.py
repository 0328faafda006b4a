"""Withdrawal with a reason (PPMS point 5): 410 with a public notice at the old address,
gone from every listing, feed, sitemap and the search, the text kept in the revisions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cms.api import iso_datetime
from cms.extensions import db
from cms.models import User
from plugins.articles import services
from plugins.articles.models import Article, Revision
from plugins.redaksi.models import Withdrawal
from tests.articles.conftest import load, login_as

REASON = "Narasumber utama ternyata tidak pernah diwawancarai; berita tidak dapat dipertanggungjawabkan."  # noqa: E501
BODY_WORDS = "Air setinggi lutut merendam 40 rumah."


def withdraw(desk, article_id: int, reason: str = REASON):
    return desk.post(f"/admin/redaksi/article/{article_id}/withdraw",
                     data={"withdrawal-reason": reason})


def withdrawals(app) -> list[Withdrawal]:
    with app.app_context():
        rows = db.session.scalars(select(Withdrawal)).all()
        db.session.expunge_all()
        return rows


def test_old_address_answers_410_with_title_reason_and_date(app, client, desk, story,
                                                            story_url):
    assert withdraw(desk, story).status_code == 302
    [withdrawal] = withdrawals(app)
    assert withdrawal.article_id == story
    response = client.get(story_url)
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert "<h1>Banjir Melanda Desa Kras</h1>" in page
    assert "Berita dicabut" in page and REASON in page
    assert f'<time datetime="{iso_datetime(withdrawal.withdrawn_at)}">' in page
    assert "WIB</time>" in page
    assert BODY_WORDS not in page  # the body is gone
    assert '<meta name="robots" content="noindex">' in page


def test_withdrawn_status_and_text_kept_in_the_revisions(app, desk, story, editor):
    withdraw(desk, story)
    article = load(app, story)
    assert article.status == "withdrawn"
    with app.app_context():
        newest = db.session.scalar(select(Revision).where(Revision.article_id == story)
                                   .order_by(Revision.number.desc()).limit(1))
        assert newest.note.startswith("Dicabut: Narasumber utama")
        assert len(newest.note) <= 200
        assert BODY_WORDS in newest.data["body"]
        assert newest.user_id == editor.id
        assert newest.data["status"] == "withdrawn"


@pytest.mark.parametrize("path", ["/", "/rubrik/pemerintahan/", "/tag/banjir/", "/feed.xml",
                                  "/rubrik/pemerintahan/feed.xml", "/tag/banjir/feed.xml",
                                  "/sitemap-articles-1.xml", "/sitemap-news.xml"])
def test_withdrawn_story_leaves_listings_feeds_and_sitemaps(client, desk, story,
                                                            make_article, category, path):
    make_article(status="published", title="Panen Raya di Gurah", category_id=category,
                 tags=["banjir"])
    assert "banjir-melanda-desa-kras" in client.get(path).get_data(as_text=True)
    withdraw(desk, story)
    response = client.get(path)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Panen Raya" in body or "panen-raya" in body
    assert "Banjir Melanda" not in body and "banjir-melanda-desa-kras" not in body


def test_withdrawn_story_leaves_the_search(make_app, editor):
    searching = make_app(PLUGINS=["articles", "pages", "search", "redaksi"])
    reader = searching.test_client()
    with searching.test_request_context():
        user = db.session.get(User, editor.id)
        article = services.save_article(user, services.ArticleInput(
            title="Jembatan Gantung Putus", body="<p>Jembatan gantung di Kras putus.</p>"))
        services.publish(user, article)
        article_id = article.id
    found = 'href="/berita/jembatan-gantung-putus"'
    assert found in reader.get("/search?q=jembatan").get_data(as_text=True)
    editor_client = login_as(searching, editor)
    assert withdraw(editor_client, article_id).status_code == 302
    assert found not in reader.get("/search?q=jembatan").get_data(as_text=True)


def test_an_older_address_of_the_story_answers_410_too(app, client, desk, story, editor):
    with app.test_request_context():
        user = db.session.get(User, editor.id)
        article = db.session.get(Article, story)
        services.save_article(user, services.ArticleInput(title=article.title,
                                                          slug="banjir-kras"), article)
    withdraw(desk, story)
    old = client.get("/berita/banjir-melanda-desa-kras")
    assert old.status_code == 410 and REASON in old.get_data(as_text=True)
    assert client.get("/berita/banjir-kras").status_code == 410


def test_a_story_withdrawn_outside_this_plugin_still_answers_410(app, client, story,
                                                                 story_url, editor):
    with app.test_request_context():
        services.withdraw(db.session.get(User, editor.id), db.session.get(Article, story),
                          "Dicabut lewat skrip")
    response = client.get(story_url)
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert "<h1>Banjir Melanda Desa Kras</h1>" in page
    assert f'<time datetime="{iso_datetime(load(app, story).updated_at)}">' in page
    assert "Alasan pencabutan" not in page and BODY_WORDS not in page


def test_other_hidden_articles_stay_404(app, client, desk, make_article, story, editor):
    draft = make_article(title="Draf Rahasia Redaksi")
    assert client.get(f"/berita/{load(app, draft).slug}").status_code == 404
    with app.test_request_context():
        services.unpublish(db.session.get(User, editor.id), db.session.get(Article, story))
    assert client.get("/berita/banjir-melanda-desa-kras").status_code == 404
    assert client.get("/berita/tidak-pernah-ada").status_code == 404


def test_withdrawing_a_draft_is_400_and_changes_nothing(app, client, desk, make_article):
    draft = make_article(title="Draf Belum Terbit")
    response = withdraw(desk, draft)
    assert response.status_code == 400
    assert "Hanya berita yang sedang terbit" in response.get_data(as_text=True)
    assert load(app, draft).status == "draft"
    assert withdrawals(app) == []


def test_withdrawing_twice_is_400(app, desk, story):
    withdraw(desk, story)
    assert withdraw(desk, story).status_code == 400
    assert len(withdrawals(app)) == 1


@pytest.mark.parametrize("reason", ["", "   "])
def test_withdrawal_needs_a_reason(app, client, desk, story, story_url, reason):
    response = withdraw(desk, story, reason)
    assert response.status_code == 400
    assert "Alasan pencabutan wajib diisi." in response.get_data(as_text=True)
    assert client.get(story_url).status_code == 200
    assert withdrawals(app) == []


def test_unknown_article_is_404(desk):
    assert withdraw(desk, 4040).status_code == 404


def test_corrections_of_a_withdrawn_story_stay_public_and_point_to_the_notice(
        client, desk, story, story_url):
    desk.post(f"/admin/redaksi/article/{story}/correction",
              data={"correction-kind": "koreksi", "correction-text": "Jumlah rumah 40."})
    withdraw(desk, story)
    page = client.get("/koreksi/1").get_data(as_text=True)
    assert "Jumlah rumah 40." in page and "sudah dicabut" in page
    assert f'href="{story_url}#koreksi-1"' in page
