"""The editors' overview: which stories they can act on, and which still carry a note."""

from __future__ import annotations

import re

from sqlalchemy import update

from cms.extensions import db
from plugins.redaksi.models import Withdrawal
from tests.articles.conftest import load

#: A short date as the editors' pages show it, e.g. "4 Mar 2024 09:30 WIB".
SHORT_DATE = r"\d{1,2} \w+\.? \d{4} \d\d:\d\d WIB"


def test_overview_lists_public_and_withdrawn_stories_not_drafts(desk, story, make_article):
    gone = make_article(status="published", title="Jembatan Putus di Gurah")
    make_article(title="Draf Rahasia Redaksi")
    desk.post(f"/admin/redaksi/article/{gone}/withdraw", data={"withdrawal-reason": "Keliru"})
    page = desk.get("/admin/redaksi/").get_data(as_text=True)
    assert f'href="/admin/redaksi/article/{story}"' in page
    assert f'href="/admin/redaksi/article/{gone}"' in page and "dicabut" in page
    assert "Draf Rahasia Redaksi" not in page


def test_overview_searches_titles(desk, story, make_article):
    make_article(status="published", title="Jembatan Putus di Gurah")
    page = desk.get("/admin/redaksi/?q=jembatan").get_data(as_text=True)
    assert "Jembatan Putus di Gurah" in page and "Banjir Melanda" not in page
    # "%" and "_" are letters to look for, not wildcards
    for wildcard in ("%25", "_"):
        page = desk.get(f"/admin/redaksi/?q={wildcard}").get_data(as_text=True)
        assert "Banjir Melanda" not in page


def test_overview_reminds_of_notes_still_on_show(desk, story):
    desk.post(f"/admin/redaksi/article/{story}/verification", data={"verification-text": ""})
    page = desk.get("/admin/redaksi/").get_data(as_text=True)
    reminder = page.split("Masih dalam verifikasi", 1)[1].split("</section>", 1)[0]
    assert "Banjir Melanda Desa Kras" in reminder
    desk.post(f"/admin/redaksi/article/{story}/verification/clear")
    assert "Masih dalam verifikasi" not in desk.get("/admin/redaksi/").get_data(as_text=True)


def test_article_page_of_a_draft_explains_and_offers_no_forms(app, desk, make_article):
    draft = make_article(title="Draf Belum Terbit")
    response = desk.get(f"/admin/redaksi/article/{draft}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "hanya untuk berita yang sedang terbit" in page
    assert 'method="post" action="/admin/redaksi/' not in page
    assert load(app, draft).status == "draft"


def test_article_page_shows_what_was_done(desk, story):
    desk.post(f"/admin/redaksi/article/{story}/correction",
              data={"correction-kind": "koreksi", "correction-text": "Nama camat Sutrisno."})
    page = desk.get(f"/admin/redaksi/article/{story}").get_data(as_text=True)
    assert "<strong>Koreksi</strong>" in page and 'href="/koreksi/1"' in page
    assert "Redaktur Pagi" in page


def test_article_page_says_since_when_and_by_whom_in_whole_sentences(app, desk, story):
    desk.post(f"/admin/redaksi/article/{story}/verification",
              data={"verification-text": "Menunggu BPBD."})
    desk.post(f"/admin/redaksi/article/{story}/withdraw", data={"withdrawal-reason": "Keliru."})
    page = desk.get(f"/admin/redaksi/article/{story}").get_data(as_text=True)
    assert re.search(rf"<p>Tampil sejak {SHORT_DATE}: Menunggu BPBD\.</p>", page)
    assert re.search(rf"<p>Dicabut {SHORT_DATE} oleh Redaktur Pagi: Keliru\.</p>", page)
    english = desk.get(f"/admin/redaksi/article/{story}?lang=en").get_data(as_text=True)
    assert re.search(rf"<p>Shown since {SHORT_DATE}: Menunggu BPBD\.</p>", english)
    assert re.search(rf"<p>Withdrawn by Redaktur Pagi on {SHORT_DATE}: Keliru\.</p>", english)

    with app.app_context():  # the editor's account has been deleted since
        db.session.execute(update(Withdrawal).values(user_id=None))
        db.session.commit()
    page = desk.get(f"/admin/redaksi/article/{story}").get_data(as_text=True)
    assert re.search(rf"<p>Dicabut {SHORT_DATE}: Keliru\.</p>", page)
    english = desk.get(f"/admin/redaksi/article/{story}?lang=en").get_data(as_text=True)
    assert re.search(rf"<p>Withdrawn on {SHORT_DATE}: Keliru\.</p>", english)


def test_a_public_story_with_a_verification_note_offers_to_lift_it(desk, story):
    desk.post(f"/admin/redaksi/article/{story}/verification",
              data={"verification-text": "Menunggu konfirmasi BPBD."})
    page = desk.get(f"/admin/redaksi/article/{story}")
    assert page.status_code == 200
    assert "Cabut catatan verifikasi" in page.get_data(as_text=True)
    lifted = desk.post(f"/admin/redaksi/article/{story}/verification/clear")
    assert lifted.status_code == 302
    assert "Tidak ada catatan verifikasi." in desk.get(
        f"/admin/redaksi/article/{story}").get_data(as_text=True)
