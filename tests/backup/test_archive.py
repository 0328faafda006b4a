"""What ``cms backup`` and ``cms restore`` refuse, keep and rotate."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from cms.backup.archive import MANIFEST
from cms.dbmigrate import plugin_config
from cms.extensions import db
from cms.hookspecs import hookimpl
from cms.pluginmanager import get_manager
from cms.testing import register_temporarily
from plugins.articles.models import Article
from tests.backup.conftest import run


def take_backup(app, folder: Path, *options: str) -> Path:
    result = run(app, "backup", "--to", str(folder), *options)
    assert result.exit_code == 0, result.output
    return Path(result.output.split("Cadangan ditulis: ", 1)[1].split(" (", 1)[0])


def assert_nothing_written(target) -> None:
    instance = Path(target.instance_path)
    # The empty site made its database file when it started; the restore added nothing.
    assert sorted(p.name for p in instance.iterdir()) in ([], ["warta.db"])
    with target.app_context():
        assert sa.inspect(db.engine).get_table_names() == []


def rewritten(archive: Path, change) -> bytes:
    """The archive with ``change(name, data) -> data`` applied to each member."""
    out = io.BytesIO()
    with tarfile.open(archive, "r:gz") as source, tarfile.open(fileobj=out, mode="w:gz") as tar:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    return out.getvalue()


def flip_byte(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


@pytest.mark.parametrize("damage", ["truncated", "corrupted", "member changed",
                                    "manifest missing", "not a backup"])
def test_a_damaged_archive_is_refused_in_one_line_and_nothing_is_written(
        app, site, tmp_path, other_machine, damage):
    archive = take_backup(app, tmp_path / "backups")
    whole = archive.read_bytes()
    damaged = {
        "truncated": lambda: whole[: len(whole) // 2],
        "corrupted": lambda: flip_byte(whole, len(whole) // 2),
        "member changed": lambda: rewritten(archive, lambda name, data: data.replace(
            b"Banjir Melanda", b"Banjir Surut") if name.startswith("database/") else data),
        "manifest missing": lambda: rewritten(archive, lambda name, data: b"{}"
                                              if name == MANIFEST else data),
        "not a backup": lambda: gzip.compress(b"bukan arsip"),
    }[damage]()
    archive.write_bytes(damaged)
    target = other_machine()

    result = run(target, "restore", str(archive))

    assert result.exit_code == 1
    message = result.output.strip()
    assert "\n" not in message and message.startswith(f"Error: {archive.name}")
    assert message.endswith("tidak ada yang dipulihkan")
    assert_nothing_written(target)


def test_restore_refuses_a_site_that_holds_data_unless_forced(app, site, tmp_path):
    archive = take_backup(app, tmp_path / "backups")
    with app.test_request_context():
        db.session.execute(sa.update(Article).values(title="Diubah Setelah Cadangan"))
        db.session.commit()

    refused = run(app, "restore", str(archive))
    assert refused.exit_code == 1
    assert "sudah berisi data" in refused.output and "--force" in refused.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Article)
                                 .where(Article.title == "Diubah Setelah Cadangan")) > 0

    forced = run(app, "restore", str(archive), "--force")
    assert forced.exit_code == 0, forced.output
    assert "dipertahankan" not in forced.output
    assert app.test_client().get(site.article_urls[0]).get_data(as_text=True).count(
        "Banjir Melanda Desa Kras") > 0


def test_keep_rotates_old_archives(app, site, tmp_path):
    folder = tmp_path / "backups"
    made = [take_backup(app, folder, "--keep", "2") for _ in range(3)]

    assert sorted(folder.glob("warta-backup-*.tar.gz")) == sorted(made[1:])
    third = run(app, "backup", "--to", str(folder), "--keep", "2")
    assert f"Cadangan lama {made[1].name} dihapus" in third.output
    assert not list(folder.glob(".*partial")) and not list(folder.glob(".staging-*"))


def test_an_archive_from_an_older_schema_is_migrated_after_loading(
        app, site, tmp_path, other_machine):
    with app.app_context():
        search_config = plugin_config(get_manager(app).records["search"])
        command.downgrade(search_config, "search0001")
    newest = ScriptDirectory.from_config(search_config).get_current_head()
    archive = take_backup(app, tmp_path / "backups")
    target = other_machine()

    result = run(target, "restore", str(archive))

    assert result.exit_code == 0, result.output
    with target.app_context():
        version = db.session.execute(sa.text("SELECT version_num FROM search_alembic_version"))
        assert version.scalar() == newest != "search0001"
    assert "Melanda Desa Kras" in target.test_client().get(
        "/search?q=banjir").get_data(as_text=True)


def test_an_archive_from_a_newer_warta_is_refused(app, site, tmp_path, other_machine):
    archive = take_backup(app, tmp_path / "backups")

    def future(name: str, data: bytes) -> bytes:
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["heads"]["core"] = ["9999"]
        return json.dumps(manifest).encode()

    forged = rewritten(archive, future)
    archive.write_bytes(forged)
    target = other_machine()

    result = run(target, "restore", str(archive))

    assert result.exit_code == 1
    assert "lebih baru dari yang dikenal Warta ini" in result.output
    with target.app_context():
        assert sa.inspect(db.engine).get_table_names() == []


class AgendaFiles:
    """A partner plugin that keeps attachments in a folder of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.restored_from: str | None = None

    @hookimpl
    def warta_backup_folders(self, app):
        return {"agenda-attachments": str(self.folder)}

    @hookimpl
    def warta_restored(self, app, manifest):
        self.restored_from = manifest["cms_version"]


def test_a_plugin_keeps_its_own_folder_and_hears_of_the_restore(app, site, tmp_path,
                                                                 other_machine):
    source = AgendaFiles(tmp_path / "agenda-here")
    (source.folder / "2026").mkdir(parents=True)
    (source.folder / "2026" / "undangan.pdf").write_bytes(b"%PDF-1.4 undangan rapat")
    with register_temporarily(app, source):
        archive = take_backup(app, tmp_path / "backups")
    target = other_machine()
    restored = AgendaFiles(tmp_path / "agenda-there")

    with register_temporarily(target, restored):
        result = run(target, "restore", str(archive))

    assert result.exit_code == 0, result.output
    assert (restored.folder / "2026" / "undangan.pdf").read_bytes() == b"%PDF-1.4 undangan rapat"
    assert restored.restored_from is not None
