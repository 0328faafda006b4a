"""A contract refuses an article past its quota unless the desk set it to warn only; an
editor may let one article run past a refusing contract, and the revisions record who."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cms.extensions import db
from cms.models.user import utcnow
from plugins.advertorial.models import AdvertorialArticle, Contract
from plugins.articles.models import Article, Revision
from tests.articles.conftest import form_of, login_as


@pytest.fixture
def full(sponsor, make_contract, make_advertorial, editor):
    """A refusing contract (the default) with quota 1, used; a second drafted under it."""
    contract = make_contract(sponsor, quota=1)
    make_advertorial(sponsor, contract_id=contract, title="Pertama",
                     published_at=utcnow() - timedelta(days=1))
    second = make_advertorial(sponsor, contract_id=contract, title="Kedua", status="draft",
                              author=editor)
    return {"contract": contract, "second": second}


def post(client, article_id: int, **changes) -> str:
    values = form_of(client, article_id) | changes
    response = client.post(f"/admin/articles/{article_id}/edit", data=values,
                           follow_redirects=True)
    return response.get_data(as_text=True)


def status_of(app, article_id: int) -> str:
    with app.app_context():
        return db.session.get(Article, article_id).status


def test_new_contracts_refuse_by_default(app, sponsor, make_contract):
    contract = make_contract(sponsor)
    with app.app_context():
        assert db.session.get(Contract, contract).refuses_over_quota


def test_publishing_past_a_refusing_quota_is_refused(app, editor, full):
    page = post(login_as(app, editor), full["second"], action="publish")
    assert "menolak artikel melebihi kuota" in page
    assert "Artikel diterbitkan." not in page
    assert status_of(app, full["second"]) == "draft"


def test_an_editors_override_lets_it_run_and_the_revision_records_it(app, editor, full):
    client = login_as(app, editor)
    page = post(client, full["second"], action="publish", x_advertorial_quota_override="y")
    assert "Artikel diterbitkan." in page
    assert status_of(app, full["second"]) == "published"
    with app.app_context():
        row = db.session.get(AdvertorialArticle, full["second"])
        assert row.quota_override_by == editor.id
        latest = db.session.scalars(
            db.select(Revision).where(Revision.article_id == full["second"])
            .order_by(Revision.number.desc())).first()
        recorded = latest.data["plugins"]["advertorial"]["quota_override"]
        assert recorded.startswith(f"{editor.name} (")
        assert latest.user_id == editor.id
    assert form_of(client, full["second"])["x_advertorial_quota_override"] == "y"


def test_a_writer_cannot_override(app, make_user, sponsor, full):
    writer = make_user(role="journalist")
    with app.app_context():
        db.session.get(Article, full["second"]).author_id = writer.id
        db.session.commit()
    page = post(login_as(app, writer), full["second"], action="save",
                x_advertorial_quota_override="y")
    assert "Hanya redaktur yang boleh mengizinkan" in page
    with app.app_context():
        assert db.session.get(AdvertorialArticle, full["second"]).quota_override_by is None


def test_a_warning_contract_lets_it_run_with_a_warning(app, editor, full):
    with app.app_context():
        db.session.get(Contract, full["contract"]).over_quota = "warn"
        db.session.commit()
    page = post(login_as(app, editor), full["second"], action="publish")
    assert "Artikel diterbitkan." in page
    assert "melebihi kuota" in page


def test_the_desk_sets_the_policy_on_the_contract_form(app, editor, sponsor, make_contract):
    contract = make_contract(sponsor)
    client = login_as(app, editor)
    page = client.get(f"/admin/advertorial/kontrak/{contract}").get_data(as_text=True)
    assert 'id="over-quota">Tolak' in page
    response = client.post(f"/admin/advertorial/kontrak/{contract}", data={
        "number": "SPK/1", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "quota": "3",
        "over_quota": "warn"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Contract, contract).over_quota == "warn"
    response = client.post(f"/admin/advertorial/kontrak/{contract}", data={
        "number": "SPK/1", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "quota": "3",
        "over_quota": "sometimes"})
    assert response.status_code == 400
