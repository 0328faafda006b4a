"""Sponsors and contracts on the desk: quota used and remaining, and the warnings when an
article would exceed the quota or run outside the contract's period."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from cms.extensions import db
from cms.models.user import utcnow
from plugins.advertorial.models import AdvertorialArticle, Contract, Sponsor
from tests.advertorial.conftest import tree
from tests.articles.conftest import form_of, login_as


@pytest.fixture
def full_contract(sponsor, make_contract, make_advertorial, editor):
    """Quota 2, used 2 (one published, one scheduled); a third is drafted under it. The
    contract only warns past its quota (refusing ones: tests/advertorial/test_quota.py)."""
    contract = make_contract(sponsor, quota=2, over_quota="warn")
    now = utcnow()
    make_advertorial(sponsor, contract_id=contract, title="Pertama",
                     published_at=now - timedelta(days=2))
    make_advertorial(sponsor, contract_id=contract, title="Kedua", status="scheduled",
                     published_at=now + timedelta(days=1))
    third = make_advertorial(sponsor, contract_id=contract, title="Ketiga", status="draft",
                             author=editor)
    return {"contract": contract, "third": third}


def test_contract_page_shows_quota_used_and_remaining(app, editor, full_contract):
    page = login_as(app, editor).get(
        f"/admin/advertorial/kontrak/{full_contract['contract']}").get_data(as_text=True)
    assert 'id="quota-used">2<' in page
    assert 'id="quota-remaining">0<' in page
    assert "Kuota terlampaui" not in page
    for title in ("Pertama", "Kedua", "Ketiga"):
        assert title in page


def test_saving_an_article_over_the_quota_warns(app, editor, full_contract):
    client = login_as(app, editor)
    values = form_of(client, full_contract["third"])
    values["action"] = "save"
    page = client.post(f"/admin/articles/{full_contract['third']}/edit", data=values,
                       follow_redirects=True).get_data(as_text=True)
    assert "sudah terpakai 2 dari 2 artikel: artikel ini melebihi kuota." in page
    assert "Artikel disimpan." in page


def test_publishing_over_the_quota_warns_and_the_contract_page_flags_it(app, editor,
                                                                         full_contract):
    client = login_as(app, editor)
    values = form_of(client, full_contract["third"])
    values["action"] = "publish"
    page = client.post(f"/admin/articles/{full_contract['third']}/edit", data=values,
                       follow_redirects=True).get_data(as_text=True)
    assert "Artikel diterbitkan." in page  # a warning, not a refusal
    assert "melebihi kuota" in page
    page = client.get(f"/admin/advertorial/kontrak/{full_contract['contract']}").get_data(
        as_text=True)
    assert 'id="quota-used">3<' in page
    assert "Kuota terlampaui: 1 artikel melebihi kuota kontrak." in page
    english = client.get(f"/admin/advertorial/kontrak/{full_contract['contract']}?lang=en")
    assert "Quota exceeded: 1 article over the contract quota." in english.get_data(as_text=True)
    rows = {title: page.split(f">{title}<")[1].split("</tr>")[0]
            for title in ("Pertama", "Kedua", "Ketiga")}
    # The one that runs last is over the quota: the scheduled one, due tomorrow.
    assert ["melebihi kuota" in rows[t] for t in ("Pertama", "Ketiga", "Kedua")] == [
        False, False, True]


def test_publishing_outside_the_period_warns(app, editor, sponsor, make_contract,
                                             make_advertorial):
    today = utcnow().date()
    contract = make_contract(sponsor, quota=10, starts_on=today - timedelta(days=60),
                             ends_on=today - timedelta(days=30))
    article_id = make_advertorial(sponsor, contract_id=contract, status="draft", author=editor)
    client = login_as(app, editor)
    values = form_of(client, article_id)
    values["action"] = "publish"
    page = client.post(f"/admin/articles/{article_id}/edit", data=values,
                       follow_redirects=True).get_data(as_text=True)
    assert "di luar periode kontrak" in page
    assert "kuota" not in page.split("di luar periode kontrak")[1].split("</p>")[0]
    page = client.get(f"/admin/advertorial/kontrak/{contract}").get_data(as_text=True)
    assert "1 artikel terbit di luar periode kontrak." in page


def test_article_within_period_and_quota_gets_no_warning(app, editor, sponsor, make_contract,
                                                         make_advertorial):
    contract = make_contract(sponsor, quota=3)
    article_id = make_advertorial(sponsor, contract_id=contract, status="draft", author=editor)
    client = login_as(app, editor)
    values = form_of(client, article_id)
    values["action"] = "publish"
    page = client.post(f"/admin/articles/{article_id}/edit", data=values,
                       follow_redirects=True).get_data(as_text=True)
    assert "flash--warning\" role" not in page


def test_editor_creates_edits_and_deletes_a_sponsor(app, editor, sponsor):
    client = login_as(app, editor)
    response = client.post("/admin/advertorial/sponsor/baru", data={
        "name": "Diskominfo  Kabupaten Kediri", "kind": "government",
        "website": "https://kominfo.kedirikab.go.id", "contact": "Humas, 0354-123456",
        "disclosure": "Kerja sama Pemkab Kediri."})
    assert response.status_code == 302
    with app.app_context():
        created = db.session.scalar(select(Sponsor).where(Sponsor.id != sponsor))
        assert (created.name, created.slug) == ("Diskominfo Kabupaten Kediri",
                                                "diskominfo-kabupaten-kediri-2")
        created_id = created.id
    response = client.post(f"/admin/advertorial/sponsor/{created_id}", data={
        "name": "Diskominfo Kediri", "kind": "company", "website": "kedirikab.go.id"})
    assert response.status_code == 400
    assert "Tulis alamat lengkap" in response.get_data(as_text=True)
    response = client.post(f"/admin/advertorial/sponsor/{created_id}", data={
        "name": "Diskominfo Kediri", "kind": "government", "logo_id": "999"})
    assert "Logo tidak ditemukan" in response.get_data(as_text=True)
    assert client.post(f"/admin/advertorial/sponsor/{created_id}/hapus").status_code == 302
    with app.app_context():
        assert db.session.get(Sponsor, created_id) is None


def test_sponsor_with_advertorials_is_not_deleted(app, editor, sponsor, make_advertorial):
    make_advertorial(sponsor)
    page = login_as(app, editor).post(f"/admin/advertorial/sponsor/{sponsor}/hapus",
                                      follow_redirects=True).get_data(as_text=True)
    assert "masih punya advertorial" in page
    with app.app_context():
        assert db.session.get(Sponsor, sponsor) is not None


def test_contract_dates_are_checked_and_deleting_unties_articles(app, editor, sponsor,
                                                                 full_contract):
    client = login_as(app, editor)
    response = client.post(f"/admin/advertorial/sponsor/{sponsor}/kontrak/baru", data={
        "number": "SPK/2", "starts_on": "2025-07-01", "ends_on": "2025-06-01", "quota": "3"})
    assert response.status_code == 400
    assert "tidak boleh sebelum tanggal mulai" in response.get_data(as_text=True)
    response = client.post(f"/admin/advertorial/sponsor/{sponsor}/kontrak/baru", data={
        "number": "SPK/2", "starts_on": "2025-06-01", "ends_on": "2025-07-01", "quota": "3"})
    assert response.status_code == 302
    client.post(f"/admin/advertorial/kontrak/{full_contract['contract']}/hapus")
    with app.app_context():
        assert db.session.get(Contract, full_contract["contract"]) is None
        row = db.session.get(AdvertorialArticle, full_contract["third"])
        assert (row.sponsor_id, row.contract_id) == (sponsor, None)
        contract = db.session.scalar(select(Contract).where(Contract.number == "SPK/2"))
        assert (contract.starts_on, contract.quota) == (date(2025, 6, 1), 3)


def test_sponsor_pages_are_for_editors(app, writer, sponsor, make_contract):
    contract = make_contract(sponsor)
    client = login_as(app, writer)
    for path in ("/admin/advertorial/", f"/admin/advertorial/sponsor/{sponsor}",
                 f"/admin/advertorial/kontrak/{contract}",
                 f"/admin/advertorial/laporan/{sponsor}"):
        assert client.get(path).status_code == 403, path


def test_uploaded_logo_shows_in_the_disclosure(app, client, editor, sponsor, make_advertorial):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 200), (200, 30, 30)).save(buffer, "PNG")
    buffer.seek(0)
    response = login_as(app, editor).post(
        f"/admin/advertorial/sponsor/{sponsor}", content_type="multipart/form-data",
        data={"name": "Diskominfo Kabupaten Kediri", "kind": "government",
              "logo_upload": (buffer, "logo.png")})
    assert response.status_code == 302
    with app.app_context():
        logo = db.session.get(Sponsor, sponsor).logo
        assert logo is not None and logo.alt == "Logo Diskominfo Kabupaten Kediri"
    make_advertorial(sponsor, title="Berlogo")
    document = tree(client.get("/berita/berlogo").get_data(as_text=True))
    image = next(n for n in document.walk() if "advertorial-disclosure__logo"
                 in n.attrs.get("class", ""))
    assert image.attrs["src"].startswith("/uploads/")
    assert image.attrs["alt"] == "Logo Diskominfo Kabupaten Kediri"
