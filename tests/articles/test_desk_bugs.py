"""Bugs journalists hit at the desk, each replayed through the test client as they hit it."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from cms.extensions import db
from cms.hookspecs import hookimpl
from cms.models.user import utcnow
from cms.testing import register_temporarily
from plugins.articles.models import Article, Status
from tests.articles.conftest import FormValues, login_as


class LabelDesk:
    """Refuses every publish, as the advertorial plugin refuses an unlabelled advertorial."""

    @hookimpl
    def articles_check_publish(self, article):
        return "Advertorial wajib berlabel."


def editor_form(page: str) -> tuple[str, dict]:
    """The editor form's address and the values a browser would post back."""
    form = page.split('id="article-form"', 1)[1].split("</form>", 1)[0]
    action = re.search(r'action="([^"]*)"', form).group(1)
    parser = FormValues()
    parser.feed("<form " + form)
    return action, parser.values


def test_refused_publish_of_a_new_article_retries_on_the_saved_one(app, editor):
    client = login_as(app, editor)
    with register_temporarily(app, LabelDesk()):
        response = client.post("/admin/articles/new", data={
            "title": "Promo Wisata Kediri", "body": "<p>Diskon tiket.</p>",
            "category_id": "", "action": "publish"})
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "Advertorial wajib berlabel." in page
        with app.app_context():
            saved = db.session.scalar(select(Article))
        action, values = editor_form(page)
        assert action == f"/admin/articles/{saved.id}/edit"
        for _attempt in range(2):
            response = client.post(action, data=values | {"action": "publish"})
            assert response.status_code == 400
            action, values = editor_form(response.get_data(as_text=True))
    response = client.post(action, data=values | {"action": "publish"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 1
        article = db.session.scalar(select(Article))
        assert (article.slug, article.status) == ("promo-wisata-kediri", Status.PUBLISHED)


def test_scheduled_article_whose_time_passed_counts_as_published(app, editor, make_article,
                                                                 client):
    past = make_article(author=editor, title="Sudah Tayang", status="scheduled",
                        published_at=utcnow() - timedelta(hours=1))
    future = make_article(author=editor, title="Nanti Malam", status="scheduled",
                          published_at=utcnow() + timedelta(hours=3))
    client = login_as(app, editor)
    dashboard = client.get("/admin/").get_data(as_text=True)
    assert re.search(r"Terjadwal: 1\b", dashboard) and re.search(r"Terbit: 1\b", dashboard)
    scheduled = client.get("/admin/articles/?status=scheduled").get_data(as_text=True)
    assert f"/admin/articles/{future}/edit" in scheduled
    assert f"/admin/articles/{past}/edit" not in scheduled
    published = client.get("/admin/articles/?status=published").get_data(as_text=True)
    assert f"/admin/articles/{past}/edit" in published
    assert f"/admin/articles/{future}/edit" not in published


def test_photo_credit_typed_with_its_prefix_shows_it_once(app, editor, make_article, client):
    article_id = make_article(author=editor, status="published", title="Panen Raya",
                              image_credit="Foto: bsr1")
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article.image_credit == "bsr1"
        article.image_credit = "FOTO : bsr2"  # stored before saves cleaned it
        db.session.commit()
    attach_image(app, article_id)
    page = client.get("/berita/panen-raya").get_data(as_text=True)
    assert "(Foto: bsr2)" in page and "Foto: Foto" not in page and "FOTO" not in page


def attach_image(app, article_id: int) -> None:
    from plugins.articles.models import Media

    with app.app_context():
        media = Media(path="2026/01/x.jpg", width=800, height=600, format="jpeg",
                      size_bytes=1000, variants_json="{}")
        db.session.add(media)
        db.session.flush()
        db.session.get(Article, article_id).image_id = media.id
        db.session.commit()


def test_unsaved_new_article_is_listed_offered_and_can_be_thrown_away(app, writer, make_user):
    client = login_as(app, writer)
    other = login_as(app, make_user(role="journalist"))
    for key, title in (("kunci-lama-01", "Jembatan Putus"), ("kunci-baru-02", "Pasar Terbakar")):
        answer = client.post("/admin/articles/autosave", json={
            "draft_key": key, "fields": {"title": title, "body": "<p>Teks.</p>"}})
        assert answer.status_code == 200
    dashboard = client.get("/admin/").text
    assert "Jembatan Putus" in dashboard and "/admin/articles/new?draft=kunci-lama-01" in dashboard
    assert "Jembatan Putus" not in other.get("/admin/").text
    assert 'data-draft-key="kunci-baru-02"' in client.get("/admin/articles/new").text
    page = client.get("/admin/articles/new?draft=kunci-lama-01").text
    assert 'data-draft-key="kunci-lama-01"' in page and "Jembatan Putus" in page
    assert "server-restore" not in other.get("/admin/articles/new?draft=kunci-lama-01").text
    assert other.post("/admin/articles/drafts/kunci-lama-01/discard").status_code == 404
    response = client.post("/admin/articles/drafts/kunci-lama-01/discard")
    assert response.status_code == 302
    assert "Jembatan Putus" not in client.get("/admin/").text
    assert "Pasar Terbakar" in client.get("/admin/").text
