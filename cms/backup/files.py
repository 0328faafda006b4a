"""The files a backup keeps besides the database, and where a restore puts them back.

Kept: the instance's ``config.py`` (settings and secret key), the media store's files
(``files/uploads/<path>``, listed by the store whichever it is, so an archive of a site on
the uploads folder restores onto a site that keeps media in the database and back), the
instance's theme overrides (``instance/templates``, and the themes folder when it lives in
the instance), and the folders plugins name through the ``warta_backup_folders`` hook.
Caches (the media cache among them), the search index and the rate-limit counts are not
kept: a restored site rebuilds them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from flask import Flask

from cms.hooks import call_hook
from cms.storage import InvalidMediaPath, check_path
from cms.storage.folder import write_file

__all__ = ["CONFIG_FROM_BACKUP", "CONFIG_MEMBER", "FILES_PREFIX", "UPLOADS_PREFIX", "Folder",
           "media_path_of", "restore_config", "site_folders", "target_of", "walk",
           "write_file"]

CONFIG_MEMBER = "instance/config.py"
FILES_PREFIX = "files/"
#: Members under this prefix are the media store's files, by their path in the store.
UPLOADS_PREFIX = f"{FILES_PREFIX}uploads/"
#: The instance's settings as the archive had them, when the target keeps its own.
CONFIG_FROM_BACKUP = "config-from-backup.py"


@dataclass(frozen=True)
class Folder:
    """One folder of the site, stored under ``files/<key>/`` in the archive."""

    key: str
    path: Path


def site_folders(app: Flask) -> list[Folder]:
    """Every folder a backup keeps, by its key in the archive (media aside: see above)."""
    instance = Path(app.instance_path).resolve()
    found = [Folder("templates", instance / "templates")]
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


def media_path_of(member: str) -> str | None:
    """The media store path of member ``files/uploads/<path>``; None if it names none."""
    if not member.startswith(UPLOADS_PREFIX):
        return None
    try:
        return check_path(member.removeprefix(UPLOADS_PREFIX))
    except InvalidMediaPath:
        return None


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
