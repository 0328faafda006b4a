"""Marking an article as an advertorial in the editor, and the publishing rule the press
council's guideline sets: no paid article goes out without a sponsor and a label."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cms.extensions import db
from plugins.advertorial.marking import with_adv, without_adv
from plugins.advertorial.models import AdvertorialArticle
from plugins.articles import services
from plugins.articles.models import Article
from tests.advertorial.conftest import marking
from tests.articles.conftest import form_of, load, login_as

BODY = "<p>Diskominfo kembali mengadakan pembinaan Komunitas Informasi Masyarakat.</p>"


def new_advertorial(client, action: str = "save", **fields):
    data = {"title": "Pembinaan KIM di Desa Mlancu", "body": BODY, "byline": "bsr1",
            "category_id": "", "x_advertorial": "y", "x_advertorial_sponsor": "",
            "x_advertorial_label": "Advertorial", "action": action, **fields}
    return client.post("/admin/articles/new", data=data)


def article_titled(app, title: str = "Pembinaan KIM di Desa Mlancu") -> Article:
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.title == title))
        db.session.expunge(article)
        return article


def marking_of(app, article_id: int) -> AdvertorialArticle | None:
    with app.app_context():
        row = db.session.get(AdvertorialArticle, article_id)
        if row is not None:
            db.session.expunge(row)
        return row


def test_editor_offers_the_fields_with_advertorial_as_default_label(app, editor, sponsor):
    page = login_as(app, editor).get("/admin/articles/new").get_data(as_text=True)
    assert 'name="x_advertorial"' in page
    assert "Diskominfo Kabupaten Kediri" in page
    for word in ("Advertorial", "Iklan", "Ads", "Sponsored"):
        assert f'value="{word}"' in page
    assert '<option selected value="Advertorial">' in page


def test_publishing_without_a_sponsor_is_refused_and_the_text_kept(app, editor):
    client = login_as(app, editor)
    response = new_advertorial(client, action="publish")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Advertorial belum bisa diterbitkan: pilih sponsor dulu." in page
    assert "Pedoman Pemberitaan Media Siber" in page
    assert "pembinaan Komunitas Informasi Masyarakat" in page  # the writer's text is back
    article = article_titled(app)
    assert article.status == "draft"  # saved, not published
    assert client.get("/berita/pembinaan-kim-di-desa-mlancu").status_code == 404


def test_publishing_without_a_label_is_refused(app, editor, sponsor):
    client = login_as(app, editor)
    response = new_advertorial(client, action="publish", x_advertorial_sponsor=str(sponsor),
                               x_advertorial_label="")
    assert response.status_code == 400
    assert "pilih label dulu" in response.get_data(as_text=True)
    article = article_titled(app)
    assert article.status == "draft"
    values = form_of(client, article.id)
    values.update(action="publish", x_advertorial_label="", x_advertorial_sponsor="")
    response = client.post(f"/admin/articles/{article.id}/edit", data=values)
    assert response.status_code == 400
    assert "pilih sponsor dan label dulu" in response.get_data(as_text=True)


def test_with_sponsor_and_label_it_publishes(app, editor, sponsor):
    client = login_as(app, editor)
    response = new_advertorial(client, action="publish", x_advertorial_sponsor=str(sponsor),
                               x_advertorial_label="Sponsored")
    assert response.status_code == 302
    article = article_titled(app)
    assert article.status == "published"
    assert article.byline == "bsr1/adv"
    row = marking_of(app, article.id)
    assert (row.sponsor_id, row.label) == (sponsor, "Sponsored")
    values = form_of(client, article.id)
    assert values["x_advertorial"] == "y"
    assert values["x_advertorial_sponsor"] == str(sponsor)
    assert values["x_advertorial_label"] == "Sponsored"
    assert values["byline"] == "bsr1/adv"


def test_a_public_advertorial_cannot_lose_its_sponsor(app, editor, sponsor, make_advertorial):
    article_id = make_advertorial(sponsor, author=editor)
    client = login_as(app, editor)
    values = form_of(client, article_id)
    values.update(action="save", x_advertorial_sponsor="")
    response = client.post(f"/admin/articles/{article_id}/edit", data=values)
    assert response.status_code == 400
    assert "Advertorial belum bisa diterbitkan" in response.get_data(as_text=True)
    assert marking_of(app, article_id).sponsor_id == sponsor


@pytest.mark.parametrize(("field", "value", "message"), [
    ("x_advertorial_label", "Berita", "Label harus salah satu dari"),
    ("x_advertorial_sponsor", "999", "Sponsor tidak ditemukan"),
    ("x_advertorial_sponsor", "abc", "Pilihan tidak valid"),
])
def test_bad_values_are_refused_with_a_reason(app, editor, sponsor, field, value, message):
    client = login_as(app, editor)
    response = new_advertorial(client, **{"x_advertorial_sponsor": str(sponsor), field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Article.id)) is None  # nothing half-written


def test_contract_must_belong_to_the_sponsor(app, editor, sponsor, make_sponsor, make_contract):
    other = make_sponsor("PT Gudang Garam", slug="pt-gudang-garam")
    contract = make_contract(other)
    response = new_advertorial(login_as(app, editor), x_advertorial_sponsor=str(sponsor),
                               x_advertorial_contract=str(contract))
    assert response.status_code == 400
    assert "Kontrak itu bukan milik sponsor yang dipilih." in response.get_data(as_text=True)


def test_unmarking_removes_the_marking_and_the_byline_suffix(app, editor, sponsor,
                                                             make_advertorial):
    article_id = make_advertorial(sponsor, status="draft", author=editor, byline="bsr1")
    assert load(app, article_id).byline == "bsr1/adv"
    client = login_as(app, editor)
    values = form_of(client, article_id)
    del values["x_advertorial"]  # the unticked checkbox is not sent
    values["action"] = "save"
    assert client.post(f"/admin/articles/{article_id}/edit", data=values).status_code == 302
    assert marking_of(app, article_id) is None
    assert load(app, article_id).byline == "bsr1"


def test_services_refuse_publishing_an_unlabelled_advertorial(app, editor, make_advertorial):
    article_id = make_advertorial(None, status="draft", author=editor)
    with app.test_request_context():
        user = db.session.get(type(editor), editor.id)
        with pytest.raises(services.ArticleError, match="pilih sponsor dulu"):
            services.publish(user, db.session.get(Article, article_id))
    assert load(app, article_id).status == "draft"


def test_partner_saves_are_their_sponsors_whatever_the_values_say(app, sponsor, make_sponsor,
                                                                   make_partner):
    other = make_sponsor("PT Gudang Garam", slug="pt-gudang-garam")
    partner = make_partner(sponsor)
    with app.test_request_context():
        from flask_login import login_user

        user = db.session.get(type(partner), partner.id)
        login_user(user)
        values = {**marking(other), "advertorial": False}
        article = services.save_article(user, services.ArticleInput(
            title="Siaran Pers", extra=values))
        row = db.session.get(AdvertorialArticle, article.id)
        assert row.sponsor_id == sponsor


@pytest.mark.parametrize(("before", "after"), [
    ("bsr1", "bsr1/adv"), ("bsr1/adv", "bsr1/adv"), ("", "adv"), ("BSR1/ADV", "BSR1/ADV"),
    ("x" * 40, "x" * 36 + "/adv"),
])
def test_byline_code_gains_adv_once(before, after):
    assert with_adv(before) == after
    assert len(with_adv(before)) <= 40


@pytest.mark.parametrize(("before", "after"), [("bsr1/adv", "bsr1"), ("adv", ""),
                                               ("bsr1", "bsr1"), ("a/b/adv", "a/b")])
def test_byline_code_loses_adv(before, after):
    assert without_adv(before) == after

