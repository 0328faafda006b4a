"""Attachments from a copy of wp-content/uploads become media; links to them follow."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from cms.extensions import db
from plugins.articles.models import Article, Media
from tests.wordpress.conftest import SITE, attachment, item

UPLOADS = f"{SITE}/wp-content/uploads"


def uploads_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "uploads" / "2024" / "05"
    folder.mkdir(parents=True)
    Image.new("RGB", (800, 600), "red").save(folder / "banjir.jpg", "JPEG")
    (folder / "bukan-gambar.jpg").write_text("<?php echo 'halo';")
    return tmp_path / "uploads"


def media_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Media))


def test_attachments_are_imported_and_links_rewritten(app, client, tmp_path, write_export,
                                                      import_wp):
    uploads = uploads_folder(tmp_path)
    body = (f'<p><a href="{UPLOADS}/2024/05/banjir.jpg"><img src="{UPLOADS}/2024/05/'
            f'banjir-300x200.jpg" alt="Banjir"></a></p>[gallery ids="20"]')
    path = write_export(
        item(10, "Banjir", body, meta={"_thumbnail_id": "20"}),
        attachment(20, f"{UPLOADS}/2024/05/banjir.jpg", parent=10),
        attachment(21, f"{UPLOADS}/2024/05/hilang.jpg"),
        attachment(22, f"{UPLOADS}/2024/05/bukan-gambar.jpg"),
    )
    dry = import_wp(path, "--uploads", str(uploads), "--dry-run")
    assert "media: 2 akan dibuat" in dry.output
    assert "media hilang: 2024/05/hilang.jpg" in dry.output
    result = import_wp(path, "--uploads", str(uploads))
    assert result.exit_code == 0, result.output + result.stderr
    assert "media: 1 dibuat" in result.output
    assert "media hilang: 2024/05/hilang.jpg" in result.output
    assert "dilewati: 1 × media ditolak:" in result.output
    with app.app_context():
        media = db.session.scalar(select(Media))
        article = db.session.scalar(select(Article))
        assert article.image_id == media.id
        assert "wp-content" not in article.body
        assert article.body.count(media.path) == 3
    assert client.get(f"/berita/{'berita-10'}").status_code == 200
    moved = client.get("/?attachment_id=20")
    assert moved.status_code == 301 and media.path in moved.headers["Location"]
    with client.get(moved.headers["Location"]) as image:
        assert image.status_code == 200 and image.mimetype == "image/jpeg"
    again = import_wp(path, "--uploads", str(uploads))
    assert "media: 0 dibuat, 0 diperbarui, 1 tidak berubah" in again.output
    assert "artikel: 0 dibuat, 0 diperbarui, 1 tidak berubah" in again.output
    assert media_count(app) == 1


def test_without_uploads_media_are_reported_not_imported(app, write_export, import_wp):
    result = import_wp(write_export(item(10, "Banjir"),
                                    attachment(20, f"{UPLOADS}/2024/05/banjir.jpg")))
    assert result.exit_code == 0, result.output
    assert "dilewati: 1 × media: tanpa folder --uploads" in result.output
    assert media_count(app) == 0


def test_a_path_outside_the_uploads_folder_is_never_read(app, tmp_path, write_export,
                                                        import_wp):
    uploads = uploads_folder(tmp_path)
    Image.new("RGB", (10, 10)).save(tmp_path / "rahasia.png")
    evil = attachment(20, f"{UPLOADS}/../../rahasia.png").replace(
        "</wp:attachment_url>", "</wp:attachment_url><wp:postmeta><wp:meta_key>"
        "_wp_attached_file</wp:meta_key><wp:meta_value>../rahasia.png</wp:meta_value>"
        "</wp:postmeta>")
    result = import_wp(write_export(evil), "--uploads", str(uploads))
    assert "media hilang: ../rahasia.png" in result.output
    assert media_count(app) == 0


def test_uploads_linked_without_an_attachment_are_reported(app, tmp_path, write_export,
                                                           import_wp):
    uploads = uploads_folder(tmp_path)
    body = f'<p><img src="{UPLOADS}/2019/01/lama-300x200.jpg"></p>'
    result = import_wp(write_export(item(10, "Lama", body)), "--uploads", str(uploads))
    assert result.exit_code == 0, result.output
    assert "media hilang: 2019/01/lama.jpg (ditautkan di post, bukan lampiran)" in \
        result.output


@pytest.fixture
def old_site(tmp_path):
    """The old site's uploads served over HTTP on localhost, as ``http://127.0.0.1:PORT``."""
    root = tmp_path / "situs-lama"
    uploads_folder(root)
    (root / "wp-content").mkdir()
    (root / "uploads").rename(root / "wp-content" / "uploads")
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_media_fetched_from_the_old_site(app, write_export, import_wp, old_site):
    path = write_export(item(10, "Banjir", meta={"_thumbnail_id": "20"}),
                        attachment(20, f"{UPLOADS}/2024/05/banjir.jpg", parent=10),
                        attachment(21, f"{UPLOADS}/2024/05/hilang.jpg"))
    result = import_wp(path, "--fetch-media-from", old_site)
    assert result.exit_code == 0, result.output + result.stderr
    assert "media: 1 dibuat" in result.output
    assert "media hilang: 2024/05/hilang.jpg (cannot fetch" in result.output
    with app.app_context():
        assert db.session.scalar(select(Article.image_id)) is not None


def test_fetching_needs_an_http_address(app, write_export, import_wp):
    result = import_wp(write_export(item(10, "A")), "--fetch-media-from", "file:///etc")
    assert result.exit_code == 1
    assert "--fetch-media-from must be an http(s) address" in result.output


def test_a_redirect_to_another_host_is_not_followed():
    from plugins.wordpress.fetch import FetchRefused, fetch_upload

    class Elsewhere(SimpleHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Elsewhere)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(FetchRefused, match="redirected to another host: 169.254.169.254"):
            fetch_upload(f"http://127.0.0.1:{server.server_address[1]}", "2024/05/a.jpg", 1000)
    finally:
        server.shutdown()
        server.server_close()
