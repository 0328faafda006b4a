"""``cms backup`` and ``cms restore``."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import ScriptInfo
from flask_babel import gettext as _

from cms import config
from cms.backup import archive, files, service

#: Where ``cms backup`` writes without ``--to`` (inside the instance folder).
DEFAULT_FOLDER = "backups"


@click.command("backup")
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path),
              help=f"Folder for the archive (default: instance/{DEFAULT_FOLDER}). Copy "
                   "it off this machine too.")
@click.option("--keep", type=click.IntRange(1), default=None,
              help="Keep only the N newest archives in the folder, deleting older ones.")
@click.pass_obj
def backup_command(info: ScriptInfo, folder: Path | None, keep: int | None) -> None:
    """Write one archive of the site: database, uploads, settings, theme overrides.

    Safe while the site serves readers and editors save: the database is read as it was
    at one moment.
    """
    app: Flask = info.load_app()
    with app.app_context():
        result = service.create_backup(app, folder or Path(app.instance_path) / DEFAULT_FOLDER,
                                       keep)
        click.echo(_("Cadangan ditulis: %(path)s (%(rows)d baris, %(files)d berkas, "
                     "%(seconds).1f dtk)", path=result.path, rows=result.rows,
                     files=result.files, seconds=result.seconds))
        for path in result.removed:
            click.echo(_("Cadangan lama %(name)s dihapus", name=path.name))


@click.command("restore")
@click.argument("path", metavar="ARCHIVE",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace a site that already holds data (everything in it is lost).")
@click.pass_obj
def restore_command(info: ScriptInfo, path: Path, force: bool) -> None:
    """Restore ARCHIVE onto an empty site, migrate it, and rebuild the search index.

    Without an instance, the archive's settings (config.py) become the instance's.
    """
    config_path = Path(config.instance_path()) / "config.py"
    # A site that exists already speaks its language from the first message on.
    with info.load_app().app_context() if config_path.is_file() else nullcontext():
        try:
            manifest = archive.verify(path)
        except archive.ArchiveError as exc:
            raise click.ClickException(_("%(error)s; tidak ada yang dipulihkan",
                                         error=exc)) from None
    written = files.restore_config(archive.read_member(path, files.CONFIG_MEMBER), config_path)
    app: Flask = info.load_app()
    with app.app_context():
        try:
            result = service.restore_backup(app, path, manifest, force)
        except service.RestoreRefused as exc:
            if written is not None:
                written.unlink()
            raise click.ClickException(_("%(error)s; tidak ada yang dipulihkan",
                                         error=exc)) from None
        except archive.ArchiveError as exc:
            raise click.ClickException(_(
                "%(error)s; pemulihan berhenti di tengah jalan: pulihkan lagi dengan --force "
                "dari arsip yang utuh", error=exc)) from None
        _report_restore(path, manifest, result, written)


def _report_restore(path: Path, manifest: dict[str, Any], result: service.RestoreResult,
                    written: Path | None) -> None:
    click.echo(_("%(name)s dipulihkan (dibuat %(created)s oleh Warta %(version)s): "
                 "%(rows)d baris, %(files)d berkas, %(seconds).1f dtk", name=path.name,
                 created=manifest.get("created_at"), version=manifest.get("cms_version"),
                 rows=result.rows, files=result.files, seconds=result.seconds))
    if written is not None and written.name == files.CONFIG_FROM_BACKUP:
        click.echo(_("config.py instance ini dipertahankan; milik arsip ada di %(path)s.",
                     path=written))
    elif written is not None:
        click.echo(_("Pengaturan dipulihkan ke %(path)s.", path=written))
    if result.indexed is not None:
        click.echo(_("Indeks pencarian dibangun ulang: %(num)d artikel.", num=result.indexed))
    if result.skipped:
        click.echo(_("Tidak dipulihkan (tak ada plugin atau folder di sini yang menerimanya): "
                     "%(names)s", names=", ".join(result.skipped)))
