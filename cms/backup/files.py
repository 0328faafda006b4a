"""The files a backup keeps besides the database, and where a restore puts them back.

Kept: the instance's ``config.py`` (settings and secret key), the uploads folder
(``UPLOADS_FOLDER``, by default ``instance/uploads``), the instance's theme overrides
(``instance/templates``, and the themes folder when it lives in the instance), and the
folders plugins name through the ``warta_backup_folders`` hook. Caches, the search index
and the rate-limit counts are not kept: a restored site rebuilds them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from flask import Flask

from cms.hooks import call_hook

CONFIG_MEMBER = "instance/config.py"
FILES_PREFIX = "files/"
#: The instance's settings as the archive had them, when the target keeps its own.
CONFIG_FROM_BACKUP = "config-from-backup.py"


@dataclass(frozen=True)
class Folder:
    """One folder of the site, stored under ``files/<key>/`` in the archive."""

    key: str
    path: Path


def uploads_folder(app: Flask) -> Path:
    return Path(app.config.get("UPLOADS_FOLDER") or Path(app.instance_path) / "uploads")


def site_folders(app: Flask) -> list[Folder]:
    """Every folder a backup keeps, by its key in the archive."""
    instance = Path(app.instance_path).resolve()
    found = [Folder("uploads", uploads_folder(app)),
             Folder("templates", instance / "templates")]
    themes = Path(app.config.get("THEMES_FOLDER") or "").resolve()
    if themes.is_relative_to(instance) and themes != instance:
        found.append(Folder("themes", themes))
    for answer in call_hook("warta_backup_folders", app=app):
        for key, path in (answer or {}).items():
            found.append(Folder(f"plugins/{key}", Path(path)))
    return found


def walk(folder: Folder) -> Iterator[tuple[str, Path]]:
    """``(member name, file)`` for every regular file under the folder (links skipped)."""
    if not folder.path.is_dir():
        return
    for path in sorted(folder.path.rglob("*")):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(folder.path).as_posix()
            yield f"{FILES_PREFIX}{folder.key}/{relative}", path


def target_of(member: str, folders: dict[str, Folder]) -> Path | None:
    """Where member ``files/<key>/<path>`` goes on this site; None if no folder takes it."""
    parts = PurePosixPath(member.removeprefix(FILES_PREFIX)).parts
    for depth in (2, 1):
        key = "/".join(parts[:depth])
        if key in folders and len(parts) > depth:
            root = folders[key].path
            target = root.joinpath(*parts[depth:])
            if target.resolve().is_relative_to(root.resolve()):
                return target
    return None


def write_file(target: Path, stream: IO[bytes], mode: int) -> None:
    """Write ``target`` whole or not at all (a temporary file renamed into place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(1024 * 1024):
                out.write(chunk)
        os.chmod(temporary, mode & 0o777 or 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def restore_config(data: bytes | None, config_path: Path) -> Path | None:
    """Put the archived ``config.py`` back; return the file written, if any.

    A target without settings takes the archive's. A target that has its own keeps them
    (they name this machine's database and secrets); the archive's go next to them as
    ``config-from-backup.py`` to compare.
    """
    if data is None:
        return None
    config_path.parent.mkdir(parents=True, exist_ok=True)
    if config_path.exists():
        if config_path.read_bytes() == data:
            return None
        config_path = config_path.with_name(CONFIG_FROM_BACKUP)
    config_path.write_bytes(data)
    config_path.chmod(0o600)
    return config_path
