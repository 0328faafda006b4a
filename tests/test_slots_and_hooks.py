"""Slots escape plain text and isolate failures; hooks and filters run in order."""

from __future__ import annotations

import logging

import pytest
from flask import render_template_string
from markupsafe import Markup

from cms.hooks import apply_filter, call_hook
from cms.hookspecs import hookimpl
from cms.pluginmanager import get_manager
from cms.slots import SLOTS, SlotContribution, Stylesheet, UnknownSlotError, add_contribution


def contribute(app, name, render, plugin="uji"):
    add_contribution(app, name, SlotContribution(plugin, render))


def render_footer(app) -> str:
    with app.test_request_context():
        return render_template_string('{{ slot("footer") }}')


def test_plain_strings_are_escaped(app):
    contribute(app, "footer", lambda: "<script>alert(1)</script>")
    assert render_footer(app) == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_markup_passes_through(app):
    contribute(app, "footer", lambda: Markup("<b>tebal</b>"))
    assert render_footer(app) == "<b>tebal</b>"


def test_context_reaches_the_renderer(app):
    contribute(app, "article.after_body", lambda article: f"judul: {article}")
    with app.test_request_context():
        out = render_template_string('{{ slot("article.after_body", article="<Banjir>") }}')
    assert out == "judul: &lt;Banjir&gt;"


def test_a_plugin_stylesheet_is_linked_on_the_pages_it_names_under_any_root(app):
    contribute(app, "head", Stylesheet("static", "gaya.css", pages=["public.home"]))

    def head(path: str, root: str = "") -> str:
        with app.test_request_context(path, base_url=f"http://localhost{root}"):
            return render_template_string('{{ slot("head") }}')

    assert '<link rel="stylesheet" href="/static/gaya.css">' in head("/")
    assert "gaya.css" not in head("/robots.txt")
    assert '<link rel="stylesheet" href="/portal/static/gaya.css">' in head("/", root="/portal")
    assert '<link rel="stylesheet" href="/static/gaya.css">' in head("/")


def _boom():
    raise RuntimeError("slot rusak")


def test_failing_slot_is_raised_under_testing(app):
    contribute(app, "footer", _boom)
    with pytest.raises(RuntimeError, match="slot rusak"):
        render_footer(app)


def test_failing_slot_renders_nothing_in_production(make_app, caplog):
    app = make_app(TESTING=False)
    contribute(app, "footer", _boom, plugin="rusak")
    contribute(app, "footer", lambda: "masih tampil")
    with caplog.at_level(logging.ERROR):
        assert render_footer(app) == "masih tampil"
    assert "plugin rusak failed to render" in caplog.text


def test_unknown_slot_in_a_template_is_an_error(app):
    with app.test_request_context(), pytest.raises(UnknownSlotError):
        render_template_string('{{ slot("tidak.ada") }}')


def test_every_slot_is_documented():
    assert all(description.strip() for description in SLOTS.values())


class Appender:
    def __init__(self, suffix: str) -> None:
        self.suffix = suffix

    @hookimpl
    def warta_filter_body_html(self, html):
        return html + self.suffix


class First:
    @hookimpl(tryfirst=True)
    def warta_filter_body_html(self, html, context):
        return f"[{context['who']}]" + html


def test_filters_chain_in_priority_order(app):
    hooks = get_manager(app).hooks
    hooks.register(Appender("-a"), name="a")
    hooks.register(Appender("-b"), name="b")
    hooks.register(First(), name="first")
    with app.app_context():
        assert apply_filter("warta_filter_body_html", "isi", context={"who": "x"}) == "[x]isi-b-a"


class Broken:
    @hookimpl
    def warta_template_context(self):
        raise RuntimeError("hook rusak")


class Working:
    @hookimpl
    def warta_template_context(self):
        return {"warna": "merah"}


def test_failing_hook_is_logged_and_skipped_in_production(make_app, caplog):
    app = make_app(TESTING=False)
    hooks = get_manager(app).hooks
    hooks.register(Broken(), name="broken")
    hooks.register(Working(), name="working")
    with app.app_context(), caplog.at_level(logging.ERROR):
        assert call_hook("warta_template_context") == [{"warna": "merah"}]
    assert "hook warta_template_context failed in plugin broken" in caplog.text


def test_failing_hook_is_raised_under_testing(app):
    get_manager(app).hooks.register(Broken(), name="broken")
    with app.app_context(), pytest.raises(RuntimeError, match="hook rusak"):
        call_hook("warta_template_context")


def test_template_context_hook_reaches_templates(app):
    get_manager(app).hooks.register(Working(), name="working")
    with app.test_request_context():
        assert render_template_string("{{ warna }}") == "merah"
