"""What admins are told about plugins wherever they are in the newsroom: a failed plugin is
a banner on every admin page until it is fixed or disabled, and a plugin installed since
the last ``cms db upgrade`` is named on the plugins page with the command to run."""

from __future__ import annotations

import uuid

from alembic import command

from cms.dbmigrate import plugin_config
from cms.pluginmanager import get_manager
from tests.conftest import STRONG_PASSWORD
from tests.test_migrations import MIGRATION, MODELS, PLUGIN

BROKEN = '''
from cms.plugin import Plugin


class Broken(Plugin):
    name = "{name}"
    version = "1.0"

    def setup(self, ctx):
        raise RuntimeError("konfigurasi rusak")


plugin = Broken()
'''


def logged_in(app, make_user, role: str):
    user = make_user(role=role)
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": STRONG_PASSWORD})
    return client


def test_a_failed_plugin_is_a_banner_on_every_admin_page_until_disabled(
        make_app, plugin_folder, make_user):
    folder, write = plugin_folder
    name = f"rusak_{uuid.uuid4().hex[:6]}"
    write(name, BROKEN.format(name=name))
    app = make_app(EXTRA_PLUGIN_FOLDERS=[str(folder)], PLUGINS=[name])
    admin = logged_in(app, make_user, "admin")
    for path in ("/admin/", "/admin/settings", "/admin/themes", "/admin/users"):
        page = admin.get(path).get_data(as_text=True)
        assert "plugin-banner" in page, path
        assert f"Plugin {name} gagal dimuat" in page, path
    editor = logged_in(app, make_user, "editor")
    assert "plugin-banner" not in editor.get("/admin/").get_data(as_text=True)
    admin.post(f"/admin/plugins/{name}/disable")
    assert "plugin-banner" not in admin.get("/admin/").get_data(as_text=True)


def test_a_plugin_whose_migrations_never_ran_says_what_to_run(make_app, plugin_folder,
                                                              make_user):
    folder, write = plugin_folder
    name = f"catatan_{uuid.uuid4().hex[:6]}"
    write(name, PLUGIN.format(name=name), files={
        "models.py": MODELS.format(name=name),
        "migrations/0001_note.py": MIGRATION.format(name=name),
    })
    # Its tables exist (made from the models) but its migrations never ran: the version
    # table that `cms db upgrade` writes is missing, as after a fresh `pip install`.
    app = make_app(EXTRA_PLUGIN_FOLDERS=[str(folder)], PLUGINS=[name],
                   TEST_EXTRA_TABLES=[f"{name}_alembic_version"])
    admin = logged_in(app, make_user, "admin")
    page = admin.get("/admin/plugins").get_data(as_text=True)
    assert 'id="pending-migrations"' in page
    assert f"Tabel plugin {name} belum dibuat" in page
    assert "<code>cms db upgrade</code>" in page
    with app.app_context():
        command.stamp(plugin_config(get_manager(app).records[name]), "heads")
    page = admin.get("/admin/plugins").get_data(as_text=True)
    assert 'id="pending-migrations"' not in page
