"""Media in the backup whichever store holds it, restored into either store.

Restoring a site that kept its images in the uploads folder onto one that keeps them in
the database is how a site moves to several app servers (docs/media.md).
"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from cms.backup.archive import MANIFEST
from cms.extensions import db
from cms.models.media_blob import MediaBlob
from cms.storage import get_media_storage
from tests.backup.conftest import ADMIN_EMAIL, image_bytes, login, run
from tests.backup.test_archive import rewritten, take_backup


def member_names(archive: Path) -> list[str]:
    with tarfile.open(archive, "r:gz") as tar:
        return tar.getnames()


def served(app, paths: list[str]) -> dict[str, bytes]:
    client = app.test_client()
    found = {}
    for path in paths:
        with client.get(f"/uploads/{path}") as response:
            assert response.status_code == 200, path
            found[path] = response.get_data()
    return found


def test_a_folder_site_restores_into_the_database_store(app, site, tmp_path, instance_path,
                                                        other_machine, monkeypatch):
    originals = {path: (instance_path / "uploads" / path).read_bytes()
                 for path in site.media_files}
    archive = take_backup(app, tmp_path / "backups")
    assert {f"files/uploads/{path}" for path in site.media_files} <= set(member_names(archive))
    monkeypatch.setenv("WARTA_MEDIA_STORAGE", "database")
    target = other_machine()

    result = run(target, "restore", str(archive))

    assert result.exit_code == 0, result.output
    assert not (Path(target.instance_path) / "uploads").exists()
    with target.app_context():
        assert {f.path for f in get_media_storage().files()} == set(site.media_files)
    assert served(target, site.media_files) == originals


@pytest.fixture
def database_site(make_app, make_user, monkeypatch):
    """A site that keeps media in the database, with one uploaded image; → its paths."""
    make_user(email=ADMIN_EMAIL, role="admin")  # through the folder site ``app``, migrated
    monkeypatch.setenv("WARTA_MEDIA_STORAGE", "database")
    application = make_app(create_tables=False)
    client = application.test_client()
    login(client)
    response = client.post("/admin/media", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(image_bytes()), "banjir.png")})
    assert response.status_code == 302
    with application.app_context():
        paths = sorted(db.session.scalars(sa.select(MediaBlob.path)))
    assert paths
    return application, paths


@pytest.mark.parametrize("restored_into", ["folder", "database"])
def test_media_in_the_database_is_in_the_archive_and_restores_into_either_store(
        database_site, tmp_path, other_machine, monkeypatch, restored_into):
    app, paths = database_site
    originals = served(app, paths)
    archive = take_backup(app, tmp_path / "backups")
    names = member_names(archive)
    assert {f"files/uploads/{path}" for path in paths} <= set(names)
    assert "database/media_blob.jsonl" not in names  # in the archive once, as files
    monkeypatch.setenv("WARTA_MEDIA_STORAGE", restored_into)
    target = other_machine()

    result = run(target, "restore", str(archive))

    assert result.exit_code == 0, result.output
    assert f"{len(paths)} berkas" in result.output
    uploads = Path(target.instance_path) / "uploads"
    if restored_into == "folder":
        assert {path: (uploads / path).read_bytes() for path in paths} == originals
    else:
        assert not uploads.exists()
    assert served(target, paths) == originals


def test_an_archive_from_before_the_media_table_restores_into_the_database_store(
        app, site, tmp_path, instance_path, other_machine, monkeypatch):
    archive = take_backup(app, tmp_path / "backups")

    def before_media_table(name: str, data: bytes) -> bytes:
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        # The core head just before migration 0004 made the media table.
        manifest["heads"]["core"] = ["0002"]
        return json.dumps(manifest).encode()

    archive.write_bytes(rewritten(archive, before_media_table))
    monkeypatch.setenv("WARTA_MEDIA_STORAGE", "database")
    target = other_machine()

    result = run(target, "restore", str(archive))

    assert result.exit_code == 0, result.output
    assert served(target, site.media_files) == {
        path: (instance_path / "uploads" / path).read_bytes() for path in site.media_files}
