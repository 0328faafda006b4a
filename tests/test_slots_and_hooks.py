"""Slots escape plain text and isolate failures; pluggy runs hooks and filters, in order."""

from __future__ import annotations

import logging

import pytest
from flask import render_template_string
from markupsafe import Markup

from cms.api import apply_filter, call_hook, hookimpl
from cms.slots import SLOTS, SlotContribution, Stylesheet, UnknownSlotError, add_contribution
from cms.testing import register_temporarily


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
    def articles_filter_body(self, html):
        return html + self.suffix


class First:
    @hookimpl(tryfirst=True)
    def articles_filter_body(self, html, context):
        return f"[{context['who']}]" + html


class BrokenFilter:
    @hookimpl
    def articles_filter_body(self, html):
        raise RuntimeError("filter rusak")


@pytest.fixture
def articles_app(make_app):
    """A site running the articles plugin, whose hooks these tests implement."""
    return make_app(PLUGINS=["articles"])


def test_filters_chain_in_priority_order(articles_app):
    with (register_temporarily(articles_app, Appender("-a"), "a"),
          register_temporarily(articles_app, Appender("-b"), "b"),
          register_temporarily(articles_app, First()),
          articles_app.app_context()):
        assert apply_filter("articles_filter_body", "isi", context={"who": "x"}) == "[x]isi-b-a"


def test_a_failing_filter_passes_its_input_on_in_production(make_app, caplog):
    app = make_app(PLUGINS=["articles"], TESTING=False)
    with (register_temporarily(app, Appender("-a"), "a"),
          register_temporarily(app, BrokenFilter(), "rusak"),
          app.app_context(), caplog.at_level(logging.ERROR)):
        assert apply_filter("articles_filter_body", "isi", context={}) == "isi-a"
    assert "hook articles_filter_body failed in plugin rusak" in caplog.text


class Counting:
    def __init__(self) -> None:
        self.calls = 0

    @hookimpl
    def articles_missing(self, slug):
        self.calls += 1
        return f"Berita {slug} pindah ke koran sebelah"


class Silent:
    def __init__(self) -> None:
        self.asked = False

    @hookimpl(tryfirst=True)
    def articles_missing(self, slug):
        self.asked = True


def test_a_firstresult_hook_stops_at_the_first_answer(articles_app):
    """``articles_missing`` is firstresult: a None answer lets pluggy go on, the first real
    answer reaches the reader, and no later implementation is called."""
    silent, early, late = Silent(), Counting(), Counting()
    with (register_temporarily(articles_app, early, "awal"),
          register_temporarily(articles_app, late, "akhir"),
          register_temporarily(articles_app, silent)):
        response = articles_app.test_client().get("/berita/banjir-kras")
    assert response.get_data(as_text=True) == "Berita banjir-kras pindah ke koran sebelah"
    assert silent.asked
    assert (late.calls, early.calls) == (1, 0)  # the plugin registered last runs first


class Sitemaps:
    @hookimpl
    def warta_sitemaps(self):
        return ["https://kabar.example/sitemap.xml"]


class Mirror:
    """A pluggy wrapper: runs around the other implementations and changes their answers."""

    @hookimpl(wrapper=True)
    def warta_sitemaps(self):
        answers = yield
        return [*answers, [url.replace("kabar", "cermin") for url in answers[0]]]


class BrokenWrapper:
    @hookimpl(wrapper=True)
    def warta_sitemaps(self):
        yield
        raise RuntimeError("pembungkus rusak")


def test_a_wrapper_runs_around_the_other_implementations(client, app):
    with register_temporarily(app, Sitemaps()), register_temporarily(app, Mirror()):
        robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: https://kabar.example/sitemap.xml" in robots
    assert "Sitemap: https://cermin.example/sitemap.xml" in robots


def test_a_failing_wrapper_leaves_the_page_up_without_answers(make_app, caplog):
    app = make_app(TESTING=False)
    with (register_temporarily(app, Sitemaps()), register_temporarily(app, BrokenWrapper()),
          caplog.at_level(logging.ERROR)):
        response = app.test_client().get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap:" not in response.get_data(as_text=True)
    assert "hook warta_sitemaps failed in a wrapper" in caplog.text


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
    with (register_temporarily(app, Broken(), "broken"), register_temporarily(app, Working()),
          app.app_context(), caplog.at_level(logging.ERROR)):
        assert call_hook("warta_template_context") == [{"warna": "merah"}]
    assert "hook warta_template_context failed in plugin broken" in caplog.text


def test_failing_hook_is_raised_under_testing(app):
    with (register_temporarily(app, Broken()), app.app_context(),
          pytest.raises(RuntimeError, match="hook rusak")):
        call_hook("warta_template_context")


def test_a_critical_call_lets_the_failure_through_in_production(make_app):
    app = make_app(TESTING=False)
    with (register_temporarily(app, Broken()), app.app_context(),
          pytest.raises(RuntimeError, match="hook rusak")):
        call_hook("warta_template_context", critical=True)


def test_template_context_hook_reaches_templates(app):
    with register_temporarily(app, Working()), app.test_request_context():
        assert render_template_string("{{ warna }}") == "merah"


def test_a_temporary_registration_ends_with_its_block(app):
    with register_temporarily(app, Working()), app.app_context():
        assert call_hook("warta_template_context") == [{"warna": "merah"}]
    with app.app_context():
        assert call_hook("warta_template_context") == []
