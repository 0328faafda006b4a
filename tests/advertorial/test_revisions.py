"""Revisions keep the marking: restoring one brings back its sponsor, contract and label
(or its being plain news), and comparing two shows what changed in the marking."""

from __future__ import annotations

from sqlalchemy import func, select

from cms.extensions import db
from plugins.advertorial.models import AdvertorialArticle, Contract
from plugins.articles.models import Revision
from tests.articles.conftest import as_if_kept_before_plugin_fields, form_of, load, login_as


def edit(client, article_id: int, **fields) -> None:
    data = form_of(client, article_id) | {"action": "save"} | fields
    response = client.post(f"/admin/articles/{article_id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


def restore(client, article_id: int, number: int) -> str:
    response = client.post(f"/admin/articles/{article_id}/revisions/{number}/restore",
                           follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def marking_of(app, article_id: int) -> tuple | None:
    with app.app_context():
        row = db.session.get(AdvertorialArticle, article_id)
        return None if row is None else (row.sponsor_id, row.contract_id, row.label)


def revision_count(app, article_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Revision)
                                 .where(Revision.article_id == article_id))


def test_restoring_brings_back_the_sponsor_contract_and_label_of_that_revision(
        app, editor, sponsor, make_sponsor, make_contract, make_advertorial):
    contract = make_contract(sponsor)
    other = make_sponsor("PT Gudang Garam", slug="pt-gudang-garam")
    article_id = make_advertorial(sponsor, status="draft", contract_id=contract)
    client = login_as(app, editor)
    edit(client, article_id, title="Judul Kedua", x_advertorial_sponsor=str(other),
         x_advertorial_contract="", x_advertorial_label="Iklan")
    assert marking_of(app, article_id) == (other, None, "Iklan")
    restore(client, article_id, 1)
    assert load(app, article_id).title == "Banjir Melanda Desa Kras"
    assert marking_of(app, article_id) == (sponsor, contract, "Advertorial")
    assert form_of(client, article_id)["x_advertorial_sponsor"] == str(sponsor)


def test_restoring_a_revision_from_before_the_marking_makes_it_plain_news_again(
        app, editor, sponsor, make_article):
    article_id = make_article(author=editor, byline="bsr1")
    client = login_as(app, editor)
    edit(client, article_id, x_advertorial="y", x_advertorial_sponsor=str(sponsor),
         x_advertorial_label="Advertorial")
    assert load(app, article_id).byline == "bsr1/adv"
    restore(client, article_id, 1)
    assert marking_of(app, article_id) is None
    assert load(app, article_id).byline == "bsr1"


def test_a_revision_kept_before_plugins_had_fields_there_keeps_todays_marking(
        app, editor, sponsor, make_sponsor, make_advertorial):
    other = make_sponsor("PT Gudang Garam", slug="pt-gudang-garam")
    article_id = make_advertorial(sponsor, status="draft")
    as_if_kept_before_plugin_fields(app, article_id)
    client = login_as(app, editor)
    edit(client, article_id, title="Judul Kedua", x_advertorial_sponsor=str(other))
    page = restore(client, article_id, 1)
    assert "Revisi #1 dipulihkan" in page
    assert load(app, article_id).title == "Banjir Melanda Desa Kras"
    assert marking_of(app, article_id)[0] == other


def test_a_public_article_is_not_restored_to_an_advertorial_without_a_sponsor(
        app, editor, sponsor, make_advertorial):
    article_id = make_advertorial(None, status="draft")
    client = login_as(app, editor)
    edit(client, article_id, x_advertorial_sponsor=str(sponsor), action="publish")
    assert load(app, article_id).status == "published"
    before = revision_count(app, article_id)
    page = restore(client, article_id, 1)
    assert "pilih sponsor dulu" in page
    assert marking_of(app, article_id)[0] == sponsor
    assert revision_count(app, article_id) == before


def test_a_contract_deleted_since_is_left_out_of_the_restored_marking(
        app, editor, sponsor, make_contract, make_advertorial):
    contract = make_contract(sponsor)
    article_id = make_advertorial(sponsor, status="draft", contract_id=contract)
    client = login_as(app, editor)
    edit(client, article_id, title="Judul Kedua", x_advertorial_contract="")
    with app.app_context():
        db.session.delete(db.session.get(Contract, contract))
        db.session.commit()
    restore(client, article_id, 1)
    assert load(app, article_id).title == "Banjir Melanda Desa Kras"
    assert marking_of(app, article_id) == (sponsor, None, "Advertorial")


def test_comparing_revisions_shows_the_marking_changes(app, editor, sponsor, make_sponsor,
                                                       make_advertorial):
    other = make_sponsor("PT Gudang Garam", slug="pt-gudang-garam")
    article_id = make_advertorial(sponsor, status="draft")
    client = login_as(app, editor)
    edit(client, article_id, x_advertorial_sponsor=str(other), x_advertorial_label="Iklan")
    page = client.get(f"/admin/articles/{article_id}/revisions/compare?a=1&b=2").get_data(
        as_text=True)
    assert "advertorial.sponsor_id" in page
    assert f"- {sponsor}" in page and f"+ {other}" in page
    assert "advertorial.label" in page and "+ Iklan" in page
    assert "advertorial.marked" not in page


def test_a_sponsor_deleted_since_is_left_to_be_chosen_again_on_a_draft(
        app, editor, sponsor, make_sponsor, make_advertorial):
    other = make_sponsor("PT Gudang Garam", slug="pt-gudang-garam")
    article_id = make_advertorial(sponsor, status="draft")
    client = login_as(app, editor)
    edit(client, article_id, title="Judul Kedua", x_advertorial_sponsor=str(other))
    assert client.post(f"/admin/advertorial/sponsor/{sponsor}/hapus").status_code == 302
    restore(client, article_id, 1)
    assert load(app, article_id).title == "Banjir Melanda Desa Kras"
    assert marking_of(app, article_id) == (None, None, "Advertorial")
