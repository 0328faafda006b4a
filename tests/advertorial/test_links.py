"""``rel="sponsored noopener"`` on outbound links, by a tokenizer that changes nothing else."""

from __future__ import annotations

import pytest

from plugins.advertorial.links import is_outbound, mark_sponsored_links, merged_rel

HOSTS = {"kabarkediri.id", "127.0.0.1"}


@pytest.mark.parametrize(("href", "outbound"), [
    ("https://kedirikab.go.id/kim", True),
    ("http://www.youtube.com/@pemkab", True),
    ("//cdn.example.com/x", True),
    ("https://kabarkediri.id/berita/x", False),
    ("https://www.kabarkediri.id/berita/x", False),
    ("http://127.0.0.1:5000/berita/x", False),
    ("/rubrik/pemerintahan/", False),
    ("berita/x", False),
    ("#paragraf-2", False),
    ("mailto:humas@kedirikab.go.id", False),
    ("http://[::1", False),
])
def test_outbound_means_another_website(href, outbound):
    assert is_outbound(href, HOSTS) is outbound


def test_rel_keeps_existing_tokens_once():
    assert merged_rel(None) == "sponsored noopener"
    assert merged_rel("nofollow") == "nofollow sponsored noopener"
    assert merged_rel("NoOpener sponsored") == "NoOpener sponsored"


def test_only_outbound_links_change_and_everything_else_is_kept():
    html = ('<p title="a>b">Lihat <a href="https://kedirikab.go.id/?a=1&amp;b=2" '
            'title="Pemkab &quot;Kediri&quot;">situs</a>, <a href="/tag/kim/">tag</a> &amp; '
            '<a href="https://kabarkediri.id/x">kami</a>&nbsp;&#8211;<br><!-- catatan --></p>'
            '<figure><img src="/uploads/x.jpg" alt="x"></figure>')
    assert mark_sponsored_links(html, HOSTS) == html.replace(
        '<a href="https://kedirikab.go.id/?a=1&amp;b=2" title="Pemkab &quot;Kediri&quot;">',
        '<a href="https://kedirikab.go.id/?a=1&amp;b=2" title="Pemkab &quot;Kediri&quot;" '
        'rel="sponsored noopener">')


def test_text_that_only_looks_like_a_link_is_left_alone():
    html = "<p>Tulis &lt;a href=&quot;https://x.example&quot;&gt; di sini</p>"
    assert mark_sponsored_links(html, HOSTS) == html
