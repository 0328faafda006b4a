"""What the newsroom stores: validated ids, video blocks from pastes, never an iframe."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cms.extensions import db
from plugins.articles.models import Article
from plugins.youtube.models import FeaturedVideo
from tests.articles.conftest import as_if_kept_before_plugin_fields, form_of, load, login_as
from tests.youtube.conftest import OTHER_ID, VIDEO_ID


def create(client, **fields):
    data = {"title": "Festival Kelud", "body": "<p>Isi berita.</p>", "category_id": "",
            "action": "save"}
    return client.post("/admin/articles/new", data=data | fields)


def created_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    return int(response.headers["Location"].split("/admin/articles/")[1].split("/")[0])


def featured(app, article_id: int) -> FeaturedVideo | None:
    with app.app_context():
        row = db.session.get(FeaturedVideo, article_id)
        if row is not None:
            db.session.expunge(row)
        return row


def count_articles(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Article.id)).all())


def test_editor_offers_the_featured_video_field(app, writer):
    page = login_as(app, writer).get("/admin/articles/new").get_data(as_text=True)
    assert "Video utama (alamat YouTube)" in page
    assert 'name="x_youtube_url"' in page


def test_good_featured_url_stores_id_and_start_only(app, writer):
    client = login_as(app, writer)
    article_id = created_id(create(client, x_youtube_url=f"https://youtu.be/{VIDEO_ID}?t=1m30s"
                                                           "&si=tracking123"))
    row = featured(app, article_id)
    assert (row.video_id, row.start, row.playlist, row.shorts) == (VIDEO_ID, 90, None, False)
    shown = form_of(client, article_id)["x_youtube_url"]
    assert shown == f"https://www.youtube.com/watch?v={VIDEO_ID}&t=90s"  # rebuilt, no tracking


def test_featured_shorts_and_playlist_survive_an_unchanged_resave(app, writer):
    client = login_as(app, writer)
    article_id = created_id(create(client, x_youtube_url=f"youtube.com/shorts/{VIDEO_ID}?t=5"))
    client.post(f"/admin/articles/{article_id}/edit", data=form_of(client, article_id))
    row = featured(app, article_id)
    assert (row.video_id, row.start, row.shorts) == (VIDEO_ID, 5, True)
    data = form_of(client, article_id) | {
        "x_youtube_url": f"https://m.youtube.com/watch?v={OTHER_ID}&list=PLabcdefgh"}
    client.post(f"/admin/articles/{article_id}/edit", data=data)
    client.post(f"/admin/articles/{article_id}/edit", data=form_of(client, article_id))
    row = featured(app, article_id)
    assert (row.video_id, row.playlist, row.shorts) == (OTHER_ID, "PLabcdefgh", False)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://www.youtube.com/@PemkabKediri", "bukan alamat kanal"),
        (f"https://youtube.com.evil.example/watch?v={VIDEO_ID}", "Bukan alamat YouTube"),
        (f"javascript:alert(1)//youtu.be/{VIDEO_ID}", "Skema alamat tidak didukung"),
        ("https://www.youtube.com/playlist?list=PLabcdefgh", "bukan daftar putar"),
    ],
)
def test_bad_featured_url_is_a_form_message_and_keeps_the_text(app, writer, url, reason):
    client = login_as(app, writer)
    response = create(client, title="Judul Yang Tetap Ada", body="<p>Teks panjang wartawan.</p>",
                      x_youtube_url=url)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Video utama:" in page
    assert reason in page
    assert "Judul Yang Tetap Ada" in page
    assert "Teks panjang wartawan." in page
    assert count_articles(app) == 0  # the save was refused whole


def test_bad_url_on_an_existing_article_keeps_the_stored_video(app, writer):
    client = login_as(app, writer)
    article_id = created_id(create(client, x_youtube_url=f"https://youtu.be/{VIDEO_ID}"))
    data = form_of(client, article_id) | {"x_youtube_url": "https://vimeo.com/123",
                                           "title": "Judul Baru"}
    response = client.post(f"/admin/articles/{article_id}/edit", data=data)
    assert response.status_code == 400
    assert "Judul Baru" in response.get_data(as_text=True)
    assert featured(app, article_id).video_id == VIDEO_ID
    assert load(app, article_id).title == "Festival Kelud"


def test_emptying_the_field_removes_the_featured_video(app, writer):
    client = login_as(app, writer)
    article_id = created_id(create(client, x_youtube_url=f"https://youtu.be/{VIDEO_ID}"))
    client.post(f"/admin/articles/{article_id}/edit",
                data=form_of(client, article_id) | {"x_youtube_url": "  "})
    assert featured(app, article_id) is None


def test_restoring_a_revision_keeps_the_featured_video(app, editor):
    client = login_as(app, editor)
    article_id = created_id(create(client, x_youtube_url=f"https://youtu.be/{VIDEO_ID}"))
    client.post(f"/admin/articles/{article_id}/edit",
                data=form_of(client, article_id) | {"title": "Judul Kedua"})
    response = client.post(f"/admin/articles/{article_id}/revisions/1/restore")
    assert response.status_code == 302
    assert load(app, article_id).title == "Festival Kelud"
    assert featured(app, article_id).video_id == VIDEO_ID


def edit(client, article_id: int, **fields) -> None:
    """Save the editor's current values with ``fields`` changed, as a browser would."""
    response = client.post(f"/admin/articles/{article_id}/edit",
                           data=form_of(client, article_id) | fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


def test_restoring_a_revision_brings_back_its_featured_video(app, editor):
    client = login_as(app, editor)
    article_id = created_id(create(client, x_youtube_url=f"https://youtu.be/{VIDEO_ID}?t=30"))
    edit(client, article_id, x_youtube_url=f"https://youtu.be/{OTHER_ID}")
    assert featured(app, article_id).video_id == OTHER_ID
    client.post(f"/admin/articles/{article_id}/revisions/1/restore")
    assert (featured(app, article_id).video_id, featured(app, article_id).start) == (VIDEO_ID, 30)


def test_restoring_a_revision_without_a_video_removes_the_one_added_since(app, editor):
    client = login_as(app, editor)
    article_id = created_id(create(client))
    edit(client, article_id, x_youtube_url=f"https://youtu.be/{VIDEO_ID}")
    client.post(f"/admin/articles/{article_id}/revisions/1/restore")
    assert featured(app, article_id) is None


def test_a_revision_kept_before_plugins_had_fields_there_keeps_todays_video(app, editor):
    client = login_as(app, editor)
    article_id = created_id(create(client))
    as_if_kept_before_plugin_fields(app, article_id)
    edit(client, article_id, title="Judul Kedua", x_youtube_url=f"https://youtu.be/{VIDEO_ID}")
    client.post(f"/admin/articles/{article_id}/revisions/1/restore")
    assert load(app, article_id).title == "Festival Kelud"
    assert featured(app, article_id).video_id == VIDEO_ID


def test_comparing_revisions_shows_the_featured_video_change(app, editor):
    client = login_as(app, editor)
    article_id = created_id(create(client, x_youtube_url=f"https://youtu.be/{VIDEO_ID}"))
    edit(client, article_id, x_youtube_url=f"https://youtu.be/{OTHER_ID}")
    page = client.get(f"/admin/articles/{article_id}/revisions/compare?a=1&b=2").get_data(
        as_text=True)
    assert "youtube.url" in page
    assert f"- https://www.youtube.com/watch?v={VIDEO_ID}" in page
    assert f"+ https://www.youtube.com/watch?v={OTHER_ID}" in page


@pytest.mark.parametrize(
    "paragraph",
    [
        f"<p>https://youtu.be/{VIDEO_ID}?t=90</p>",
        f"<p>&nbsp;https://www.youtube.com/watch?v={VIDEO_ID}&amp;t=90&nbsp;</p>",
        f'<p><a href="https://youtu.be/{VIDEO_ID}?t=90">https://youtu.be/{VIDEO_ID}?t=90</a></p>',
        f"<p>youtu.be/{VIDEO_ID}?t=1m30s<br></p>",
    ],
)
def test_pasted_bare_url_becomes_a_video_block(app, writer, paragraph):
    client = login_as(app, writer)
    article_id = created_id(create(client, body=f"<p>Sebelum.</p>{paragraph}<p>Sesudah.</p>"))
    body = load(app, article_id).body
    assert body.startswith("<p>Sebelum.</p>")
    assert body.endswith("<p>Sesudah.</p>")
    assert f'<figure data-youtube-id="{VIDEO_ID}" data-start="90">' in body
    assert f'href="https://www.youtube.com/watch?v={VIDEO_ID}&amp;t=90s"' in body


@pytest.mark.parametrize(
    "paragraph",
    [
        f"<p>Tonton di https://youtu.be/{VIDEO_ID} ya.</p>",
        f'<p><a href="https://youtu.be/{VIDEO_ID}">Tonton videonya</a></p>',
        f'<p><a href="https://youtu.be/{OTHER_ID}">https://youtu.be/{VIDEO_ID}</a></p>',
        f"<p><strong>https://youtu.be/{VIDEO_ID}</strong></p>",
        "<p>https://www.youtube.com/@PemkabKediri</p>",
        f"<p>https://youtu.be/{VIDEO_ID} https://youtu.be/{OTHER_ID}</p>",
    ],
)
def test_urls_inside_sentences_or_links_with_words_stay_text(app, writer, paragraph):
    client = login_as(app, writer)
    article_id = created_id(create(client, body=paragraph))
    assert "data-youtube-id" not in load(app, article_id).body


def test_stored_body_never_holds_an_iframe_or_markup_from_the_paste(app, writer):
    client = login_as(app, writer)
    body = (f'<iframe src="https://www.youtube.com/embed/{VIDEO_ID}"></iframe>'
            f'<figure data-start="7" data-youtube-id="{VIDEO_ID}" data-playlist="bad&list">'
            '<img src="https://evil.example/x.png"><figcaption>x</figcaption></figure>')
    article_id = created_id(create(client, body=body))
    stored = load(app, article_id).body
    assert "<iframe" not in stored
    assert "evil.example" not in stored
    assert stored == (f'<figure data-youtube-id="{VIDEO_ID}" data-start="7"><a href='
                      f'"https://www.youtube.com/watch?v={VIDEO_ID}&amp;t=7s">Tonton video di '
                      'YouTube</a></figure>')


def test_block_with_an_invalid_id_is_refused_with_a_message(app, writer):
    client = login_as(app, writer)
    response = create(client, body='<figure data-youtube-id="x&quot;&gt;&lt;script"></figure>')
    assert response.status_code == 400
    assert "ID YouTube yang tidak valid" in response.get_data(as_text=True)
    assert count_articles(app) == 0


def test_deleting_an_article_forgets_its_featured_video(app, editor):
    client = login_as(app, editor)
    article_id = created_id(create(client, x_youtube_url=f"https://youtu.be/{VIDEO_ID}"))
    assert client.post(f"/admin/articles/{article_id}/delete").status_code == 302
    assert featured(app, article_id) is None
