"""Themes: the template lookup chain, parents, static files and choosing a theme."""

from __future__ import annotations

from pathlib import Path

import pytest

from cms.themes import ThemeError, discover_themes, get_registry, resolve_chain

PLUGIN_WITH_TEMPLATE = '''
from flask import Blueprint, render_template

from cms.plugin import Plugin

bp = Blueprint("{name}", __name__)


@bp.route("/{name}/")
def page():
    return render_template("plugins/{name}/page.html")


class ThePlugin(Plugin):
    name = "{name}"
    version = "1.0"

    def setup(self, ctx):
        ctx.add_blueprint(bp)


plugin = ThePlugin()
'''


def make_theme(root: Path, name: str, parent: str | None = None,
               templates: dict[str, str] | None = None, static: dict[str, str] | None = None,
               requires_cms: str = ">=0.1") -> Path:
    folder = root / name
    (folder / "templates").mkdir(parents=True)
    (folder / "static").mkdir()
    lines = [f'name = "{name}"', 'version = "1.0"', f'requires_cms = "{requires_cms}"']
    if parent:
        lines.append(f'parent = "{parent}"')
    (folder / "theme.toml").write_text("\n".join(lines) + "\n")
    for relative, content in (templates or {}).items():
        target = folder / "templates" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
    for relative, content in (static or {}).items():
        (folder / "static" / relative).write_text(content)
    return folder


@pytest.fixture
def themes_root(tmp_path: Path) -> Path:
    root = tmp_path / "themes"
    root.mkdir()
    make_theme(root, "default", templates={"public/home.html": "default-home"},
               static={"style.css": "body{}", "only-parent.css": "p{}"})
    make_theme(root, "anak", parent="default",
               templates={"errors/404.html": "anak-404 {{ code }}"},
               static={"style.css": "body{color:red}"})
    return root


def test_child_theme_overrides_only_what_it_ships(make_app, themes_root):
    app = make_app(THEMES_FOLDER=str(themes_root), THEME="anak")
    client = app.test_client()
    assert client.get("/").get_data(as_text=True) == "default-home"  # from the parent
    assert client.get("/tidak-ada").get_data(as_text=True) == "anak-404 404"


def test_instance_templates_come_first(make_app, themes_root, instance_path):
    (instance_path / "templates" / "public").mkdir(parents=True)
    (instance_path / "templates" / "public" / "home.html").write_text("instance-home")
    app = make_app(THEMES_FOLDER=str(themes_root), THEME="anak")
    assert app.test_client().get("/").get_data(as_text=True) == "instance-home"


def test_core_templates_are_the_fallback(make_app, themes_root):
    app = make_app(THEMES_FOLDER=str(themes_root), THEME="anak")
    assert "Masuk ke redaksi" in app.test_client().get("/login").get_data(as_text=True)


def test_theme_overrides_a_plugin_template(make_app, themes_root, plugin_folder):
    folder, write = plugin_folder
    write("tplplug", PLUGIN_WITH_TEMPLATE.format(name="tplplug"),
          files={"templates/page.html": "dari-plugin"})
    config = {"EXTRA_PLUGIN_FOLDERS": [str(folder)], "PLUGINS": ["tplplug"],
              "THEMES_FOLDER": str(themes_root)}
    plain = make_app(THEME="default", **config)
    assert plain.test_client().get("/tplplug/").get_data(as_text=True) == "dari-plugin"
    (themes_root / "anak" / "templates" / "plugins" / "tplplug").mkdir(parents=True)
    (themes_root / "anak" / "templates" / "plugins" / "tplplug" / "page.html").write_text(
        "dari-tema"
    )
    themed = make_app(THEME="anak", **config)
    assert themed.test_client().get("/tplplug/").get_data(as_text=True) == "dari-tema"


def test_theme_static_files_follow_the_chain_with_cache_busting(make_app, themes_root):
    app = make_app(THEMES_FOLDER=str(themes_root), THEME="anak")
    client = app.test_client()
    with app.test_request_context():
        from cms.themes import theme_url

        own = theme_url("style.css")
        inherited = theme_url("only-parent.css")
    assert own.startswith("/theme/style.css?v=")
    with client.get(own) as response:
        assert response.get_data(as_text=True) == "body{color:red}"
    with client.get(inherited) as response:
        assert response.get_data(as_text=True) == "p{}"
        assert "max-age=31536000" in response.headers["Cache-Control"]
    assert client.get("/theme/missing.css").status_code == 404


def test_changed_file_gets_a_new_url(make_app, themes_root):
    first = make_app(THEMES_FOLDER=str(themes_root), THEME="anak")
    with first.test_request_context():
        before = get_registry().version_of("style.css")
    (themes_root / "anak" / "static" / "style.css").write_text("body{color:blue}")
    second = make_app(THEMES_FOLDER=str(themes_root), THEME="anak")
    with second.test_request_context():
        assert get_registry().version_of("style.css") != before


def test_missing_parent_is_refused(themes_root):
    make_theme(themes_root, "yatim", parent="tidak-ada")
    themes, _errors = discover_themes(themes_root)
    with pytest.raises(ThemeError, match="names parent 'tidak-ada', which is not installed"):
        resolve_chain(themes, "yatim")


def test_parent_cycle_is_refused(themes_root):
    make_theme(themes_root, "satu", parent="dua")
    make_theme(themes_root, "dua", parent="satu")
    themes, _errors = discover_themes(themes_root)
    with pytest.raises(ThemeError, match="cycle: satu → dua → satu"):
        resolve_chain(themes, "satu")


def test_incompatible_or_broken_theme_is_listed_with_its_error(themes_root):
    make_theme(themes_root, "masa-depan", requires_cms=">=99")
    (themes_root / "rusak").mkdir()
    (themes_root / "rusak" / "theme.toml").write_text("name = [tidak valid")
    _themes, errors = discover_themes(themes_root)
    assert "needs Warta >=99" in errors["masa-depan"]
    assert "cannot read theme.toml" in errors["rusak"]


def test_broken_active_theme_falls_back_to_default_and_tells_admins(
    make_app, themes_root, make_user
):
    make_theme(themes_root, "yatim", parent="tidak-ada")
    app = make_app(THEMES_FOLDER=str(themes_root), THEME="yatim")
    client = app.test_client()
    assert client.get("/").get_data(as_text=True) == "default-home"
    admin = make_user(role="admin")
    client.post("/login", data={"email": admin.email, "password": "kopi-tubruk-di-pasar-Pare"})
    assert "not installed" in client.get("/admin/themes").get_data(as_text=True)


def test_cli_lists_and_switches_themes(make_app, themes_root):
    from tests.conftest import CmsRunner

    app = make_app(THEMES_FOLDER=str(themes_root))
    runner = CmsRunner(app)
    listing = runner.invoke(["themes", "list"])
    assert listing.exit_code == 0
    assert "* default" in listing.output and "anak" in listing.output
    switched = runner.invoke(["themes", "use", "anak"])
    assert switched.exit_code == 0, switched.output
    restarted = make_app(THEMES_FOLDER=str(themes_root))
    with restarted.app_context():
        assert get_registry().active.name == "anak"


def test_cli_refuses_a_broken_theme(make_app, themes_root):
    from tests.conftest import CmsRunner

    make_theme(themes_root, "yatim", parent="tidak-ada")
    result = CmsRunner(make_app(THEMES_FOLDER=str(themes_root))).invoke(["themes", "use", "yatim"])
    assert result.exit_code == 1
    assert "not installed" in result.output
    assert "Traceback" not in result.output


def test_admin_switches_theme(make_app, themes_root, make_user):
    app = make_app(THEMES_FOLDER=str(themes_root))
    client = app.test_client()
    admin = make_user(role="admin")
    client.post("/login", data={"email": admin.email, "password": "kopi-tubruk-di-pasar-Pare"})
    response = client.post("/admin/themes/anak/use", follow_redirects=True)
    assert "Tema anak sekarang aktif." in response.get_data(as_text=True)
    assert client.post("/admin/themes/tidak-ada/use").status_code == 404


def test_shipped_default_theme_is_valid():
    themes, errors = discover_themes(Path(__file__).resolve().parent.parent / "themes")
    assert errors == {}
    assert "default" in themes


def test_undecodable_or_odd_theme_toml_is_listed_not_fatal(make_app, themes_root):
    (themes_root / "latin1").mkdir()
    (themes_root / "latin1" / "theme.toml").write_bytes('name = "caf\xe9"'.encode("latin-1"))
    make_theme(themes_root, "daftar")
    toml = themes_root / "daftar" / "theme.toml"
    toml.write_text(toml.read_text() + 'parent = ["default"]\n')
    app = make_app(THEMES_FOLDER=str(themes_root))
    with app.app_context():
        errors = get_registry().errors
    assert "cannot read theme.toml" in errors["latin1"]
    assert "parent must be a theme name" in errors["daftar"]
    assert app.test_client().get("/").status_code == 200


def test_broken_default_theme_still_serves_core_templates(make_app, tmp_path):
    root = tmp_path / "themes"
    make_theme(root, "default", parent="hilang")
    app = make_app(THEMES_FOLDER=str(root))
    response = app.test_client().get("/login")
    assert response.status_code == 200
    assert "Masuk ke redaksi" in response.get_data(as_text=True)


def test_absurd_static_names_are_404(client):
    assert client.get("/theme/" + "a" * 300 + ".css").status_code == 404
    assert client.get("/theme/a%00b.css").status_code == 404
