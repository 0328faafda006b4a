"""Agenda Kegiatan, tested the way a partner's CI would: through cms.testing."""

from datetime import datetime, timedelta

import pytest

from cms.testing import assert_visible_to_readers, check_plugin


def add_event(client, title: str, days: int):
    moment = datetime.now() + timedelta(days=days)
    return client.post("/admin/agenda/", data={
        "title": title, "starts_at": moment.strftime("%Y-%m-%dT%H:%M"),
        "place": "Balai Desa Mlancu", "organiser": "KIM Mlancu"})


def test_plugin_keeps_the_contract():
    assert check_plugin("agenda") == []


def test_editor_adds_events_and_readers_see_them(warta_login, warta_client):
    editor = warta_login("editor")
    assert add_event(editor, "Pelatihan Video Pendek", 3).status_code == 302
    assert add_event(editor, "Rapat Evaluasi Tahunan", -10).status_code == 302
    page = warta_client.get("/agenda/").get_data(as_text=True)
    assert "Pelatihan Video Pendek" in page and "Rapat Evaluasi Tahunan" in page
    assert page.index("Pelatihan Video Pendek") < page.index("Sudah lewat")
    home = warta_client.get("/").get_data(as_text=True)
    assert "Agenda kegiatan" in home and "Pelatihan Video Pendek" in home


@pytest.mark.parametrize("path", ["/agenda/", "/"])
def test_readers_see_a_new_event_on_their_next_visit(warta_app, warta_login, path):
    """Readers' pages are cached: adding an event must empty the cache, or readers who
    had the page would see "Belum ada agenda." until it expires."""
    editor = warta_login("editor")
    assert_visible_to_readers(warta_app, lambda: add_event(editor, "Lomba Foto Desa", 3),
                              path, "Lomba Foto Desa")


def test_block_shows_as_many_events_as_the_setting_says(warta_login, warta_client):
    editor = warta_login("editor")
    for day in range(1, 5):
        add_event(editor, f"Kegiatan hari ke-{day}", day)
    admin = warta_login("admin")
    assert admin.post("/admin/plugins/agenda/settings", data={"upcoming": "2"}).status_code == 302
    home = warta_client.get("/").get_data(as_text=True)
    assert "Kegiatan hari ke-2" in home and "Kegiatan hari ke-3" not in home


def test_bad_event_is_refused_with_a_message(warta_login):
    response = warta_login("editor").post("/admin/agenda/", data={"title": "", "starts_at": "x"})
    assert response.status_code == 400


def test_only_editors_manage_the_agenda(warta_login):
    assert warta_login("journalist").get("/admin/agenda/").status_code == 403
