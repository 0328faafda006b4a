"""WordPress bodies as WordPress shows them: paragraphs, captions, galleries, videos."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cms.extensions import db
from plugins.articles.models import Article
from plugins.wordpress.content import convert
from tests.wordpress.conftest import item

CASES = [
    ("classic text gets paragraphs and line breaks",
     "Baris satu\nbaris dua\n\nParagraf dua",
     "<p>Baris satu<br>\nbaris dua</p>\n<p>Paragraf dua</p>"),
    ("block comments disappear, their HTML stays",
     "<!-- wp:paragraph -->\n<p>Isi</p>\n<!-- /wp:paragraph -->", "<p>Isi</p>"),
    ("more and nextpage disappear",
     "<p>Awal</p><!--more--><p>Tengah</p><!--nextpage--><p>Akhir</p>",
     "<p>Awal</p><p>Tengah</p><p>Akhir</p>"),
    ("a caption becomes a figure",
     '[caption id="attachment_5" align="alignnone" width="300"]<img src="/a.jpg" alt="A"> '
     "Warga mengungsi (Foto: Antara)[/caption]",
     '<figure><img src="/a.jpg" alt="A"><figcaption>Warga mengungsi (Foto: Antara)'
     "</figcaption></figure>"),
    ("a gallery becomes its images", '[gallery ids="7,8,99"]',
     '<figure><img src="/7.jpg" alt=""></figure>\n<figure><img src="/8.jpg" alt=""></figure>'),
    ("a YouTube URL alone on a line", "Lihat:\n\nhttps://youtu.be/dQw4w9WgXcQ?t=90\n\nSelesai",
     "<p>Lihat:</p>\n<p>https://youtu.be/dQw4w9WgXcQ?t=90</p>\n<p>Selesai</p>"),
    ("an embed shortcode", "[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]",
     "<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>"),
    ("a youtube shortcode with an id", '[youtube id="dQw4w9WgXcQ"]',
     "<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>"),
    ("a block editor embed",
     '<!-- wp:embed {"url":"https://youtu.be/dQw4w9WgXcQ","type":"video",'
     '"providerNameSlug":"youtube"} -->\n<figure class="wp-block-embed"><div class="wp-block-'
     'embed__wrapper">\nhttps://youtu.be/dQw4w9WgXcQ\n</div></figure>\n<!-- /wp:embed -->',
     "<p>https://youtu.be/dQw4w9WgXcQ</p>"),
    ("an unknown shortcode goes, its text stays",
     '<p>[su_note note_color="#fff"]Catatan[/su_note] [contact-form-7 id="3"]</p>',
     "<p>Catatan </p>"),
    ("brackets in a sentence are text",
     "<p>[ADV] Promo [Foto: Antara] dan [[gallery]]</p>",
     "<p>[ADV] Promo [Foto: Antara] dan [gallery]</p>"),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bodies_are_converted(body, expected):
    assert convert(body, {7: "/7.jpg", 8: "/8.jpg"}).html == expected


def test_unknown_shortcodes_are_counted():
    result = convert('[su_box]a[/su_box][su_box]b[/su_box][ninja_form id="1"]')
    assert result.unknown_shortcodes == {"su_box": 2, "ninja_form": 1}


def test_imported_bodies_show_videos_and_never_raw_shortcodes(app, client, write_export,
                                                              import_wp):
    body = ("Pembuka.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90\n\n"
            '[su_button url="https://x.example"]Klik[/su_button]')
    result = import_wp(write_export(item(1, "Video", body)))
    assert result.exit_code == 0, result.output + result.stderr
    assert "shortcode dihapus: [su_button] × 1" in result.output
    page = client.get("/berita/berita-1").get_data(as_text=True)
    assert "[su_button" not in page and "Klik" in page
    with app.app_context():
        body = db.session.scalar(select(Article.body))
    assert 'data-youtube-id="dQw4w9WgXcQ"' in body and 'data-start="90"' in body
