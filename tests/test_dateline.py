"""The Indonesian dateline opens the first paragraph and the writer's code closes the last,
in the house style the site chose; a lead that repeats the first paragraph is shown once."""

from __future__ import annotations

import pytest

from cms.plugin_settings import save_plugin_settings
from plugins.articles.dateline import (
    compose,
    dateline_text,
    lead_repeats_body,
    opens_with_dateline,
)
from tests.advertorial.conftest import tree
from tests.articles.conftest import load, make_article  # noqa: F401  (a fixture)

FIRST = "Komunitas Informasi Masyarakat Desa Mlancu dibina Pemkab Kediri."
BODY = f"<p>{FIRST}</p><p>Pembinaan berlangsung dua hari.</p>"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles"], "SITE_NAME": "Warta"}


@pytest.mark.parametrize(("style", "expected"), [
    ("upper_comma", "KEDIRI, Warta –"),
    ("upper_dash", "KEDIRI –"),
    ("place_paren", "Kediri (Warta) –"),
    ("upper_paren", "KEDIRI (Warta) –"),
    ("unknown", "KEDIRI, Warta –"),  # a value written behind the site's back
])
def test_dateline_styles(style, expected):
    assert dateline_text(" Kediri ", "Warta", style) == expected


@pytest.mark.parametrize(("paragraph", "carries"), [
    ("KEDIRI – Komunitas…", True),
    ("Kediri, Warta – Komunitas…", True),
    ("Kediri (Warta) - Komunitas…", True),
    ("Kediri adalah kota tahu.", False),
    ("Komunitas di Kediri…", False),
])
def test_a_dateline_the_writer_typed_is_recognised(paragraph, carries):
    assert opens_with_dateline(paragraph, "Kediri") is carries


@pytest.mark.parametrize(("body", "expected"), [
    ("<p>Satu.</p><p>Dua.</p>",
     '<p><span class="article__dateline">KEDIRI, Warta –</span> Satu.</p>'
     '<p>Dua. <span class="article__byline">(bsr1/adv)</span></p>'),
    ('<p class="x">Satu.</p>',
     '<p class="x"><span class="article__dateline">KEDIRI, Warta –</span> Satu. '
     '<span class="article__byline">(bsr1/adv)</span></p>'),
    ('<figure data-youtube-id="x"></figure>',
     '<p><span class="article__dateline">KEDIRI, Warta –</span> </p>'
     '<figure data-youtube-id="x"></figure><p><span class="article__byline">(bsr1/adv)</span></p>'),
    ("<p>KEDIRI – Satu.</p>",
     '<p>KEDIRI – Satu. <span class="article__byline">(bsr1/adv)</span></p>'),
])
def test_compose_puts_both_inline(body, expected):
    assert str(compose(body, "Kediri", "Warta", "upper_comma", "bsr1/adv")) == expected


def test_compose_escapes_what_it_adds():
    html = str(compose("<p>Isi.</p>", "<b>Kediri</b>", "W&W", "place_paren", "<i>x</i>"))
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;Kediri&lt;/b&gt; (W&amp;W) –" in html


@pytest.mark.parametrize(("lead", "repeats"), [
    (FIRST, True),
    (f"  {FIRST}\n", True),
    ("Ringkasan lain.", False),
    ("", False),
])
def test_a_lead_equal_to_the_first_paragraph_is_a_repeat(lead, repeats):
    assert lead_repeats_body(lead, BODY) is repeats


def article_parts(client, app, article_id: int) -> tuple[list[str], str]:
    html = client.get(f"/berita/{load(app, article_id).slug}").get_data(as_text=True)
    nodes = list(tree(html).walk())
    body = next(n for n in nodes if n.attrs.get("class") == "article__body")
    paragraphs = [" ".join(p.text.split()) for p in body.walk() if p.tag == "p"]
    return paragraphs, html


def test_article_page_opens_and_closes_inline(app, client, make_article):  # noqa: F811
    article_id = make_article(status="published", body=BODY, dateline="Kediri",
                              byline="bsr1/adv", lead=FIRST)
    paragraphs, html = article_parts(client, app, article_id)
    assert paragraphs == [f"KEDIRI, Warta – {FIRST}",
                          "Pembinaan berlangsung dua hari. (bsr1/adv)"]
    article = next(n for n in tree(html).walk() if n.tag == "article")
    assert article.text.count(FIRST) == 1  # not as a lead above the body too
    assert 'class="article__lead"' not in html


def test_the_site_chooses_the_style_and_the_source(app, client, make_article):  # noqa: F811
    article_id = make_article(status="published", body=BODY, dateline="Kediri",
                              lead="Ringkasan yang berbeda.")
    with app.test_request_context():
        save_plugin_settings("articles", {"dateline_style": "place_paren",
                                          "dateline_source": "ANTARA"})
    paragraphs, html = article_parts(client, app, article_id)
    assert paragraphs[0] == f"Kediri (ANTARA) – {FIRST}"
    assert 'class="article__lead">Ringkasan yang berbeda.<' in html


def test_an_article_without_dateline_or_byline_is_unchanged(app, client,
                                                            make_article):  # noqa: F811
    article_id = make_article(status="published", body=BODY)
    paragraphs, _ = article_parts(client, app, article_id)
    assert paragraphs == [FIRST, "Pembinaan berlangsung dua hari."]
