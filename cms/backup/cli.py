"""``cms backup`` and ``cms restore``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import ScriptInfo

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
    click.echo(f"Backup written: {result.path} ({result.rows} rows, {result.files} files, "
               f"{result.seconds:.1f} s)")
    for path in result.removed:
        click.echo(f"Removed old backup {path.name}")


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
    try:
        manifest = archive.verify(path)
    except archive.ArchiveError as exc:
        raise click.ClickException(f"{exc}; nothing was restored") from None
    config_path = Path(config.instance_path()) / "config.py"
    written = files.restore_config(archive.read_member(path, files.CONFIG_MEMBER), config_path)
    try:
        app: Flask = info.load_app()
        with app.app_context():
            result = service.restore_backup(app, path, manifest, force)
    except service.RestoreRefused as exc:
        if written is not None:
            written.unlink()
        raise click.ClickException(f"{exc}; nothing was restored") from None
    except archive.ArchiveError as exc:
        raise click.ClickException(f"{exc}; the restore stopped half-way: restore again "
                                   "with --force from a sound archive") from None
    click.echo(f"Restored {path.name} (made {manifest.get('created_at')} by Warta "
               f"{manifest.get('cms_version')}): {result.rows} rows, {result.files} files, "
               f"{result.seconds:.1f} s")
    if written is not None and written.name == files.CONFIG_FROM_BACKUP:
        click.echo(f"This instance's config.py was kept; the archive's is in {written}.")
    elif written is not None:
        click.echo(f"Settings restored to {written}.")
    if result.indexed is not None:
        click.echo(f"Search index rebuilt: {result.indexed} articles.")
    if result.skipped:
        click.echo("Not restored (no plugin or folder here takes them): "
                   + ", ".join(result.skipped))
