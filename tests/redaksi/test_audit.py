"""Every press-law action is logged with who and when, and editors can read the log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cms.extensions import db
from cms.models import User
from plugins.articles import api as articles_api
from plugins.articles.models import Article
from plugins.redaksi import services
from plugins.redaksi.models import AuditEntry, Correction
from tests.articles.conftest import login_as
from tests.redaksi.test_masthead import MASTHEAD


def entries(app) -> list[AuditEntry]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        db.session.expunge_all()
        return rows


def act_on(desk, story: int) -> None:
    base = f"/admin/redaksi/article/{story}"
    for path, data in ((f"{base}/correction", {"correction-kind": "hak_jawab",
                                               "correction-text": "Tanggapan Pak Camat."}),
                       (f"{base}/verification", {"verification-text": "Menunggu BPBD."}),
                       (f"{base}/verification/clear", {}),
                       (f"{base}/withdraw", {"withdrawal-reason": "Data keliru."})):
        assert desk.post(path, data=data).status_code == 302, path


def test_each_action_is_recorded_with_who_and_when(app, desk, story, editor):
    act_on(desk, story)
    rows = entries(app)
    assert [(r.action, r.user_id, r.user_name, r.article_id) for r in rows] == [
        ("correction", editor.id, "Redaktur Pagi", story),
        ("verification_set", editor.id, "Redaktur Pagi", story),
        ("verification_cleared", editor.id, "Redaktur Pagi", story),
        ("withdrawn", editor.id, "Redaktur Pagi", story),
    ]
    assert [r.detail for r in rows] == ["Hak jawab: Tanggapan Pak Camat.", "Menunggu BPBD.",
                                        "", "Data keliru."]
    assert all(r.article_title == "Banjir Melanda Desa Kras" for r in rows)
    times = [r.created_at for r in rows]
    assert times == sorted(times)


def test_editors_read_the_log(app, desk, story):
    act_on(desk, story)
    page = desk.get("/admin/redaksi/audit").get_data(as_text=True)
    table = page.split('id="audit-log"', 1)[1]
    for label in ("Ralat/koreksi/hak jawab diterbitkan", "Catatan verifikasi dipasang",
                  "Catatan verifikasi dicabut", "Berita dicabut"):
        assert label in table
    assert table.count("Redaktur Pagi") == 4
    assert table.count(f'href="/admin/redaksi/article/{story}"') == 4
    assert table.index("Berita dicabut") < table.index("Catatan verifikasi dipasang")
    assert "WIB</time>" in table
    # and on the article's own page
    own = desk.get(f"/admin/redaksi/article/{story}").get_data(as_text=True)
    assert "Data keliru." in own and "Tanggapan Pak Camat." in own


def test_refused_actions_leave_no_entry(app, desk, story, make_article):
    draft = make_article(title="Draf")
    desk.post(f"/admin/redaksi/article/{draft}/withdraw", data={"withdrawal-reason": "x"})
    desk.post(f"/admin/redaksi/article/{story}/correction",
              data={"correction-kind": "ralat", "correction-text": ""})
    desk.post(f"/admin/redaksi/article/{story}/verification/clear")
    assert entries(app) == []


def test_masthead_changes_are_logged(app, make_user):
    admin = login_as(app, make_user(role="admin", name="Admin Situs"))
    admin.post("/admin/plugins/redaksi/settings", data=MASTHEAD)
    admin.post("/admin/plugins/redaksi/settings", data={**MASTHEAD,
                                                        "penanggung_jawab": "Budi Santoso"})
    admin.post("/admin/plugins/redaksi/settings", data=MASTHEAD | {
        "penanggung_jawab": "Budi Santoso"})  # nothing changed: nothing to log
    admin.post("/admin/plugins/redaksi/settings", data={**MASTHEAD,
                                                        "press_council_url": "javascript:x"})
    rows = entries(app)
    assert [(r.action, r.user_name, r.article_id) for r in rows] == [
        ("masthead", "Admin Situs", None), ("masthead", "Admin Situs", None)]
    assert "Penanggung jawab" in rows[0].detail and "Nama badan hukum penerbit" in rows[0].detail
    assert rows[1].detail == "Penanggung jawab"
    log = admin.get("/admin/redaksi/audit").get_data(as_text=True)
    assert log.count("Boks redaksi diubah") == 2


def test_a_failing_newsroom_save_leaves_neither_the_notice_nor_its_entry(
        app, story, editor, monkeypatch):
    def broken(user, article, note):
        raise RuntimeError("database went away")

    monkeypatch.setattr(articles_api, "record_update", broken)
    with app.test_request_context():
        user = db.session.get(User, editor.id)
        with pytest.raises(RuntimeError):
            services.add_correction(user, db.session.get(Article, story), "ralat", "Teks")
    with app.app_context():
        assert db.session.scalars(select(Correction)).all() == []
    assert entries(app) == []
