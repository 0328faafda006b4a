"""Partners: a sponsor's press officer writes drafts for that sponsor and reads its report,
and meets 403 everywhere else, other sponsors' pages and the newsroom included."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from cms.extensions import db
from plugins.advertorial.models import AdvertorialArticle, PartnerUser
from plugins.articles.models import Article
from tests.articles.conftest import load, login_as


@pytest.fixture
def scene(app, sponsor, make_sponsor, make_partner, make_contract, make_article,
          make_advertorial, writer):
    """Our partner's sponsor, and another sponsor with a draft advertorial."""
    other = make_sponsor("PT Gudang Garam", slug="pt-gudang-garam")
    partner = make_partner(sponsor, email="humas@kedirikab.go.id")
    return {
        "sponsor": sponsor, "other": other, "partner": partner,
        "contract": make_contract(sponsor),
        "news": make_article(author=writer, title="Berita Redaksi"),
        "rival_draft": make_advertorial(other, status="draft", title="Draf Sponsor Lain"),
    }


def draft(client, action: str = "save", **fields):
    data = {"title": "Diskominfo Bina KIM Desa Mlancu", "dateline": "Kediri",
            "lead": "Pembinaan KIM di Balai Desa Mlancu.",
            "body": "Paragraf pertama.\nBaris kedua.\n\nParagraf <kedua>.", "action": action,
            **fields}
    return client.post("/admin/advertorial/mitra/tulis", data=data,
                       content_type="multipart/form-data")


def closed_pages(scene) -> list[tuple[str, str]]:
    news, rival_draft = scene["news"], scene["rival_draft"]
    return [
        ("GET", "/admin/articles/"), ("GET", "/admin/articles/new"),
        ("POST", "/admin/articles/new"),
        ("GET", f"/admin/articles/{news}/edit"), ("GET", f"/admin/articles/{news}/preview"),
        ("GET", f"/admin/articles/{news}/revisions"), ("POST", f"/admin/articles/{news}/delete"),
        ("POST", "/admin/articles/autosave"), ("GET", "/admin/media"),
        ("POST", "/admin/media/editor-upload"), ("GET", "/admin/categories"),
        ("GET", "/admin/settings"), ("GET", "/admin/users"), ("GET", "/admin/plugins"),
        ("GET", "/admin/themes"), ("GET", "/admin/plugins/advertorial/settings"),
        ("GET", "/admin/advertorial/"), ("GET", "/admin/advertorial/sponsor/baru"),
        ("GET", f"/admin/advertorial/sponsor/{scene['sponsor']}"),
        ("POST", f"/admin/advertorial/sponsor/{scene['sponsor']}/mitra"),
        ("GET", f"/admin/advertorial/kontrak/{scene['contract']}"),
        ("GET", f"/admin/advertorial/laporan/{scene['other']}"),
        ("GET", f"/admin/advertorial/laporan/{scene['other']}.csv"),
        ("GET", f"/admin/advertorial/mitra/{rival_draft}"),
        ("POST", f"/admin/advertorial/mitra/{rival_draft}"),
        ("GET", f"/admin/articles/{rival_draft}/edit"),
    ]


def test_partner_meets_403_outside_their_scope(app, scene):
    client = login_as(app, scene["partner"])
    for method, path in closed_pages(scene):
        response = client.open(path, method=method)
        assert response.status_code == 403, f"{method} {path}: {response.status_code}"


def test_partner_reaches_their_own_pages(app, scene):
    client = login_as(app, scene["partner"])
    sponsor = scene["sponsor"]
    for path in ("/admin/", "/admin/advertorial/mitra/", "/admin/advertorial/mitra/tulis",
                 f"/admin/advertorial/laporan/{sponsor}",
                 f"/admin/advertorial/laporan/{sponsor}.csv"):
        assert client.get(path).status_code == 200, path


def test_partner_dashboard_leads_to_their_corner_only(app, scene):
    page = login_as(app, scene["partner"]).get("/admin/").get_data(as_text=True)
    assert "/admin/advertorial/mitra/tulis" in page
    assert f"/admin/advertorial/laporan/{scene['sponsor']}" in page
    assert "/admin/articles/" not in page  # no newsroom link leads them to a 403
    assert "Draf Sponsor Lain" not in page


def test_the_newsroom_does_not_enter_the_partners_corner(app, scene, editor, writer,
                                                         make_user):
    unlinked = make_user(role="partner")
    for user in (editor, writer, unlinked):
        assert login_as(app, user).get("/admin/advertorial/mitra/").status_code == 403
    assert app.test_client().get("/admin/advertorial/mitra/").status_code == 302  # log in
    client = login_as(app, unlinked)
    assert client.get(f"/admin/advertorial/laporan/{scene['sponsor']}").status_code == 403


def test_partner_writes_a_draft_for_their_sponsor_and_submits_it(app, scene):
    client = login_as(app, scene["partner"])
    response = draft(client)
    assert response.status_code == 302
    with app.app_context():
        article = db.session.scalar(select(Article).where(
            Article.title == "Diskominfo Bina KIM Desa Mlancu"))
        row = db.session.get(AdvertorialArticle, article.id)
        assert (article.status, article.author_id) == ("draft", scene["partner"].id)
        assert (row.sponsor_id, row.label) == (scene["sponsor"], "Advertorial")
        assert article.body == ("<p>Paragraf pertama.<br>Baris kedua.</p>"
                                "<p>Paragraf &lt;kedua&gt;.</p>")
        assert article.byline == "adv"
        article_id = article.id
    assert response.headers["Location"].endswith(f"/admin/advertorial/mitra/{article_id}")
    form = client.get(f"/admin/advertorial/mitra/{article_id}").get_data(as_text=True)
    assert "Paragraf pertama.\nBaris kedua.\n\nParagraf &lt;kedua&gt;." in form

    listing = client.get("/admin/advertorial/mitra/").get_data(as_text=True)
    assert "Diskominfo Bina KIM Desa Mlancu" in listing and "draf" in listing
    assert "Draf Sponsor Lain" not in listing

    response = client.post(f"/admin/advertorial/mitra/{article_id}", data={
        "title": "Diskominfo Bina KIM Desa Mlancu", "body": "Teks akhir.", "action": "submit"})
    assert response.status_code == 302
    assert load(app, article_id).status == "review"
    assert "menunggu redaktur" in client.get("/admin/advertorial/mitra/").get_data(as_text=True)
    # In the desk's hands now: the partner reads the status, and can no longer change it.
    assert "sudah di tangan redaksi" in client.get(
        f"/admin/advertorial/mitra/{article_id}").get_data(as_text=True)
    response = client.post(f"/admin/advertorial/mitra/{article_id}",
                           data={"title": "Diubah", "action": "save"})
    assert response.status_code == 403
    assert load(app, article_id).title == "Diskominfo Bina KIM Desa Mlancu"


def test_partner_draft_carries_a_photo(app, scene):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 450), (40, 120, 180)).save(buffer, "JPEG")
    buffer.seek(0)
    client = login_as(app, scene["partner"])
    response = draft(client, image=(buffer, "balai-desa.jpg"), image_caption="Balai Desa")
    assert response.status_code == 302
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.image_id.is_not(None)))
        assert article.image.uploader_id == scene["partner"].id
        assert article.image_caption == "Balai Desa"


def test_partner_draft_without_a_title_is_refused_with_the_text_kept(app, scene):
    response = draft(login_as(app, scene["partner"]), title="")
    assert response.status_code == 400
    assert "Paragraf pertama." in response.get_data(as_text=True)


def test_editor_links_and_unlinks_a_partner_account(app, editor, sponsor, make_user):
    officer = make_user(email="humas@kedirikab.go.id", role="partner", name="Humas")
    journalist = make_user(email="wartawan@example.com", role="journalist")
    client = login_as(app, editor)
    path = f"/admin/advertorial/sponsor/{sponsor}/mitra"
    page = client.post(path, data={"email": "wartawan@example.com"}, follow_redirects=True)
    assert "Tidak ada akun berperan partner" in page.get_data(as_text=True)
    page = client.post(path, data={"email": "Humas@KediriKab.go.id"}, follow_redirects=True)
    assert "kini bisa menulis advertorial" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(PartnerUser, officer.id).sponsor_id == sponsor
        assert db.session.get(PartnerUser, journalist.id) is None
    client.post(f"/admin/advertorial/sponsor/{sponsor}/mitra/{officer.id}/hapus")
    with app.app_context():
        assert db.session.get(PartnerUser, officer.id) is None
    assert login_as(app, officer).get("/admin/advertorial/mitra/").status_code == 403
