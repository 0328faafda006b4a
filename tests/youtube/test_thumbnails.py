"""Thumbnails are this site's own by default: the server fetches them when an article is
saved or imported (here from a real HTTP server on 127.0.0.1 serving a JPEG), readers'
pages name no YouTube host outside what a click activates, and a thumbnail that cannot
be fetched is a clean placeholder."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image
from sqlalchemy import func, select

from cms.extensions import db
from cms.plugin_settings import save_plugin_settings
from plugins.youtube.models import VideoThumbnail
from tests.advertorial.conftest import tree
from tests.articles.conftest import load
from tests.youtube.conftest import OTHER_ID, PLACEHOLDER, VIDEO_ID

BLOCK = f'<figure data-youtube-id="{VIDEO_ID}"></figure>'
#: Attributes that make a browser fetch something as the page loads.
LOADING_ATTRIBUTES = ("src", "srcset", "poster", "data", "style")
#: Attributes only a reader's click activates (the facade's player, the plain link).
CLICK_ATTRIBUTES = {("figure", "data-player-url"), ("a", "href")}


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (480, 360), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


class ImageHost:
    """A thumbnail host on 127.0.0.1: ``/vi/<id>/hqdefault.jpg`` for known ids, else 404."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.images = {VIDEO_ID: jpeg_bytes()}
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802  (http.server's name)
                host.requests.append(self.path)
                video_id = self.path.split("/")[2] if self.path.count("/") == 3 else ""
                data = host.images.get(video_id)
                if data is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/vi/{{video_id}}/hqdefault.jpg"


@pytest.fixture
def image_host() -> Iterator[ImageHost]:
    host = ImageHost()
    thread = threading.Thread(target=host.server.serve_forever, daemon=True)
    thread.start()
    yield host
    host.server.shutdown()
    host.server.server_close()


@pytest.fixture
def app_config(app_config, image_host):
    return {**app_config, "YOUTUBE_THUMBNAIL_URL": image_host.url}


def kept(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(VideoThumbnail))


def youtube_addresses_loaded_before_a_click(html: str) -> list[str]:
    """Every YouTube address the page would make a browser fetch, or that structured data
    hands to crawlers as an image."""
    found = []
    for node in tree(html).walk():
        for name, value in node.attrs.items():
            if (node.tag, name) in CLICK_ATTRIBUTES or name not in LOADING_ATTRIBUTES and \
                    not (node.tag == "link" and name == "href"):
                continue
            if "youtube" in value or "ytimg" in value or "googlevideo" in value:
                found.append(f"<{node.tag} {name}={value!r}>")
        if node.tag == "script" and node.attrs.get("type") == "application/ld+json" and \
                "ytimg" in node.text:
            found.append("structured data names an image on ytimg.com")
        if node.tag == "style" and ("youtube" in node.text or "ytimg" in node.text):
            found.append("<style>")
    return found


def test_saving_fetches_the_thumbnail_into_the_media_library(app, client, make_article,
                                                             image_host):
    article_id = make_article(status="published", title="Kirab Budaya", body=BLOCK)
    assert image_host.requests == [f"/vi/{VIDEO_ID}/hqdefault.jpg"]
    assert kept(app) == 1
    html = client.get(f"/berita/{load(app, article_id).slug}").get_data(as_text=True)
    facade = next(n for n in tree(html).walk() if "yt-facade__thumbnail" in
                  n.attrs.get("class", ""))
    src = facade.attrs["src"]
    assert src.startswith("/uploads/")
    with client.get(src) as image:
        assert image.status_code == 200
        assert Image.open(io.BytesIO(image.data)).size == (480, 360)
    assert youtube_addresses_loaded_before_a_click(html) == []
    assert f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}" in html  # on click only
    listing = client.get("/video/").get_data(as_text=True)
    assert src in listing
    assert youtube_addresses_loaded_before_a_click(listing) == []
    make_article(status="published", title="Kirab Lagi", body=BLOCK)
    assert len(image_host.requests) == 1  # kept once, shown everywhere


def test_an_unobtainable_thumbnail_is_a_clean_placeholder(app, client, make_article,
                                                          image_host):
    article_id = make_article(status="published", body=f'<figure data-youtube-id="{OTHER_ID}">'
                                                       "</figure>")
    assert image_host.requests == [f"/vi/{OTHER_ID}/hqdefault.jpg"]  # a 404 there
    assert kept(app) == 0
    html = client.get(f"/berita/{load(app, article_id).slug}").get_data(as_text=True)
    assert f'src="{PLACEHOLDER}"' in html
    assert youtube_addresses_loaded_before_a_click(html) == []
    with client.get(PLACEHOLDER) as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"


def test_an_unreachable_host_is_not_asked_again_for_every_article(app, make_article,
                                                                  image_host):
    app.config["YOUTUBE_THUMBNAIL_URL"] = "http://127.0.0.1:9/vi/{video_id}/hqdefault.jpg"
    for _ in range(3):
        make_article(status="published", body=BLOCK)
    assert kept(app) == 0
    app.config["YOUTUBE_THUMBNAIL_URL"] = image_host.url  # another host: tried at once
    make_article(status="published", body=BLOCK)
    assert kept(app) == 1


def test_something_that_is_not_a_jpeg_is_not_kept(app, client, make_article, image_host):
    image_host.images[VIDEO_ID] = b"<html>captive portal</html>"
    make_article(status="published", body=BLOCK)
    assert kept(app) == 0


def test_import_fetches_and_the_command_fills_in_what_was_missed(app, runner, tmp_path,
                                                                 make_article, image_host):
    image_host.images.pop(VIDEO_ID)
    make_article(status="published", body=BLOCK)
    assert kept(app) == 0
    image_host.images[VIDEO_ID] = jpeg_bytes()
    result = runner.invoke(["youtube", "thumbnails"])
    assert result.exit_code == 0, result.output
    assert "1 gambar pratinjau video disimpan." in result.output
    assert kept(app) == 1
    lines = tmp_path / "berita.jsonl"
    lines.write_text(json.dumps({"title": "Impor Video", "body": "<p>Isi.</p>",
                                 "youtube_id": OTHER_ID}) + "\n")
    image_host.images[OTHER_ID] = jpeg_bytes()
    result = runner.invoke(["import", "jsonl", str(lines)])
    assert result.exit_code == 0, result.output
    assert kept(app) == 2


def test_a_site_may_choose_youtubes_host(app, client, make_article, image_host):
    with app.test_request_context():
        save_plugin_settings("youtube", {"local_thumbnails": False})
    article_id = make_article(status="published", body=BLOCK)
    assert image_host.requests == []
    html = client.get(f"/berita/{load(app, article_id).slug}").get_data(as_text=True)
    assert f'src="https://i.ytimg.com/vi/{VIDEO_ID}/hqdefault.jpg"' in html
