"""The editor's URL check and the public ``/video/`` listing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cms.extensions import db
from cms.models.user import utcnow
from plugins.articles.models import Article
from tests.articles.conftest import login_as
from tests.youtube.conftest import OTHER_ID, PLACEHOLDER, VIDEO_ID

BLOCK = f'<figure data-youtube-id="{VIDEO_ID}"></figure>'


def parse(client, url):
    return client.post("/admin/youtube/parse", json={"url": url})


def test_parse_needs_a_newsroom_login(app, client, make_user):
    response = parse(client, f"https://youtu.be/{VIDEO_ID}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    partner = login_as(app, make_user(role="partner"))
    assert parse(partner, f"https://youtu.be/{VIDEO_ID}").status_code == 403


def test_parse_answers_the_block_to_insert(app, writer):
    response = parse(login_as(app, writer), f"youtu.be/{VIDEO_ID}?t=90&si=abc")
    assert response.status_code == 200
    assert response.json == {
        "video_id": VIDEO_ID, "start": 90, "playlist": None, "shorts": False,
        "html": f'<figure data-youtube-id="{VIDEO_ID}" data-start="90"><a href="https://www.'
                f'youtube.com/watch?v={VIDEO_ID}&amp;t=90s">Tonton video di YouTube</a></figure>',
    }


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"url": "https://www.youtube.com/results?search_query=kediri"}, "hasil pencarian"),
        ({"url": f"https://youtu.be.evil.example/{VIDEO_ID}"}, "Bukan alamat YouTube"),
        ({"url": ""}, "kosong"),
        ({"url": 5}, "Tempel alamat video YouTube."),
        (["not", "an", "object"], "Tempel alamat video YouTube."),
    ],
)
def test_parse_refuses_with_a_reason(app, writer, payload, reason):
    response = login_as(app, writer).post("/admin/youtube/parse", json=payload)
    assert response.status_code == 400
    assert reason in response.json["error"]


def test_parse_requires_the_csrf_token_when_protection_is_on(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    user = make_user(role="journalist")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    client.post("/login", data={"email": user.email, "password": "kopi-tubruk-di-pasar-Pare",
                                "csrf_token": token})
    assert parse(client, f"https://youtu.be/{VIDEO_ID}").status_code == 400
    editor_page = client.get("/admin/articles/new").get_data(as_text=True)
    token = editor_page.split('id="csrf_token" name="csrf_token" type="hidden" value="', 1)[1]
    response = client.post("/admin/youtube/parse", json={"url": f"https://youtu.be/{VIDEO_ID}"},
                           headers={"X-CSRFToken": token.split('"', 1)[0]})
    assert response.status_code == 200


def test_editor_page_loads_the_button_script(app, writer):
    page = login_as(app, writer).get("/admin/articles/new").get_data(as_text=True)
    assert ('<script src="/video/static/editor-button.js?parse=/admin/youtube/parse" defer>'
            in page)


def test_video_page_lists_only_public_articles_with_videos(app, client, make_article):
    later = utcnow() + timedelta(days=1)
    make_article(status="published", title="Video Kirab", body=BLOCK,
                 published_at=utcnow() - timedelta(hours=2))
    make_article(status="published", title="Video Terbaru", body=BLOCK,
                 published_at=utcnow() - timedelta(hours=1))
    make_article(status="published", title="Tanpa Video")
    make_article(status="draft", title="Draf Dengan Video", body=BLOCK)
    make_article(status="scheduled", title="Terjadwal Dengan Video", body=BLOCK,
                 published_at=later)
    make_article(status="published", title="Teks Mirip",
                 body='<p>data-youtube-id="x" &lt;figure data-youtube-id="</p>')
    html = client.get("/video/").get_data(as_text=True)
    assert "Video Kirab" in html and "Video Terbaru" in html
    assert html.index("Video Terbaru") < html.index("Video Kirab")
    for hidden in ("Tanpa Video", "Draf Dengan Video", "Terjadwal Dengan Video", "Teks Mirip"):
        assert hidden not in html
    assert f'src="{PLACEHOLDER}"' in html and "ytimg" not in html


def test_featured_video_alone_puts_an_article_on_the_video_page(app, client, writer):
    editor_client = login_as(app, writer)
    response = editor_client.post("/admin/articles/new", data={
        "title": "Hanya Video Utama", "body": "<p>Isi.</p>", "category_id": "",
        "action": "save", "x_youtube_url": f"https://youtu.be/{OTHER_ID}"})
    assert response.status_code == 302
    assert "Hanya Video Utama" not in client.get("/video/").get_data(as_text=True)  # a draft
    article_id = int(response.headers["Location"].split("/admin/articles/")[1].split("/")[0])
    with app.app_context():
        article = db.session.get(Article, article_id)
        article.status, article.published_at = "published", utcnow() - timedelta(minutes=1)
        db.session.commit()
    html = client.get("/video/").get_data(as_text=True)
    assert "Hanya Video Utama" in html
    assert f'src="{PLACEHOLDER}"' in html


def test_video_page_is_paginated(app, client, make_article):
    for number in range(13):
        make_article(status="published", title=f"Video Nomor {number:02d}", body=BLOCK,
                     published_at=utcnow() - timedelta(minutes=60 - number))
    first = client.get("/video/").get_data(as_text=True)
    second = client.get("/video/?page=2").get_data(as_text=True)
    assert "Video Nomor 12" in first and "Video Nomor 01" in first
    assert "Video Nomor 00" not in first
    assert "Video Nomor 00" in second
    assert 'href="/video/?page=2"' in first
    assert client.get("/video/?page=3").status_code == 404


def test_home_page_has_a_video_block(app, client, make_article):
    assert "video-terbaru" not in client.get("/").get_data(as_text=True)
    make_article(status="published", title="Video Kirab", body=BLOCK)
    html = client.get("/").get_data(as_text=True)
    assert 'id="video-terbaru"' in html
    assert "Video Kirab" in html


def test_an_advertorial_with_a_video_keeps_its_label_among_the_videos(make_app, make_user):
    from plugins.advertorial.models import Sponsor
    from plugins.articles import services

    app = make_app(PLUGINS=["articles", "youtube", "advertorial"])
    editor = make_user(role="editor")
    with app.test_request_context():
        sponsor = Sponsor(name="Diskominfo Kediri", slug="diskominfo-kediri")
        db.session.add(sponsor)
        db.session.commit()
        user = db.session.get(type(editor), editor.id)
        article = services.save_article(user, services.ArticleInput(
            title="Video Pelayanan Publik", body=BLOCK, extra={
                "advertorial": True, "advertorial_sponsor": str(sponsor.id),
                "advertorial_label": "Iklan", "advertorial_contract": ""}))
        services.publish(user, article)
    client = app.test_client()
    for page in (client.get("/video/"), client.get("/")):
        video_card = page.get_data(as_text=True).split("card--video", 1)[1]
        assert '<p class="card__label label">Iklan</p>' in video_card.split(
            "Video Pelayanan Publik", 1)[0]
