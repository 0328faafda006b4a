"""Corrections and right of reply: a dated notice on the article, linked both ways, the
article's "updated" time moved, and feeds and sitemaps following."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import TextAreaField

from cms.api import iso_datetime
from cms.extensions import db
from cms.models import User
from plugins.articles import services
from plugins.articles.models import Article, Revision
from plugins.redaksi import services as redaksi_services
from plugins.redaksi.forms import AtMost
from plugins.redaksi.models import Correction
from tests.articles.conftest import load, login_as

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
RALAT = "Jumlah rumah yang terendam 40, bukan 400 seperti tertulis sebelumnya."


def publish_correction(desk, article_id: int, text: str = RALAT, kind: str = "ralat"):
    return desk.post(f"/admin/redaksi/article/{article_id}/correction",
                     data={"correction-kind": kind, "correction-text": text})


def corrections(app) -> list[Correction]:
    with app.app_context():
        rows = db.session.scalars(select(Correction)).all()
        db.session.expunge_all()
        return rows


def test_article_shows_a_dated_notice_linking_to_the_correction_and_back(
        app, client, desk, story, story_url):
    response = publish_correction(desk, story)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/redaksi/article/{story}"
    [correction] = corrections(app)

    page = client.get(story_url).get_data(as_text=True)
    notice = page.split('<div class="redaksi-notices">', 1)[1].split("</div>", 1)[0]
    assert "<strong>Ralat</strong>" in notice and RALAT[:40] in notice
    assert f'href="/koreksi/{correction.id}"' in notice
    assert re.search(r'<time datetime="[0-9T:.-]+Z">\w+, \d+ \w+ \d{4} \d\d:\d\d WIB</time>',
                     notice)
    # the notice sits above the story's body
    assert page.index("redaksi-notices") < page.index('class="article__body"')

    own = client.get(f"/koreksi/{correction.id}")
    assert own.status_code == 200
    text = own.get_data(as_text=True)
    assert "Ralat: Banjir Melanda Desa Kras" in text and RALAT in text
    assert f'href="{story_url}#koreksi-{correction.id}"' in text
    assert f'id="koreksi-{correction.id}"' in page  # the back link's target exists


def test_corrections_page_lists_every_correction_newest_first(
        app, client, desk, story, make_article):
    other = make_article(status="published", title="Jembatan Putus di Gurah")
    publish_correction(desk, story)
    publish_correction(desk, other, "Tanggapan Kepala Desa Gurah atas berita ini.",
                       kind="hak_jawab")
    listing = client.get("/koreksi/").get_data(as_text=True)
    assert listing.index("Jembatan Putus di Gurah") < listing.index("Banjir Melanda Desa Kras")
    assert "<strong>Hak jawab</strong>" in listing and "<strong>Ralat</strong>" in listing
    for correction in corrections(app):
        assert f'href="/koreksi/{correction.id}"' in listing


def test_right_of_reply_and_koreksi_carry_their_own_names(client, desk, story, story_url):
    publish_correction(desk, story, "Kami membantah jumlah korban.", kind="hak_jawab")
    publish_correction(desk, story, "Nama camat yang benar adalah Sutrisno.", kind="koreksi")
    page = client.get(story_url).get_data(as_text=True)
    assert "<strong>Hak jawab</strong>" in page and "<strong>Koreksi</strong>" in page
    assert page.index("Kami membantah") < page.index("Nama camat")  # in the order published


def test_correction_moves_the_updated_time_and_records_a_revision(
        app, client, desk, story, story_url):
    before = load(app, story)
    assert "Diperbarui" not in client.get(story_url).get_data(as_text=True)
    publish_correction(desk, story)
    after = load(app, story)
    assert after.updated_at > before.updated_at
    assert after.version == before.version + 1
    page = client.get(story_url).get_data(as_text=True)
    assert f'property="article:modified_time" content="{iso_datetime(after.updated_at)}"' in page
    assert f'Diperbarui: <time datetime="{iso_datetime(after.updated_at)}">' in page
    with app.app_context():
        newest = db.session.scalar(select(Revision).where(Revision.article_id == story)
                                   .order_by(Revision.number.desc()).limit(1))
        assert newest.note == "Ralat diterbitkan"
        assert newest.user.name == "Redaktur Pagi"


def test_sitemap_and_feed_reflect_the_correction(app, client, desk, story, story_url):
    def lastmod() -> str:
        urls = ET.fromstring(client.get("/sitemap-articles-1.xml").data)
        return urls.find("s:url/s:lastmod", SITEMAP_NS).text

    before = lastmod()
    assert [t.text for t in ET.fromstring(client.get("/feed.xml").data)
            .findall("channel/item/title")] == ["Banjir Melanda Desa Kras"]
    publish_correction(desk, story)
    updated = load(app, story).updated_at
    assert lastmod() == f"{updated.isoformat(timespec='seconds')}Z" != before
    titles = [t.text for t in ET.fromstring(client.get("/feed.xml").data)
              .findall("channel/item/title")]
    assert titles == ["[Diralat] Banjir Melanda Desa Kras"]
    news = client.get("/sitemap-news.xml").get_data(as_text=True)
    assert "Banjir Melanda Desa Kras" in news  # a corrected story stays in Google News


@pytest.mark.parametrize("data, message", [
    ({"correction-kind": "ralat", "correction-text": "   "},
     "Isi ralat, koreksi, atau hak jawab wajib diisi."),
    ({"correction-kind": "ralat", "correction-text": "x" * 10_001},
     "Paling panjang 10000 karakter."),
    ({"correction-kind": "bantahan", "correction-text": "Teks"},
     "Jenis pemberitahuan tidak dikenal."),
])
def test_bad_input_is_refused_with_400_and_nothing_changes(app, desk, story, data, message):
    before = load(app, story)
    response = desk.post(f"/admin/redaksi/article/{story}/correction", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert corrections(app) == []
    assert load(app, story).updated_at == before.updated_at


@pytest.mark.parametrize("limit, message", [
    (1, "At most 1 character."),
    (2, "At most 2 characters."),
])
def test_length_limits_read_in_english_as_one_character_or_more(app, limit, message):
    class Note(FlaskForm):
        text = TextAreaField(validators=[AtMost(limit)])

    with app.test_request_context("/?lang=en"):
        form = Note(data={"text": "xyz"})
        assert not form.validate()
        assert form.text.errors == [message]
        assert f'maxlength="{limit}"' in str(form.text())


def test_too_long_text_is_refused_in_the_editors_language(app, desk, story, editor):
    response = desk.post(f"/admin/redaksi/article/{story}/correction?lang=en",
                         data={"correction-kind": "ralat", "correction-text": "x" * 10_001})
    assert response.status_code == 400
    assert "At most 10000 characters." in response.get_data(as_text=True)
    with app.test_request_context("/?lang=en"):
        user, article = db.session.get(User, editor.id), db.session.get(Article, story)
        with pytest.raises(redaksi_services.RedaksiError,
                           match=r"^The text can be at most 10000 characters\.$"):
            redaksi_services.add_correction(user, article, "ralat", "x" * 10_001)


def test_unknown_article_is_404(desk):
    assert publish_correction(desk, 999).status_code == 404
    assert desk.get("/admin/redaksi/article/999").status_code == 404
    assert desk.get("/koreksi/999").status_code == 404


def test_draft_cannot_be_corrected(app, client, desk, make_article):
    draft = make_article(title="Draf Belum Terbit")
    response = publish_correction(desk, draft)
    assert response.status_code == 400
    assert "Hanya berita yang sedang terbit" in response.get_data(as_text=True)
    assert corrections(app) == []
    assert "Draf Belum Terbit" not in client.get("/koreksi/").get_data(as_text=True)


def test_corrections_of_an_unpublished_story_leave_the_public_pages(
        app, client, desk, story, editor):
    publish_correction(desk, story)
    [correction] = corrections(app)
    with app.test_request_context():
        services.unpublish(db.session.get(User, editor.id), db.session.get(Article, story))
    assert client.get(f"/koreksi/{correction.id}").status_code == 404
    assert "Banjir Melanda Desa Kras" not in client.get("/koreksi/").get_data(as_text=True)


def test_notice_text_is_escaped_and_kept_as_paragraphs(client, desk, story, make_article):
    publish_correction(desk, story, "Paragraf satu.\n\n<script>alert(1)</script>\nbaris dua")
    page = client.get("/koreksi/1").get_data(as_text=True)
    assert "<p>Paragraf satu.</p>" in page
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>baris dua</p>" in page
    assert "<script>alert" not in client.get("/berita/banjir-melanda-desa-kras").get_data(
        as_text=True)


LABELLING_PLUGIN = '''
from cms.hookspecs import hookimpl
from cms.plugin import Plugin


class Sponsor(Plugin):
    name = "sponsorlabel"
    version = "1.0"
    requires_plugins = ("articles",)
    uses_plugins = ("redaksi",)  # registered after redaksi, so pluggy would call it first

    @hookimpl
    def articles_item_labels(self, articles, surface):
        return {article.id: "Iklan" for article in articles}


plugin = Sponsor()
'''


def test_a_label_another_plugin_requires_wins_over_ours(make_app, plugin_folder,
                                                        story, editor):
    folder, write = plugin_folder
    write("sponsorlabel", LABELLING_PLUGIN)
    app = make_app(EXTRA_PLUGIN_FOLDERS=[str(folder)],
                   PLUGINS=["articles", "pages", "sponsorlabel", "redaksi"])
    desk = login_as(app, editor)
    publish_correction(desk, story)
    titles = [t.text for t in ET.fromstring(app.test_client().get("/feed.xml").data)
              .findall("channel/item/title")]
    assert titles == ["[Iklan] Banjir Melanda Desa Kras"]
