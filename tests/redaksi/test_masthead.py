"""The masthead ("Boks Redaksi", UU Pers article 12): set by an admin in the plugin's
settings, shown on its own page and in every footer, linked to the PPMS page."""

from __future__ import annotations

import pytest

from cms.hooks import call_hook
from tests.articles.conftest import login_as

MASTHEAD = {
    "legal_name": "PT Warta Kediri Raya",
    "address": "Jl. Dhoho No. 12\nKediri 64121",
    "penanggung_jawab": "Sri Lestari",
    "editors": "Pemimpin Redaksi: Sri Lestari\nRedaktur Pelaksana: Bambang Wicaksono\n\n",
    "press_council_status": "faktual",
    "press_council_url": "https://dewanpers.or.id/data/perusahaanpers/123",
}


@pytest.fixture
def admin(app, make_user):
    return login_as(app, make_user(role="admin", name="Admin Situs"))


def save(client, **changes):
    return client.post("/admin/plugins/redaksi/settings", data={**MASTHEAD, **changes})


def test_masthead_page_shows_everything_the_press_law_asks(client, admin):
    assert save(admin).status_code == 302
    page = client.get("/redaksi/boks").get_data(as_text=True)
    for text in ("PT Warta Kediri Raya", "Jl. Dhoho No. 12<br>Kediri 64121", "Sri Lestari",
                 "<li>Pemimpin Redaksi: Sri Lestari</li>",
                 "<li>Redaktur Pelaksana: Bambang Wicaksono</li>",
                 "Terverifikasi administratif dan faktual oleh Dewan Pers"):
        assert text in page
    assert 'href="https://dewanpers.or.id/data/perusahaanpers/123"' in page
    assert page.count("<li>") >= 2 and "<li></li>" not in page


def test_footer_of_every_public_page_carries_the_masthead(client, admin, story, story_url):
    save(admin)
    for path in ("/", story_url, "/koreksi/"):
        footer = client.get(path).get_data(as_text=True).split('class="site-footer"', 1)[1]
        assert 'href="/redaksi/boks"' in footer
        assert "Penerbit: PT Warta Kediri Raya" in footer
        assert "Penanggung jawab: Sri Lestari" in footer
        assert ('<a href="https://dewanpers.or.id/data/perusahaanpers/123" rel="noopener">'
                "Terverifikasi administratif dan faktual oleh Dewan Pers</a>") in footer


def test_the_press_council_logo_is_never_shown(client, admin):
    save(admin)
    for path in ("/", "/redaksi/boks"):
        page = client.get(path).get_data(as_text=True)
        images = page.split("<img")[1:]
        assert not any("dewanpers" in tag.lower() or "dewan pers" in tag.lower()
                       for tag in images)


def test_masthead_links_to_the_guideline_page_and_corrections(app, client, admin):
    with app.app_context():
        call_hook("warta_instance_created", app=app)
    page = client.get("/redaksi/boks").get_data(as_text=True)
    assert 'href="/halaman/pedoman-media-siber"' in page
    assert 'href="/koreksi/"' in page
    guideline = client.get("/halaman/pedoman-media-siber")
    assert guideline.status_code == 200
    assert "Pedoman Pemberitaan Media Siber" in guideline.get_data(as_text=True)


def test_without_the_guideline_page_there_is_no_dead_link(client):
    assert "pedoman-media-siber" not in client.get("/redaksi/boks").get_data(as_text=True)


def test_empty_masthead_says_so_and_states_no_verification(client):
    page = client.get("/redaksi/boks").get_data(as_text=True)
    assert "Susunan redaksi belum diisi." in page
    assert "Dewan Pers" not in page.split('class="site-footer"', 1)[1]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "javascript://x/%0aalert(1)",
                                 "dewanpers.or.id"])
def test_only_web_addresses_are_accepted_for_the_council_link(client, admin, url):
    response = save(admin, press_council_url=url)
    assert response.status_code == 200  # the core re-shows the form with the error
    assert "diawali https://" in response.get_data(as_text=True)
    assert "javascript" not in client.get("/redaksi/boks").get_data(as_text=True)
    assert "PT Warta Kediri Raya" not in client.get("/redaksi/boks").get_data(as_text=True)


def test_editors_cannot_change_the_masthead(app, make_user):
    editor = login_as(app, make_user(role="editor"))
    assert save(editor).status_code == 403
