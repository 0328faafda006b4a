"""Take a backup of the running site, and restore one onto an empty site.

Restoring rebuilds the schema as the archive had it (its migration heads), loads the
rows, then migrates to this Warta's newest schema, so an archive from an older release
comes back through the same migrations an upgrade in place would run.
"""

from __future__ import annotations

import itertools
import logging
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import IO, Any

import flask_migrate
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import Flask
from flask_babel import gettext as _

from cms import __version__, dbmigrate, pagecache
from cms.backup import archive, dump, files
from cms.clock import utcnow
from cms.dbmigrate import upgrade_all
from cms.extensions import CORE_MIGRATIONS, db
from cms.hooks import call_hook
from cms.hookspecs import HOOKSPEC_VERSION
from cms.models.media_blob import MediaBlob
from cms.pluginmanager import get_manager
from cms.search import get_search_service
from cms.storage import MediaStorage, get_media_storage

logger = logging.getLogger(__name__)

ARCHIVE_PREFIX = "warta-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
DATABASE_PREFIX = "database/"
#: Media files restored per database transaction (the database store writes rows).
MEDIA_BATCH = 100


class RestoreRefused(Exception):
    """The restore would harm the site or cannot work; the message names the way on."""


@dataclass
class BackupResult:
    path: Path
    rows: int
    files: int
    seconds: float
    removed: list[Path] = field(default_factory=list)


@dataclass
class RestoreResult:
    rows: int
    files: int
    indexed: int | None
    seconds: float
    skipped: list[str] = field(default_factory=list)


def archive_path(folder: Path) -> Path:
    """A new archive's name: the UTC time, sortable, with a counter if taken."""
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}"
    counter = 2
    while path.exists():
        path = folder / f"{ARCHIVE_PREFIX}{stamp}-{counter}{ARCHIVE_SUFFIX}"
        counter += 1
    return path


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest archives in ``folder``; return what went."""
    archives = sorted(folder.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"),
                      key=lambda p: (p.stat().st_mtime_ns, p.name))
    removed = archives[:-keep] if keep else []
    for path in removed:
        path.unlink()
    return removed


def _plugins(app: Flask) -> dict[str, dict[str, Any]]:
    return {record.name: {"version": record.plugin.version if record.plugin else None,
                          "status": record.status.value}
            for record in get_manager(app).records.values()}


def create_backup(app: Flask, folder: Path, keep: int | None = None) -> BackupResult:
    """Write one archive of the site into ``folder``; with ``keep``, rotate old ones."""
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    path = archive_path(folder)
    config_path = Path(app.instance_path) / "config.py"
    tables: dict[str, int] = {}
    file_count = 0
    with tempfile.TemporaryDirectory(dir=folder, prefix=".staging-") as staging, \
            archive.ArchiveWriter(path) as writer:
        if config_path.is_file():
            writer.add_file(files.CONFIG_MEMBER, config_path)
        with dump.snapshot(db.engine) as connection:
            heads = dump.read_heads(connection)
            # Media rows go in as files (below), whichever store holds them.
            for table, dumped, rows in dump.dump_tables(connection, Path(staging),
                                                        skip={MediaBlob.__tablename__}):
                writer.add_file(f"{DATABASE_PREFIX}{table}.jsonl", dumped)
                dumped.unlink()
                tables[table] = rows
        storage = get_media_storage(app)
        file_count += _add_media(writer, storage)
        folders = files.site_folders(app)
        for site_folder in folders:
            for member, source in files.walk(site_folder):
                writer.add_file(member, source)
                file_count += 1
        created = utcnow()
        writer.finish({
            "format": archive.FORMAT,
            "format_version": archive.FORMAT_VERSION,
            "created_at": created.isoformat(),
            "created_timestamp": created.timestamp(),
            "cms_version": __version__,
            "hookspec_version": HOOKSPEC_VERSION,
            "database": {"dialect": db.engine.dialect.name, "tables": tables},
            "heads": heads,
            "plugins": _plugins(app),
            "media_storage": storage.kind,
            "folders": ["uploads", *(f.key for f in folders)],
        })
    removed = rotate(folder, keep) if keep else []
    return BackupResult(path, sum(tables.values()), file_count,
                        time.monotonic() - started, removed)


def _add_media(writer: archive.ArchiveWriter, storage: MediaStorage) -> int:
    """Put every file of the media store into the archive; return how many.

    Media files are never changed once stored (new uploads get new names), so files read
    a moment after the database snapshot are the ones its rows name, plus perhaps a few
    uploaded meanwhile.
    """
    count = 0
    for stored in storage.files():
        with storage.open(stored.path) as stream:
            writer.add_stream(f"{files.UPLOADS_PREFIX}{stored.path}", stream, stored.size,
                              stored.modified.replace(tzinfo=UTC).timestamp())
        count += 1
    return count


def _check_heads(heads: dict[str, list[str]], lineages: dict[str, Config]) -> None:
    """Refuse an archive whose schema this Warta does not know (made by a newer one)."""
    if dump.CORE not in heads:
        raise RestoreRefused(_("arsip ini tidak memuat head migrasi inti: bukan cadangan "
                               "situs Warta yang utuh"))
    for lineage, revisions in heads.items():
        if lineage not in lineages:
            continue
        script = ScriptDirectory.from_config(lineages[lineage])
        for revision in revisions:
            try:
                script.get_revision(revision)
            except CommandError:
                raise RestoreRefused(_(
                    "skema %(lineage)s di arsip (%(revision)s) lebih baru dari yang dikenal "
                    "Warta ini: pasang rilis Warta (dan plugin) yang membuatnya, lalu "
                    "pulihkan", lineage=lineage, revision=revision)) from None


def _migrate_to(heads: dict[str, list[str]], lineages: dict[str, Config]) -> None:
    """Build the schema the archive was written from."""
    for revision in heads[dump.CORE]:
        flask_migrate.upgrade(directory=str(CORE_MIGRATIONS), revision=revision)
    for lineage, config in lineages.items():
        if lineage != dump.CORE:
            for revision in heads.get(lineage, ()):
                command.upgrade(config, revision)


def restore_backup(app: Flask, path: Path, manifest: dict[str, Any],
                   force: bool = False) -> RestoreResult:
    """Replace the site's database and files with those of a verified archive.

    Refuses (:class:`RestoreRefused`, nothing changed) when the database holds a site
    and ``force`` is false, or when the archive's schema is newer than this Warta.
    """
    started = time.monotonic()
    live = dump.tables_with_rows(db.engine)
    if live and not force:
        shown = ", ".join(live[:5]) + (" …" if len(live) > 5 else "")
        raise RestoreRefused(_("database situs ini sudah berisi data (%(tables)s); pemulihan "
                               "menggantikan semuanya: jalankan lagi dengan --force untuk "
                               "melakukannya", tables=shown))
    heads = manifest.get("heads") or {}
    lineages = dbmigrate.lineages(app)
    _check_heads(heads, lineages)
    skipped = sorted(set(heads) - set(lineages))

    db.session.remove()
    dump.drop_everything(db.engine)
    _migrate_to(heads, lineages)
    members = archive.members(path)
    rows = 0
    with db.engine.begin() as connection:
        loader = dump.TableLoader(connection)
        for name, stream, mode in members:
            if name.startswith(files.FILES_PREFIX):
                # The tables come first in the archive. The files wait until the rows are
                # committed and the schema is this Warta's: the database media store
                # writes through the site's session, into a table an older archive's
                # schema does not have yet.
                members = itertools.chain([(name, stream, mode)], members)
                break
            if name.startswith(DATABASE_PREFIX):
                table = name.removeprefix(DATABASE_PREFIX).removesuffix(".jsonl")
                loaded = loader.load(table, stream)
                if loaded is None:
                    skipped.append(table)
                else:
                    rows += loaded
        loader.reset_sequences()
    upgrade_all(app)
    file_count = _restore_files(app, members, skipped)
    indexed = _rebuild_search()
    call_hook("warta_restored", app=app, manifest=manifest)
    pagecache.invalidate()
    return RestoreResult(rows, file_count, indexed, time.monotonic() - started, skipped)


def _restore_files(app: Flask, members: Iterator[tuple[str, IO[bytes], int]],
                   skipped: list[str]) -> int:
    """Write the archive's files: media into the site's store, the rest into folders."""
    storage = get_media_storage(app)
    folders = {f.key: f for f in files.site_folders(app)}
    count = 0
    for name, stream, mode in members:
        if name.startswith(DATABASE_PREFIX):
            raise archive.ArchiveError(_("anggota %(name)s ada sesudah berkas-berkas, padahal "
                                         "Warta tak pernah menulis tabel di sana", name=name))
        if name.startswith(files.UPLOADS_PREFIX):
            media_path = files.media_path_of(name)
            if media_path is None:
                skipped.append(name)
                continue
            storage.save(media_path, stream.read(), replace=True)
        elif name.startswith(files.FILES_PREFIX):
            target = files.target_of(name, folders)
            if target is None:
                skipped.append(name)
                continue
            files.write_file(target, stream, mode)
        else:
            continue
        count += 1
        if count % MEDIA_BATCH == 0:
            db.session.commit()
    db.session.commit()
    return count


def _rebuild_search() -> int | None:
    """Index the restored articles through the site's search service, if it has one."""
    service = get_search_service()
    return None if service is None else service.rebuild()
