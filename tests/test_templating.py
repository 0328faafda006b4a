"""Template globals: shared by every template, including ones added after first use."""

from __future__ import annotations

from flask import render_template_string


def test_a_global_added_later_reaches_templates_already_loaded(app):
    template = app.jinja_env.from_string("{{ cuaca() if cuaca is defined else 'tidak tahu' }}")
    with app.test_request_context():
        assert template.render() == "tidak tahu"
        app.add_template_global(lambda: "cerah", "cuaca")
        assert template.render() == "cerah"
        assert render_template_string("{{ cuaca() }}") == "cerah"


def test_a_templates_own_globals_stay_its_own(app):
    own = app.jinja_env.from_string("{{ rubrik }}", globals={"rubrik": "Olahraga"})
    shared = app.jinja_env.from_string("{{ rubrik is defined }}")
    assert own.render() == "Olahraga"
    assert shared.render() == "False"
    assert "rubrik" not in app.jinja_env.globals
