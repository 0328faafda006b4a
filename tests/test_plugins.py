"""The plugin engine: discovery, manifests, dependencies, isolation of failures."""

from __future__ import annotations

import sys
import textwrap
import uuid

import pytest

from cms.pluginmanager import ENTRY_POINT_GROUP, Status, get_manager

PLUGIN_SOURCE = '''
from flask import Blueprint
from markupsafe import Markup

from cms.hookspecs import hookimpl
from cms.plugin import Plugin

bp = Blueprint("{name}", __name__)


@bp.route("/{name}/")
def index():
    return "halo dari {name}"


class ThePlugin(Plugin):
    name = "{name}"
    version = "1.0"
    title = "Plugin {name}"
    description = "Plugin uji."
    requires_cms = "{requires_cms}"
    requires_plugins = {requires}

    def setup(self, ctx):
        {setup}
        ctx.add_blueprint(bp)
        ctx.add_slot("footer", lambda: Markup("<b>slot-{name}</b>"))

    @hookimpl
    def warta_content_security_policy(self, policy):
        policy["img-src"].append("https://img.{name}.example")


plugin = ThePlugin()
'''


def unique(prefix: str = "p") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def plugin_source(name: str, requires=(), setup: str = "pass", requires_cms: str = ">=0.1") -> str:
    return PLUGIN_SOURCE.format(name=name, requires=tuple(requires), setup=setup,
                                requires_cms=requires_cms)


@pytest.fixture
def site(make_app, plugin_folder):
    """``site(plugins)`` writes the given ``{name: source}`` and starts an app with them."""
    folder, write = plugin_folder

    def build(sources: dict[str, str], **config):
        for name, source in sources.items():
            write(name, source)
        return make_app(**{"EXTRA_PLUGIN_FOLDERS": [str(folder)], "PLUGINS": list(sources),
                           **config})

    return build


def test_folder_plugin_loads_and_serves_its_blueprint_and_slot(site):
    name = unique()
    app = site({name: plugin_source(name)})
    record = get_manager(app).records[name]
    assert record.status is Status.LOADED, record.error
    client = app.test_client()
    assert client.get(f"/{name}/").get_data(as_text=True) == f"halo dari {name}"
    assert f"<b>slot-{name}</b>" in client.get("/").get_data(as_text=True)
    assert f"https://img.{name}.example" in client.get("/").headers["Content-Security-Policy"]


FAILURES = {
    "import error": ("raise RuntimeError('rusak saat impor')\n", "import failed: RuntimeError"),
    "wrong type": ("plugin = object()\n", "an instance of cms.plugin.Plugin"),
    "no plugin attribute": ("x = 1\n", "an instance of cms.plugin.Plugin"),
    "syntax error": ("def broken(:\n", "import failed: SyntaxError"),
}


@pytest.mark.parametrize("case", FAILURES)
def test_broken_plugin_is_recorded_and_site_keeps_serving(site, make_user, case):
    name = unique()
    source, expected = FAILURES[case]
    app = site({name: source})
    record = get_manager(app).records[name]
    assert record.status is Status.FAILED
    assert expected in record.error
    client = app.test_client()
    assert client.get("/").status_code == 200
    admin = make_user(role="admin")
    client.post("/login", data={"email": admin.email, "password": "kopi-tubruk-di-pasar-Pare"})
    page = client.get("/admin/plugins").get_data(as_text=True)
    assert name in page and "gagal" in page


@pytest.mark.parametrize(
    ("manifest_change", "expected"),
    [
        ('requires_cms = "{requires_cms}"', None),
        ('requires_cms = ">=99"', "needs Warta >=99"),
        ('requires_cms = "lebih baru"', "not a version specifier"),
        ('version = "1.0"', None),
        ('version = "satu"', "is not PEP 440"),
        ('name = "{name}"', None),
        ('name = "Bad Name"', "must be 2-40 lower-case"),
        ('name = "{name}"', None),
    ],
)
def test_manifest_checks(site, manifest_change, expected):
    name = unique()
    source = plugin_source(name)
    key = manifest_change.split(" = ")[0]
    original = next(line for line in source.splitlines() if line.strip().startswith(key + " ="))
    source = source.replace(original, "    " + manifest_change.format(name=name,
                                                                     requires_cms=">=0.1"))
    record = get_manager(site({name: source})).records[name]
    if expected is None:
        assert record.status is Status.LOADED, record.error
    else:
        assert record.status is Status.FAILED
        assert expected in record.error


def test_name_must_match_folder(site):
    name, other = unique(), unique()
    record = get_manager(site({name: plugin_source(other)})).records[name]
    assert record.status is Status.FAILED
    assert "installed as" in record.error


def test_exception_in_setup_leaves_nothing_registered(site):
    name = unique()
    # The failure comes after add_blueprint would have been declared: nothing may stick.
    source = plugin_source(name, setup="ctx.add_blueprint(bp); raise ValueError('gagal setup')")
    app = site({name: source})
    record = get_manager(app).records[name]
    assert record.status is Status.FAILED
    assert "setup failed: ValueError: gagal setup" in record.error
    assert "Traceback" in record.traceback
    assert name not in app.blueprints
    client = app.test_client()
    assert client.get(f"/{name}/").status_code == 404
    assert f"slot-{name}" not in client.get("/").get_data(as_text=True)


def test_missing_dependency_fails_plugin_and_its_dependents(site):
    base, child, grandchild = unique("a"), unique("b"), unique("c")
    app = site({
        child: plugin_source(child, requires=[base]),
        grandchild: plugin_source(grandchild, requires=[child]),
    })
    records = get_manager(app).records
    assert records[child].status is Status.FAILED
    assert f"requires plugin {base!r}, which is not installed" in records[child].error
    assert records[grandchild].status is Status.FAILED
    assert "which is failed" in records[grandchild].error


def test_dependency_is_started_first(site):
    base, child = unique("z"), unique("a")
    app = site({child: plugin_source(child, requires=[base]), base: plugin_source(base)})
    manager = get_manager(app)
    assert [r.name for r in manager.loaded()] == [base, child]


def test_dependency_that_fails_in_setup_takes_dependents_down(site):
    base, child = unique("a"), unique("b")
    app = site({
        base: plugin_source(base, setup="raise RuntimeError('x')"),
        child: plugin_source(child, requires=[base]),
    })
    records = get_manager(app).records
    assert records[base].status is Status.FAILED
    assert records[child].status is Status.FAILED


def test_dependency_cycle_is_refused(site):
    first, second = unique("a"), unique("b")
    app = site({
        first: plugin_source(first, requires=[second]),
        second: plugin_source(second, requires=[first]),
    })
    records = get_manager(app).records
    assert records[first].status is Status.FAILED
    assert "cycle" in records[first].error
    assert app.test_client().get("/").status_code == 200


def test_hook_typo_fails_at_start(site):
    name = unique()
    source = plugin_source(name) + textwrap.dedent('''
        class Typo(ThePlugin):
            @hookimpl
            def warta_content_securty_policy(self, policy):
                pass

        plugin = Typo()
    ''')
    record = get_manager(site({name: source})).records[name]
    assert record.status is Status.FAILED
    assert "unknown hook" in record.error


def test_duplicate_names_fail_both_sources(make_app, plugin_folder, tmp_path):
    folder, write = plugin_folder
    name = unique()
    write(name, plugin_source(name))
    second = tmp_path / "second"
    (second / name).mkdir(parents=True)
    (second / name / "__init__.py").write_text(plugin_source(name))
    app = make_app(EXTRA_PLUGIN_FOLDERS=[str(folder), str(second)], PLUGINS=[name])
    record = get_manager(app).records[name]
    assert record.status is Status.FAILED
    assert "two plugins are named" in record.error


def test_table_names_must_carry_plugin_prefix(site):
    name = unique()
    source = plugin_source(name, setup="ctx.add_models(Wrong)") + textwrap.dedent(f'''
        from cms.extensions import db

        class Wrong(db.Model):
            __tablename__ = "wrong_table_{name}"
            id = db.Column(db.Integer, primary_key=True)
    ''')
    record = get_manager(site({name: source})).records[name]
    assert record.status is Status.FAILED
    assert "must start with" in record.error


def test_unknown_slot_fails_plugin(site):
    name = unique()
    source = plugin_source(name, setup="ctx.add_slot('no.such.slot', lambda: 'x')")
    record = get_manager(site({name: source})).records[name]
    assert record.status is Status.FAILED
    assert "no slot named 'no.such.slot'" in record.error


def test_disabled_plugin_is_discovered_but_not_started(site, app_config, runner):
    name = unique()
    app = site({name: plugin_source(name)})
    result = runner.__class__(app).invoke(["plugins", "disable", name])
    assert result.exit_code == 0, result.output
    assert "mulai ulang" in result.output
    # The running site keeps the plugin until it restarts.
    assert app.test_client().get(f"/{name}/").status_code == 200
    listing = runner.__class__(app).invoke(["plugins", "list"]).output
    assert "menunggu restart" in listing
    restarted = site({}, EXTRA_PLUGIN_FOLDERS=app.config["EXTRA_PLUGIN_FOLDERS"], PLUGINS=[name])
    assert get_manager(restarted).records[name].status is Status.DISABLED
    assert restarted.test_client().get(f"/{name}/").status_code == 404


def test_safe_mode_loads_only_builtins(site):
    name = unique()
    app = site({name: plugin_source(name)}, SAFE_MODE=True)
    record = get_manager(app).records[name]
    assert record.status is Status.DISABLED
    assert "safe mode" in record.error


def test_safe_mode_from_environment(site, monkeypatch):
    monkeypatch.setenv("WARTA_SAFE_MODE", "1")
    name = unique()
    app = site({name: plugin_source(name)})
    assert app.config["SAFE_MODE"] is True
    assert get_manager(app).records[name].status is Status.DISABLED


def test_entry_point_group_name_is_stable():
    assert ENTRY_POINT_GROUP == "cms.plugins"


def test_plugin_from_entry_point(make_app, tmp_path, monkeypatch):
    """A real importlib.metadata entry point, as a pip-installed partner package has."""
    name = unique("partner")
    module = f"warta_{name}"
    site_dir = tmp_path / "site-packages"
    (site_dir / module).mkdir(parents=True)
    (site_dir / module / "__init__.py").write_text(plugin_source(name))
    dist_info = site_dir / f"{module}-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (dist_info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{name} = {module}\n")
    monkeypatch.syspath_prepend(str(site_dir))
    try:
        app = make_app(PLUGINS=[name])
        record = get_manager(app).records[name]
        assert record.status is Status.LOADED, record.error
        assert record.source.startswith("entry point")
        assert app.test_client().get(f"/{name}/").status_code == 200
    finally:
        sys.modules.pop(module, None)


def test_plugin_widening_the_sanitizer_safely_is_applied(site):
    name = unique()
    source = plugin_source(name) + textwrap.dedent('''
        class Widening(ThePlugin):
            @hookimpl
            def warta_sanitizer_allowlist(self):
                return {"tags": ["div"], "attributes": {"div": ["data-kode"]}}

        plugin = Widening()
    ''')
    app = site({name: source})
    from cms.sanitize import clean_html

    with app.app_context():
        assert clean_html('<div data-kode="a1">x</div>') == '<div data-kode="a1">x</div>'


@pytest.mark.parametrize("request_", [
    '{"tags": ["script"]}',
    '{"attributes": {"a": ["onclick"]}}',
    '{"tags": ["iframe"]}',
    '{"protocols": ["javascript"]}',
])
def test_plugin_asking_for_unsafe_html_fails_alone(site, request_):
    name = unique()
    source = plugin_source(name) + textwrap.dedent(f'''
        class Unsafe(ThePlugin):
            @hookimpl
            def warta_sanitizer_allowlist(self):
                return {request_}

        plugin = Unsafe()
    ''')
    app = site({name: source})
    record = get_manager(app).records[name]
    assert record.status is Status.FAILED
    assert "unsafe sanitizer allowlist" in record.error
    from cms.sanitize import clean_html

    with app.app_context():
        assert "<script" not in clean_html("<script>x</script><iframe></iframe>")
    assert app.test_client().get("/").status_code == 200


def test_plugin_calling_sys_exit_fails_alone(site):
    name = unique()
    record = get_manager(site({name: "import sys\nsys.exit(0)\n"})).records[name]
    assert record.status is Status.FAILED
    assert "import failed: SystemExit" in record.error


def test_sys_exit_in_setup_fails_alone(site):
    name = unique()
    app = site({name: plugin_source(name, setup="import sys; sys.exit(3)")})
    record = get_manager(app).records[name]
    assert record.status is Status.FAILED and "SystemExit" in record.error
    assert app.test_client().get("/").status_code == 200


@pytest.mark.parametrize(("line", "expected"), [
    ('requires_plugins = "youtube"', "requires_plugins must be a tuple of plugin names"),
    ("uses_plugins = 5", "uses_plugins must be a tuple of plugin names"),
    ("requires_cms = None", "requires_cms must be a string"),
    ("version = 1", "version must be a string"),
])
def test_manifest_attribute_types_are_checked(site, line, expected):
    name = unique()
    source = plugin_source(name).replace("    def setup(self, ctx):",
                                          f"    {line}\n\n    def setup(self, ctx):")
    record = get_manager(site({name: source})).records[name]
    assert record.status is Status.FAILED
    assert expected in record.error


@pytest.mark.parametrize("setup", [
    "ctx.add_blueprint(bp, name='admin')",
    "ctx.add_blueprint(bp, name='kembar', url_prefix='/a'); "
    "ctx.add_blueprint(bp, name='kembar', url_prefix='/b')",
])
def test_blueprint_name_clash_fails_the_plugin(site, setup):
    name = unique()
    app = site({name: plugin_source(name, setup=setup)})
    record = get_manager(app).records[name]
    assert record.status is Status.FAILED
    assert "already exists" in record.error
    assert app.test_client().get("/login").status_code == 200


@pytest.mark.parametrize("body", ["raise RuntimeError('rusak')", "return {'tags': 'b'}",
                                  "return ['bukan', 'dict']"])
def test_broken_allowlist_hook_fails_the_plugin(site, body):
    name = unique()
    source = plugin_source(name) + textwrap.dedent(f'''
        class Odd(ThePlugin):
            @hookimpl
            def warta_sanitizer_allowlist(self):
                {body}

        plugin = Odd()
    ''')
    app = site({name: source})
    assert get_manager(app).records[name].status is Status.FAILED
    assert app.test_client().get("/").status_code == 200


def test_failing_app_ready_is_reported_not_fatal(site):
    name = unique()
    source = plugin_source(name) + textwrap.dedent('''
        class Late(ThePlugin):
            @hookimpl
            def warta_app_ready(self, app):
                raise RuntimeError("terlambat")

        plugin = Late()
    ''')
    app = site({name: source})
    assert "warta_app_ready failed: RuntimeError: terlambat" in get_manager(app).records[name].error
    assert app.test_client().get("/").status_code == 200


def test_admin_menu_entry_with_unknown_endpoint_is_left_out(site, make_user):
    name = unique()
    app = site({name: plugin_source(name, setup="ctx.add_admin_menu('Hantu', 'nope.nothing')")})
    admin = make_user(role="admin")
    client = app.test_client()
    client.post("/login", data={"email": admin.email, "password": "kopi-tubruk-di-pasar-Pare"})
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Hantu" not in response.get_data(as_text=True)


def test_template_context_hook_returning_junk_is_ignored(site):
    name = unique()
    source = plugin_source(name) + textwrap.dedent('''
        class Junk(ThePlugin):
            @hookimpl
            def warta_template_context(self):
                return ["bukan", "dict"]

        plugin = Junk()
    ''')
    assert site({name: source}).test_client().get("/").status_code == 200


def test_slot_returning_none_renders_nothing(site):
    name = unique()
    app = site({name: plugin_source(name, setup="ctx.add_slot('head', lambda: None)")})
    assert "None" not in app.test_client().get("/").get_data(as_text=True).split("</head>")[0]


def test_plugin_lists_from_environment_strings(make_app, plugin_folder, monkeypatch):
    folder, write = plugin_folder
    name, other = unique(), unique()
    write(name, plugin_source(name))
    write(other, plugin_source(other))
    monkeypatch.setenv("WARTA_EXTRA_PLUGIN_FOLDERS", str(folder))
    app = make_app(PLUGINS=f" {name} , nothing")
    records = get_manager(app).records
    assert records[name].status is Status.LOADED
    assert records[other].status is Status.DISABLED  # not a substring match


def test_an_old_style_hookwrapper_fails_the_plugin_with_the_fix(site):
    name = unique()
    source = plugin_source(name) + textwrap.dedent('''
        class OldStyle(ThePlugin):
            @hookimpl(hookwrapper=True)
            def warta_sitemaps(self):
                outcome = yield
                outcome.force_result([])

        plugin = OldStyle()
    ''')
    app = site({name: source})
    record = get_manager(app).records[name]
    assert record.status is Status.FAILED
    assert "hookwrapper=True" in record.error
    assert "@hookimpl(wrapper=True)" in record.error
    assert app.test_client().get("/robots.txt").status_code == 200


def test_a_historic_hook_specification_fails_the_plugin_with_the_fix(make_app, plugin_folder):
    folder, write = plugin_folder
    name = unique()
    spec = textwrap.dedent(f'''
        from cms.hookspecs import hookspec

        @hookspec(historic=True)
        def {name}_ready(app):
            """Told once the plugin is ready."""
    ''')
    setup = f"from plugins.{name} import hookspecs; ctx.add_hookspecs(hookspecs)"
    write(name, plugin_source(name, setup=setup), files={"hookspecs.py": spec})
    app = make_app(EXTRA_PLUGIN_FOLDERS=[str(folder)], PLUGINS=[name])
    record = get_manager(app).records[name]
    assert record.status is Status.FAILED
    assert "historic=True" in record.error
    assert "warta_app_ready" in record.error
