"""The verification note (PPMS point 2): shown on the story until an editor clears it,
each change recorded as an update of the article."""

from __future__ import annotations

from sqlalchemy import select

from cms.extensions import db
from plugins.articles.models import Revision
from tests.articles.conftest import load

NOTE = "Redaksi masih menunggu konfirmasi BPBD Kabupaten Kediri."


def set_note(desk, article_id: int, text: str = NOTE):
    return desk.post(f"/admin/redaksi/article/{article_id}/verification",
                     data={"verification-text": text})


def clear_note(desk, article_id: int):
    return desk.post(f"/admin/redaksi/article/{article_id}/verification/clear")


def revision_notes(app, article_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Revision.note).where(
            Revision.article_id == article_id).order_by(Revision.number)))


def test_note_shows_until_the_editor_clears_it(app, client, desk, story, story_url):
    assert "Sedang dalam verifikasi" not in client.get(story_url).get_data(as_text=True)
    assert set_note(desk, story).status_code == 302
    page = client.get(story_url).get_data(as_text=True)
    assert "<strong>Sedang dalam verifikasi</strong>" in page and NOTE in page
    assert page.index("catatan-verifikasi") < page.index('class="article__body"')
    # still there on the next visit, and after other changes
    assert NOTE in client.get(story_url).get_data(as_text=True)

    assert clear_note(desk, story).status_code == 302
    page = client.get(story_url).get_data(as_text=True)
    assert "Sedang dalam verifikasi" not in page and NOTE not in page


def test_note_without_text_says_the_standard_sentence(client, desk, story, story_url):
    set_note(desk, story, "")
    page = client.get(story_url).get_data(as_text=True)
    assert "Redaksi masih memverifikasi sebagian isi berita ini" in page


def test_setting_and_clearing_record_updates(app, client, desk, story):
    first = load(app, story).updated_at
    set_note(desk, story)
    second = load(app, story).updated_at
    clear_note(desk, story)
    third = load(app, story).updated_at
    assert first < second < third
    assert revision_notes(app, story)[-2:] == ["Catatan verifikasi dipasang",
                                               "Catatan verifikasi dicabut"]


def test_changing_the_note_keeps_one_note(app, client, desk, story, story_url):
    set_note(desk, story)
    set_note(desk, story, "Konfirmasi Polres sedang ditunggu.")
    page = client.get(story_url).get_data(as_text=True)
    assert page.count("<strong>Sedang dalam verifikasi</strong>") == 1
    assert "Konfirmasi Polres" in page and NOTE not in page


def test_feed_marks_a_story_in_verification(client, desk, story):
    set_note(desk, story)
    assert "<title>[Sedang dalam verifikasi] Banjir Melanda Desa Kras</title>" in client.get(
        "/feed.xml").get_data(as_text=True)


def test_clearing_when_there_is_no_note_is_400(app, desk, story):
    before = load(app, story).updated_at
    response = clear_note(desk, story)
    assert response.status_code == 400
    assert "tidak sedang diberi catatan verifikasi" in response.get_data(as_text=True)
    assert load(app, story).updated_at == before


def test_a_draft_gets_no_note(app, client, desk, make_article):
    draft = make_article(title="Draf Belum Terbit")
    assert set_note(desk, draft).status_code == 400
    assert set_note(desk, 404).status_code == 404


def test_too_long_note_is_400(desk, story):
    assert set_note(desk, story, "x" * 501).status_code == 400
