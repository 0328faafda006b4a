"""What readers get: a click-to-load facade, no player until they ask, and safe output."""

from __future__ import annotations

import json
import re

import pytest

from cms.extensions import db
from plugins.articles.models import Article
from plugins.youtube.models import FeaturedVideo
from tests.articles.conftest import load
from tests.youtube.conftest import OTHER_ID, PLACEHOLDER, VIDEO_ID

BLOCK = f'<figure data-youtube-id="{VIDEO_ID}" data-start="90"></figure>'


def page_of(client, app, article_id: int) -> str:
    response = client.get(f"/berita/{load(app, article_id).slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def article_part(html: str) -> str:
    """The ``<article>`` element: the head repeats body text in its descriptions."""
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def video_objects(html: str) -> list[dict]:
    blocks = [json.loads(part.split("</script>", 1)[0])
              for part in html.split('<script type="application/ld+json">')[1:]]
    return [item for block in blocks if isinstance(block, list) for item in block
            if item.get("@type") == "VideoObject"]


def store(app, article_id: int, body: str | None = None, featured: FeaturedVideo | None = None):
    """Write straight to the database, as a tampered or legacy row would be."""
    with app.app_context():
        if body is not None:
            db.session.get(Article, article_id).body = body
        if featured is not None:
            db.session.add(featured)
        db.session.commit()


def test_block_renders_as_facade_with_nocookie_player_and_plain_link(app, client, make_article):
    article_id = make_article(status="published", title="Kirab Budaya",
                              body=f"<p>Sebelum.</p>{BLOCK}<p>Sesudah.</p>")
    html = page_of(client, app, article_id)
    assert "<iframe" not in html
    assert "data-youtube-facade" in html
    player = f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?start=90&amp;autoplay=1"
    assert f'data-player-url="{player}"' in html
    assert f'href="https://www.youtube.com/watch?v={VIDEO_ID}&amp;t=90s"' in html
    assert f'src="{PLACEHOLDER}"' in html  # nothing fetched: this machine is offline
    assert "ytimg" not in html
    assert 'data-player-title="Video YouTube: Kirab Budaya"' in html
    assert re.search(r'<script src="/video/static/facade\.js" defer></script>', html)
    assert '<link rel="stylesheet" href="/video/static/facade.css">' in html
    body = article_part(html)
    assert body.index("Sebelum.") < body.index("data-youtube-facade") < body.index("Sesudah.")


def test_article_without_video_loads_no_player_script(app, client, make_article):
    html = page_of(client, app, make_article(status="published"))
    assert "facade.js" not in html
    assert "data-youtube-facade" not in html
    assert video_objects(html) == []


def test_featured_video_renders_above_the_body(app, client, make_article):
    article_id = make_article(status="published", body="<p>Isi berita.</p>")
    store(app, article_id, featured=FeaturedVideo(article_id=article_id, video_id=OTHER_ID,
                                                  start=None, playlist=None, shorts=False))
    html = page_of(client, app, article_id)
    body = article_part(html)
    assert body.index(f"embed/{OTHER_ID}?autoplay=1") < body.index("Isi berita.")
    assert "facade.js" in html


def test_shorts_get_a_portrait_box(app, client, make_article):
    body = f'<figure data-youtube-id="{VIDEO_ID}" data-shorts="1"></figure>'
    html = page_of(client, app, make_article(status="published", body=body))
    assert "yt-facade yt-facade--shorts" in html


def test_structured_data_describes_each_video_once(app, client, make_article):
    article_id = make_article(status="published", title="Kirab Budaya", lead="Ringkasan.",
                              body=BLOCK + BLOCK)
    store(app, article_id, featured=FeaturedVideo(article_id=article_id, video_id=OTHER_ID,
                                                  start=None, playlist=None, shorts=False))
    data = video_objects(page_of(client, app, article_id))
    assert [item["embedUrl"] for item in data] == [
        f"https://www.youtube-nocookie.com/embed/{OTHER_ID}",
        f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?start=90",
    ]
    assert data[0]["name"] == "Kirab Budaya"
    assert data[0]["description"] == "Ringkasan."
    assert data[0]["uploadDate"].endswith("Z")


def test_title_cannot_break_out_of_structured_data(app, client, make_article):
    article_id = make_article(status="published", title="</script><script>alert(1)</script>",
                              body=BLOCK)
    html = page_of(client, app, article_id)
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize(
    "tampered",
    [
        '<figure data-youtube-id="x&quot; onerror=&quot;alert(1)"></figure>',
        '<figure data-youtube-id="../../evil"></figure>',
        '<figure data-youtube-id="videoseries"></figure>',
    ],
)
def test_stored_block_with_invalid_id_renders_nothing(app, client, make_article, tampered):
    article_id = make_article(status="published")
    store(app, article_id, body=f"<p>Awal.</p>{tampered}<p>Akhir.</p>")
    html = page_of(client, app, article_id)
    assert "<p>Awal.</p><p>Akhir.</p>" in article_part(html)
    assert "data-youtube-facade" not in html
    assert "evil" not in html
    assert "alert(1)" not in html


def test_stored_block_with_bad_start_or_playlist_keeps_the_video(app, client, make_article):
    article_id = make_article(status="published")
    store(app, article_id,
          body=f'<figure data-youtube-id="{VIDEO_ID}" data-start="9&amp;autoplay=0" '
               'data-playlist="PL&amp;x=1"></figure>')
    html = page_of(client, app, article_id)
    assert f'data-player-url="https://www.youtube-nocookie.com/embed/{VIDEO_ID}?autoplay=1"' in html


def test_tampered_featured_row_renders_nothing(app, client, make_article):
    article_id = make_article(status="published", body="<p>Isi.</p>")
    store(app, article_id, featured=FeaturedVideo(article_id=article_id, video_id='x"><b>',
                                                  start=None, playlist=None, shorts=False))
    html = page_of(client, app, article_id)
    assert "data-youtube-facade" not in html
    assert '"><b>' not in html
