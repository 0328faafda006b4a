"""Uploads are bounded per person: a rate, a storage quota, and a longest side; the media
library shows a journalist their own images and those already public, editors all."""

from __future__ import annotations

import pytest

from tests.articles.conftest import login_as
from tests.articles.test_media import image_bytes, media_rows, upload

MEDIA = "/admin/media"
EDITOR_UPLOAD = "/admin/media/editor-upload"


def shown(item: dict, page: str) -> bool:
    return f"<strong>#{item['id']}</strong>" in page


@pytest.mark.parametrize("size", [(100_000, 1), (1, 20_000)])
def test_an_image_with_an_overlong_side_is_refused(app, writer, size):
    client = login_as(app, writer)
    response = upload(client, EDITOR_UPLOAD, image_bytes(size=size), "garis.png")
    assert response.status_code == 400
    assert "sisi terpanjang paling banyak 12.000 piksel" in response.json["error"]
    assert media_rows(app) == []


def test_uploads_are_rate_limited_per_person_across_both_routes(make_app, make_user):
    app = make_app(RATELIMIT_ENABLED=True, ARTICLES_UPLOAD_RATE_LIMIT="3 per minute")
    first, second = make_user(role="journalist"), make_user(role="journalist")
    client = login_as(app, first)
    answers = [upload(client, EDITOR_UPLOAD, image_bytes(), "a.png").status_code,
               upload(client, MEDIA, image_bytes(), "b.png").status_code,
               upload(client, EDITOR_UPLOAD, image_bytes(), "c.png").status_code,
               upload(client, EDITOR_UPLOAD, image_bytes(), "d.png").status_code]
    assert answers == [200, 302, 200, 429]
    assert client.get(MEDIA).status_code == 200  # looking is not uploading
    other = login_as(app, second)  # same address, another person
    assert upload(other, EDITOR_UPLOAD, image_bytes(), "e.png").status_code == 200


def test_a_full_quota_is_refused_with_the_figures(make_app, make_user):
    app = make_app(ARTICLES_UPLOAD_QUOTA_BYTES=5000)
    writer = make_user(role="journalist")
    client = login_as(app, writer)
    noisy = image_bytes(size=(64, 64), noise=True)  # over 5,000 bytes once stored
    assert upload(client, EDITOR_UPLOAD, noisy, "pertama.png").status_code == 200
    response = upload(client, MEDIA, image_bytes(), "lagi.png")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Kuota penyimpanan gambar Anda penuh" in page and "dari 4,9 KB terpakai" in page
    assert len(media_rows(app)) == 1
    colleague = login_as(app, make_user(role="journalist"))
    assert upload(colleague, EDITOR_UPLOAD, image_bytes(), "x.png").status_code == 200


def test_the_media_library_shows_a_journalist_only_what_they_may_see(app, make_user,
                                                                   make_article):
    author, colleague = make_user(role="journalist"), make_user(role="journalist")
    mine = upload(login_as(app, author), EDITOR_UPLOAD, image_bytes(), "milik.png").json
    draft = upload(login_as(app, colleague), EDITOR_UPLOAD, image_bytes(), "draf.png").json
    public = upload(login_as(app, colleague), EDITOR_UPLOAD, image_bytes(), "terbit.png").json
    make_article(author=colleague, status="published", image_id=public["id"])
    page = login_as(app, author).get(MEDIA).get_data(as_text=True)
    assert shown(mine, page) and shown(public, page)
    assert not shown(draft, page)
    desk = login_as(app, make_user(role="editor")).get(MEDIA).get_data(as_text=True)
    assert all(shown(item, desk) for item in (mine, draft, public))
