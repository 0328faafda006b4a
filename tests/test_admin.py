"""The newsroom shell: plugins page, plugin settings, site settings, docs of the API."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from cms import api
from cms.plugin_settings import plugin_settings
from cms.plugindocs import (
    API_MODULES,
    GUIDE,
    HOOK_MODULES,
    UNDOCUMENTED,
    api_names,
    hook_functions,
    render_reference,
)
from cms.pluginmanager import Status, get_manager
from cms.site import site_settings
from cms.slots import SLOTS

SETTINGS_PLUGIN = '''
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import NumberRange

from cms.plugin import Plugin


class Form(FlaskForm):
    greeting = StringField("Salam")
    count = IntegerField("Jumlah", validators=[NumberRange(min=1, max=10)])


class ThePlugin(Plugin):
    name = "salam"
    version = "1.0"
    title = "Salam"

    def setup(self, ctx):
        ctx.add_settings(Form, {"greeting": "Halo", "count": 3})


plugin = ThePlugin()
'''


@pytest.fixture
def admin_client(make_user):
    def login(app):
        client = app.test_client()
        admin = make_user(role="admin")
        client.post("/login", data={"email": admin.email,
                                    "password": "kopi-tubruk-di-pasar-Pare"})
        return client

    return login


@pytest.fixture
def settings_app(make_app, plugin_folder):
    folder, write = plugin_folder
    write("salam", SETTINGS_PLUGIN)
    return make_app(EXTRA_PLUGIN_FOLDERS=[str(folder)], PLUGINS=["salam"])


def test_plugin_settings_have_defaults_and_can_be_saved(settings_app, admin_client):
    client = admin_client(settings_app)
    with settings_app.app_context():
        assert plugin_settings("salam") == {"greeting": "Halo", "count": 3}
    page = client.get("/admin/plugins/salam/settings").get_data(as_text=True)
    assert 'value="Halo"' in page
    response = client.post("/admin/plugins/salam/settings",
                           data={"greeting": "Sugeng rawuh", "count": "5"})
    assert response.status_code == 302
    with settings_app.app_context():
        assert plugin_settings("salam") == {"greeting": "Sugeng rawuh", "count": 5}


def test_plugin_settings_reject_invalid_values(settings_app, admin_client):
    client = admin_client(settings_app)
    response = client.post("/admin/plugins/salam/settings", data={"greeting": "x", "count": "99"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    with settings_app.app_context():
        assert plugin_settings("salam")["count"] == 3


def test_settings_page_of_unknown_plugin_is_404(settings_app, admin_client):
    assert admin_client(settings_app).get("/admin/plugins/tidak/settings").status_code == 404


def test_admin_disables_plugin_and_is_told_to_reload(settings_app, admin_client):
    client = admin_client(settings_app)
    response = client.post("/admin/plugins/salam/disable", follow_redirects=True)
    assert "berlaku setelah server dimuat ulang" in response.get_data(as_text=True)
    assert "menunggu muat ulang" in response.get_data(as_text=True)
    assert get_manager(settings_app).records["salam"].status is Status.LOADED
    assert client.post("/admin/plugins/tidak_ada/enable").status_code == 404


def test_site_settings_change_name_and_language(app, admin_client):
    client = admin_client(app)
    response = client.post("/admin/settings", data={
        "site_name": "Kabar Kediri", "tagline": "Dari desa", "language": "en",
        "timezone": "Asia/Makassar", "accent_color": "#0b5cab"})
    assert response.status_code == 302
    client.post("/logout")
    home = app.test_client().get("/").get_data(as_text=True)
    assert "Kabar Kediri" in home and "Dari desa" in home
    assert "Sign in to the newsroom" in app.test_client().get("/login").get_data(as_text=True)


def test_site_settings_refuse_empty_name(app, admin_client):
    response = admin_client(app).post("/admin/settings", data={
        "site_name": "", "language": "id", "timezone": "Asia/Jakarta", "accent_color": "#c0392b"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_plugin_guide_documents_every_public_name_hook_and_slot():
    guide = Path(GUIDE).read_text(encoding="utf-8")
    assert render_reference() in guide, "run `python -m cms.plugindocs` to update the guide"
    for module, _title in API_MODULES:
        for name in importlib.import_module(module).__all__:
            assert f"| `{name}` |" in guide or f"| `{name}()` |" in guide, name
    for module, prefix, _title in HOOK_MODULES:
        for function in hook_functions(module, prefix):
            assert f"`{function.__name__}(" in guide
    for name in SLOTS:
        assert f"`{name}`" in guide


def test_plugin_guide_examples_import_the_core_only_from_its_public_api():
    """Partners copy the guide's examples: they must follow the guide's first rule."""
    guide = Path(GUIDE).read_text(encoding="utf-8")
    examples = re.findall(r"```python\n(.*?)```", guide, flags=re.DOTALL)
    imported = {found for example in examples
                for found in re.findall(r"^\s*(?:from|import) (cms[\w.]*)", example, re.M)}
    assert imported == {"cms.api", "cms.testing"}


def test_a_name_added_to_the_public_api_puts_the_guide_out_of_step(monkeypatch):
    monkeypatch.setattr(api, "shout", str.upper, raising=False)
    monkeypatch.setattr(api, "__all__", [*api.__all__, "shout"])
    assert render_reference() not in Path(GUIDE).read_text(encoding="utf-8")


def test_guide_summarises_each_public_name_from_its_docstring_or_comment(tmp_path,
                                                                        monkeypatch):
    (tmp_path / "doc_origin.py").write_text(
        "#: Forty-two, documented where it is made.\nANSWER = 42\n", encoding="utf-8")
    (tmp_path / "doc_api.py").write_text(
        "from doc_origin import ANSWER\n\n"
        "#: The version,\n#: documented here.\nVERSION = '1.0'\nPLAIN = object()\n\n\n"
        "def shout(text):\n    \"\"\"Say ``text``\n    louder.\n\n    Not this.\n    \"\"\"\n\n\n"
        "__all__ = ['ANSWER', 'VERSION', 'PLAIN', 'shout']\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert api_names("doc_api") == [
        ("ANSWER", "Forty-two, documented where it is made."),
        ("VERSION", "The version, documented here."),
        ("PLAIN", UNDOCUMENTED),
        ("shout()", "Say ``text`` louder."),
    ]


def test_site_colour_reaches_every_page_through_a_cached_stylesheet(app, admin_client):
    client = admin_client(app)
    client.post("/admin/settings", data={"site_name": "Warta", "language": "id",
                                         "timezone": "Asia/Jakarta", "accent_color": "#123abc"})
    home = app.test_client().get("/").get_data(as_text=True)
    css_url = home.split('href="/site.css?v=')[1].split('"')[0]
    css = app.test_client().get(f"/site.css?v={css_url}")
    assert "--accent: #123abc" in css.get_data(as_text=True)
    assert "max-age=31536000" in css.headers["Cache-Control"]


def test_bad_colour_is_refused(app, admin_client):
    response = admin_client(app).post("/admin/settings", data={
        "site_name": "Warta", "language": "id", "timezone": "Asia/Jakarta",
        "accent_color": "red; } body { display:none"})
    assert response.status_code == 400
    assert "Tulis warna seperti" in response.get_data(as_text=True)


def test_logo_upload_is_reencoded_and_shown(app, admin_client):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1600, 400), "navy").save(buffer, "JPEG")
    buffer.seek(0)
    client = admin_client(app)
    response = client.post("/admin/settings", content_type="multipart/form-data", data={
        "site_name": "Warta", "language": "id", "timezone": "Asia/Jakarta",
        "accent_color": "#c0392b", "logo": (buffer, "logo.jpg")})
    assert response.status_code == 302
    home = app.test_client().get("/").get_data(as_text=True)
    logo_url = home.split('class="brand__logo" src="')[1].split('"')[0]
    with app.test_client().get(logo_url) as logo:
        assert logo.status_code == 200
        assert Image.open(io.BytesIO(logo.data)).size == (800, 200)


def test_svg_logo_is_refused(app, admin_client):
    import io

    svg = io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    response = admin_client(app).post("/admin/settings", content_type="multipart/form-data",
                                      data={"site_name": "Warta", "language": "id",
                                            "timezone": "Asia/Jakarta",
                                            "accent_color": "#c0392b", "logo": (svg, "x.svg")})
    assert response.status_code == 400
    assert "PNG, JPEG atau WebP" in response.get_data(as_text=True)


def test_dates_read_as_indonesians_write_them(app):
    from datetime import datetime

    from flask import render_template_string

    with app.test_request_context():
        text = render_template_string("{{ moment|tanggal }}",
                                      moment=datetime(2022, 6, 13, 2, 30))
    assert text == "Senin, 13 Juni 2022 09:30 WIB"


def test_plugins_page_warns_which_plugins_depend_on_one(make_app, make_user):
    app = make_app(PLUGINS=["articles", "pages"])
    client = app.test_client()
    admin = make_user(role="admin")
    client.post("/login", data={"email": admin.email, "password": "kopi-tubruk-di-pasar-Pare"})
    page = client.get("/admin/plugins").get_data(as_text=True)
    articles_row = page.split('id="plugin-articles"')[1].split("</tr>")[0]
    assert "Menonaktifkan plugin ini juga menghentikan: pages" in articles_row
    pages_row = page.split('id="plugin-pages"')[1].split("</tr>")[0]
    assert "Membutuhkan: articles" in pages_row
    english = client.get("/admin/plugins?lang=en").get_data(as_text=True)
    assert "Disabling this plugin also stops pages." in english
    assert "Requires: articles" in english


def test_a_png_whose_text_chunk_unpacks_too_large_is_refused_not_a_500(app, admin_client):
    import io

    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "a" * 2_000_000, zip=True)  # unpacks past Pillow's limit
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "navy").save(buffer, "PNG", pnginfo=info)
    buffer.seek(0)
    response = admin_client(app).post("/admin/settings", content_type="multipart/form-data",
                                      data={"site_name": "Warta", "language": "id",
                                            "timezone": "Asia/Jakarta",
                                            "accent_color": "#c0392b",
                                            "logo": (buffer, "logo.png")})
    assert response.status_code == 400
    assert "PNG, JPEG atau WebP" in response.get_data(as_text=True)


def test_the_logo_is_kept_in_the_media_store_so_backups_and_other_servers_have_it(
        app, admin_client):
    import io

    from PIL import Image

    from cms.storage import get_media_storage

    buffer = io.BytesIO()
    Image.new("RGB", (400, 100), "navy").save(buffer, "PNG")
    buffer.seek(0)
    admin_client(app).post("/admin/settings", content_type="multipart/form-data", data={
        "site_name": "Warta", "language": "id", "timezone": "Asia/Jakarta",
        "accent_color": "#c0392b", "logo": (buffer, "logo.png")})
    with app.app_context():
        name = site_settings()["logo"]
        assert get_media_storage().exists(f"site/{name}")
    assert not (Path(app.instance_path) / "site" / name).exists()


def test_a_logo_an_earlier_warta_kept_in_the_instance_folder_is_still_served(app):
    import io

    from PIL import Image

    from cms.storage import get_media_storage

    folder = Path(app.instance_path) / "site"
    folder.mkdir()
    Image.new("RGB", (40, 10), "navy").save(folder / "logo-0123456789ab.png", "PNG")
    with app.test_client().get("/site/logo-0123456789ab.png") as response:
        assert response.status_code == 200
        assert Image.open(io.BytesIO(response.data)).size == (40, 10)
    with app.app_context():
        assert get_media_storage().exists("site/logo-0123456789ab.png")
    assert app.test_client().get("/site/logo-ffffffffffff.png").status_code == 404


def test_each_action_on_a_user_ends_on_the_users_list_saying_what_it_did(client, auth,
                                                                         make_user):
    admin, editor = make_user(role="admin"), make_user(role="editor")
    auth.login(admin.email)
    said = {
        "disable": ({}, f"Pengguna {editor.email} diperbarui."),
        "enable": ({}, f"Pengguna {editor.email} diperbarui."),
        "role": ({"role": "journalist"}, f"Peran {editor.email} sekarang journalist."),
        "reset-two-factor": ({}, f"Verifikasi dua langkah {editor.email} dimatikan"),
    }
    for action, (data, message) in said.items():
        response = client.post(f"/admin/users/{editor.id}/{action}", data=data,
                               follow_redirects=True)
        assert response.request.path == "/admin/users"
        assert message in response.get_data(as_text=True)
