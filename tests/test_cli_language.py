"""`cms` speaks the site's language: the one chosen on the admin's Pengaturan page, for
every message of a command, as the site's pages do."""

from __future__ import annotations

import uuid

from cms.site import update_site_settings
from tests.conftest import CmsRunner

PLUGIN = '''
from cms.plugin import Plugin


class Greeting(Plugin):
    name = "{name}"
    version = "1.0"


plugin = Greeting()
'''


def test_commands_follow_the_language_the_admin_chose(make_app, plugin_folder):
    folder, write = plugin_folder
    name = f"sapa_{uuid.uuid4().hex[:6]}"
    write(name, PLUGIN.format(name=name))
    runner = CmsRunner(make_app(EXTRA_PLUGIN_FOLDERS=[str(folder)], PLUGINS=[name]))
    listing = runner.invoke(["plugins", "list"]).output
    assert name in listing and " aktif" in listing
    with runner.app.test_request_context():
        update_site_settings({"language": "en"})
    listing = runner.invoke(["plugins", "list"]).output
    assert " active" in listing and " aktif" not in listing


def english_site(runner: CmsRunner) -> None:
    with runner.app.test_request_context():
        update_site_settings({"language": "en"})


def test_users_commands_follow_the_site_language(app, runner, make_user):
    make_user(email="rina@example.com")
    assert "Akun rina@example.com dinonaktifkan" in runner.invoke(
        ["users", "disable", "rina@example.com"]).output
    assert "AKTIF" in runner.invoke(["users", "list"]).output
    english_site(runner)
    assert "NAME" in runner.invoke(["users", "list"]).output
    result = runner.invoke(["users", "enable", "siapa@example.com"])
    assert "no user has the email siapa@example.com" in result.output
    assert "tidak ada akun" not in result.output


def test_doctor_follows_the_site_language(make_app):
    runner = CmsRunner(make_app(DEBUG=True))
    assert "FAIL DEBUG menyala: hapus DEBUG" in runner.invoke(["doctor"]).output
    english_site(runner)
    output = runner.invoke(["doctor"]).output
    assert "FAIL DEBUG is on: remove DEBUG" in output and "menyala" not in output


def test_backup_follows_the_site_language(runner, tmp_path):
    assert "Cadangan ditulis: " in runner.invoke(["backup", "--to", str(tmp_path / "a")]).output
    english_site(runner)
    output = runner.invoke(["backup", "--to", str(tmp_path / "b")]).output
    assert "Backup written: " in output and "Cadangan" not in output


def test_search_commands_follow_the_site_language(make_app):
    runner = CmsRunner(make_app(PLUGINS=["articles", "search"], SEARCH_BACKEND="whoosh"))
    assert "Indeks cocok dengan database." in runner.invoke(["search", "check"]).output
    english_site(runner)
    output = runner.invoke(["search", "check"]).output
    assert "The index matches the database." in output and "Indeks" not in output


def test_media_api_and_import_commands_follow_the_site_language(make_app, tmp_path):
    runner = CmsRunner(make_app(PLUGINS=["articles", "api"]))
    missing = str(tmp_path / "tidak-ada.jsonl")
    assert "berkas tidak ada" in runner.invoke(["import", "jsonl", missing]).output
    assert "0 pengiriman dicoba" in runner.invoke(["webhooks", "deliver"]).output
    migrate = ["media", "migrate", "--to", "database"]
    assert "berkas media disalin" in runner.invoke(migrate).output
    english_site(runner)
    assert "no such file" in runner.invoke(["import", "jsonl", missing]).output
    assert "0 deliveries tried" in runner.invoke(["webhooks", "deliver"]).output
    assert "media files from the folder store" in runner.invoke(migrate).output
