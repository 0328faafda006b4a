"""Media behind the storage interface: the uploads folder and the database store, through
the site as an editor and a reader use it, and ``cms media migrate`` between them."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from cms import create_app
from cms.config import ConfigurationError
from cms.extensions import db
from cms.models.media_blob import MediaBlob
from cms.storage import InvalidMediaPath, get_media_storage
from plugins.articles.models import Media
from tests.articles.conftest import login_as
from tests.conftest import CmsRunner

THIRTY_DAYS = 30 * 86400


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles"]}


@pytest.fixture(params=["folder", "database"])
def kind(request) -> str:
    return request.param


@pytest.fixture
def app(make_app, kind):
    return make_app(MEDIA_STORAGE=kind)


def png(size: tuple[int, int] = (800, 400)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(app, user, content: bytes | None = None) -> Media:
    client = login_as(app, user)
    response = client.post("/admin/media", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(content or png()), "foto.png")})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    with app.app_context():
        item = db.session.scalars(sa.select(Media).order_by(Media.id.desc())).first()
        db.session.expunge(item)
    return item


def stored_bytes(app, path: str) -> bytes:
    with app.app_context():
        return get_media_storage().read(path)


def test_an_upload_is_served_with_its_type_and_long_cache_lifetime(app, client, writer):
    item = upload(app, writer)

    for path in (item.path, *item.variants.values()):
        with client.get(f"/uploads/{path}") as response:
            assert response.status_code == 200
            assert response.mimetype == "image/png"
            assert response.cache_control.public
            assert response.cache_control.max_age == THIRTY_DAYS
            assert response.get_data() == stored_bytes(app, path)
    with Image.open(io.BytesIO(stored_bytes(app, item.path))) as image:
        assert image.size == (800, 400)


def test_a_browsers_copy_is_confirmed_without_sending_the_file_again(app, client, writer):
    item = upload(app, writer)
    with client.get(f"/uploads/{item.path}") as first:
        etag = first.headers["ETag"]

    with client.get(f"/uploads/{item.path}", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304
        assert again.get_data() == b""


def test_the_store_the_setting_names_holds_the_files(app, writer, kind, instance_path):
    item = upload(app, writer)

    in_folder = (instance_path / "uploads" / item.path).is_file()
    with app.app_context():
        in_database = db.session.scalar(
            sa.select(sa.func.count()).select_from(MediaBlob)) == 1 + len(item.variants)
        listed = {stored.path for stored in get_media_storage().files()}
    assert (in_folder, in_database) == ((True, False) if kind == "folder" else (False, True))
    assert listed == {item.path, *item.variants.values()}


@pytest.mark.parametrize("url", [
    "/uploads/2026/11/0123456789abcdef.png",
    "/uploads/../../etc/passwd",
    "/uploads/..%2F..%2Fetc%2Fpasswd",
    "/uploads/2026/11/..%2F..%2F..%2Fconfig.py",
    "/uploads/2026/11/0123456789abcdef.png%00.txt",
    "/uploads/2026/11/catatan.txt",
])
def test_missing_files_and_paths_outside_the_store_are_404(app, client, writer, url):
    upload(app, writer)

    with client.get(url) as response:
        assert response.status_code == 404


@pytest.mark.parametrize("path", ["../config.py", "/etc/passwd", "2026/../../x.png",
                                  "2026//x.png", "2026/.x.png", "", "a\\b.png", "a/b c.png"])
def test_the_store_refuses_paths_outside_it_for_every_operation(app, path):
    with app.app_context():
        storage = get_media_storage()
        for call in (lambda: storage.save(path, b"x"), lambda: storage.exists(path),
                     lambda: storage.open(path), lambda: storage.delete(path)):
            with pytest.raises(InvalidMediaPath):
                call()


def test_a_deleted_file_is_no_longer_served(app, client, writer):
    item = upload(app, writer)
    with client.get(f"/uploads/{item.path}") as response:
        assert response.status_code == 200

    with app.app_context():
        get_media_storage().delete(item.path)
        db.session.commit()

    with client.get(f"/uploads/{item.path}") as response:
        assert response.status_code == 404


def test_a_taken_name_is_never_overwritten(app):
    with app.app_context():
        storage = get_media_storage()
        storage.save("2026/11/abcdef0123456789.png", b"lama")
        with pytest.raises(FileExistsError):
            storage.save("2026/11/abcdef0123456789.png", b"baru")
        storage.save("2026/11/abcdef0123456789.png", b"ganti", replace=True)
        db.session.commit()
        assert storage.read("2026/11/abcdef0123456789.png") == b"ganti"


@pytest.mark.parametrize("kind", ["database"])
def test_the_database_store_serves_after_the_servers_cache_is_lost(app, writer, instance_path):
    item = upload(app, writer)
    client = app.test_client()
    cache = instance_path / "media-cache"
    assert (cache / item.path).is_file()  # written through on upload

    shutil.rmtree(cache)
    with client.get(f"/uploads/{item.path}") as response:
        assert response.status_code == 200
        assert response.get_data() == stored_bytes(app, item.path)
    assert (cache / item.path).is_file()  # filled again on the first request


@pytest.mark.parametrize("kind", ["database"])
def test_a_cached_copy_that_differs_from_the_database_is_not_served(app, writer, instance_path):
    item = upload(app, writer)
    cached = instance_path / "media-cache" / item.path
    cached.write_bytes(b"sisa situs lain")

    with app.test_client().get(f"/uploads/{item.path}") as response:
        assert response.get_data() == stored_bytes(app, item.path)


@pytest.mark.parametrize("kind", ["database"])
def test_the_database_store_serves_when_its_cache_cannot_be_written(make_app, writer,
                                                                    tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    app = make_app(MEDIA_STORAGE="database", MEDIA_CACHE_FOLDER=str(blocked))
    item = upload(app, writer)

    with app.test_client().get(f"/uploads/{item.path}") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/png"
        assert response.get_data() == stored_bytes(app, item.path)


def test_an_unknown_storage_setting_stops_the_start_with_the_choices(app_config,
                                                                     instance_path):
    with pytest.raises(ConfigurationError, match="MEDIA_STORAGE is 's3'.*folder, database"):
        create_app({**app_config, "MEDIA_STORAGE": "s3"})


@pytest.mark.parametrize("kind", ["folder"])
def test_media_migrate_moves_a_folder_site_into_the_database(app, make_app, writer,
                                                            instance_path):
    folder_site = app
    item = upload(folder_site, writer)
    files = {item.path, *item.variants.values()}
    original = {path: (instance_path / "uploads" / path).read_bytes() for path in files}
    database_site = make_app(MEDIA_STORAGE="database")

    result = CmsRunner(folder_site).invoke(["media", "migrate", "--to", "database"])

    assert result.exit_code == 0, result.output
    assert f"{len(files)} berkas media disalin dari penyimpanan folder ke penyimpanan " \
        "database" in result.output
    assert "Sekarang isi MEDIA_STORAGE = 'database'" in result.output
    again = CmsRunner(database_site).invoke(["media", "migrate", "--to", "database"])
    assert ("0 berkas media disalin dari penyimpanan folder ke penyimpanan database "
            f"({len(files)} sudah ada di sana)") in again.output
    assert "Sekarang isi" not in again.output
    shutil.rmtree(instance_path / "uploads")
    client = database_site.test_client()
    for path in files:
        with client.get(f"/uploads/{path}") as response:
            assert response.status_code == 200
            assert response.get_data() == original[path]


@pytest.mark.parametrize("kind", ["database"])
def test_media_migrate_back_to_the_folder(app, writer, instance_path):
    database_site = app
    item = upload(database_site, writer)

    result = CmsRunner(database_site).invoke(["media", "migrate", "--to", "folder"])

    assert result.exit_code == 0, result.output
    assert (instance_path / "uploads" / item.path).read_bytes() == stored_bytes(
        database_site, item.path)


@pytest.mark.parametrize("kind", ["folder"])
def test_media_migrate_without_the_table_says_to_upgrade(app, instance_path: Path):
    site = app
    (instance_path / "uploads" / "2026" / "11").mkdir(parents=True)
    (instance_path / "uploads" / "2026" / "11" / "0123456789abcdef.png").write_bytes(png())
    with site.app_context():
        MediaBlob.__table__.drop(db.engine)

    result = CmsRunner(site).invoke(["media", "migrate", "--to", "database"])

    assert result.exit_code == 1
    assert "jalankan `cms db upgrade` dulu" in result.output
