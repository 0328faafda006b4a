"""The archive file: a gzip-compressed tar with a checksum manifest as its last member.

Why tar.gz rather than zip: it is written and read as one stream (a large uploads folder
never has to fit in memory or be seeked back over), it keeps file modes (the instance's
``config.py`` stays readable by its owner only), and every Debian machine can list and
unpack it with ``tar`` when Warta itself is not at hand. Zip's random access would not
help: a restore checks every member before it writes anything, so it reads them all.

The manifest comes last because it holds the SHA-256 of every member written before it;
an archive cut short therefore has no manifest and is refused as truncated.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import IO, Any

from flask_babel import gettext as _

FORMAT = "warta-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: A manifest larger than this is not one Warta wrote.
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be used; the message is one line that says why."""


class _HashingReader:
    """Hands tarfile the bytes of a file while taking their SHA-256 on the way."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


class ArchiveWriter:
    """Write members into ``<name>.partial`` and give it its name only when complete.

    A backup that fails half-way (a full disk, a killed process) leaves no file that
    looks like a backup.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        self.members: dict[str, dict[str, Any]] = {}
        # Closed by finish(), or by __exit__ when the backup fails.
        self._tar = tarfile.open(self.partial, "w:gz", compresslevel=6)  # noqa: SIM115

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None:
            self._tar.close()
            self.partial.unlink(missing_ok=True)

    def add_file(self, name: str, source: Path) -> None:
        """Add ``source`` as member ``name``, as it is at the moment it is opened."""
        with source.open("rb") as raw:
            status = os.fstat(raw.fileno())
            self.add_stream(name, raw, status.st_size, status.st_mtime, status.st_mode)

    def add_stream(self, name: str, raw: IO[bytes], size: int, mtime: float,
                   mode: int = 0o644) -> None:
        """Add the ``size`` bytes of ``raw`` as member ``name`` (a file not on disk)."""
        info = tarfile.TarInfo(name)
        info.size = size
        info.mtime = int(mtime)
        info.mode = mode & 0o777
        reader = _HashingReader(raw)
        self._tar.addfile(info, reader)  # type: ignore[arg-type]
        self.members[name] = {"sha256": reader.sha256.hexdigest(), "size": info.size}

    def finish(self, manifest: dict[str, Any]) -> Path:
        """Write the manifest (with every member's checksum), close, and rename."""
        data = json.dumps({**manifest, "members": self.members}, indent=1,
                          sort_keys=True).encode("utf-8")
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        info.mode = 0o644
        info.mtime = int(manifest.get("created_timestamp", 0))
        self._tar.addfile(info, io.BytesIO(data))
        self._tar.close()
        os.replace(self.partial, self.path)
        return self.path


def _checked_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ArchiveError(_("anggota %(name)s mengarah ke luar folder arsip", name=repr(name)))
    return name


def _open(path: Path) -> tarfile.TarFile:
    return tarfile.open(path, "r:gz")


READ_ERRORS = (tarfile.TarError, EOFError, OSError, zlib.error, ValueError)


def verify(path: Path) -> dict[str, Any]:
    """Read the whole archive once and return its manifest if every member is intact.

    Raises :class:`ArchiveError` for an archive that is truncated, corrupted, not a
    Warta backup, or from a newer format; nothing is written either way.
    """
    seen: dict[str, str] = {}
    manifest: dict[str, Any] | None = None
    try:
        with _open(path) as tar:
            for member in tar:
                name = _checked_name(member.name)
                if not member.isfile():
                    raise ArchiveError(_("anggota %(name)s bukan berkas biasa", name=repr(name)))
                stream = tar.extractfile(member)
                assert stream is not None
                if name == MANIFEST:
                    if member.size > MANIFEST_MAX_BYTES:
                        raise ArchiveError(_("manifesnya terlalu besar untuk milik Warta"))
                    manifest = json.loads(stream.read().decode("utf-8"))
                    continue
                digest = hashlib.sha256()
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                seen[name] = digest.hexdigest()
    except ArchiveError as exc:
        raise ArchiveError(_("%(name)s bukan cadangan Warta yang bisa dipakai: %(error)s",
                             name=path.name, error=exc)) from None
    except READ_ERRORS as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ArchiveError(_("%(name)s rusak atau terpotong (%(reason)s)", name=path.name,
                             reason=reason)) from None
    if manifest is None:
        raise ArchiveError(_("%(name)s tidak punya manifes: terpotong atau bukan cadangan Warta",
                             name=path.name))
    _check_manifest(path, manifest, seen)
    return manifest


def _check_manifest(path: Path, manifest: dict[str, Any], seen: dict[str, str]) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(_("%(name)s bukan cadangan Warta (tidak ada manifes %(format)s)",
                             name=path.name, format=FORMAT))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ArchiveError(_("%(name)s ditulis dalam format cadangan %(version)s, lebih baru "
                             "dari yang dibaca Warta ini (%(known)s): perbarui Warta dulu",
                             name=path.name, version=repr(version), known=FORMAT_VERSION))
    listed = manifest.get("members") or {}
    missing = sorted(set(listed) - set(seen))
    extra = sorted(set(seen) - set(listed))
    changed = sorted(n for n in set(listed) & set(seen) if listed[n].get("sha256") != seen[n])
    for problem, names in ((_("%(name)s rusak: %(member)s hilang"), missing),
                           (_("%(name)s rusak: %(member)s tidak ada di manifes"), extra),
                           (_("%(name)s rusak: checksum %(member)s tidak cocok"), changed)):
        if names:
            member = names[0]
            if len(names) > 1:
                member = _("%(member)s (dan %(num)d lainnya)", member=member,
                           num=len(names) - 1)
            raise ArchiveError(problem % {"name": path.name, "member": member})


def members(path: Path) -> Iterator[tuple[str, IO[bytes], int]]:
    """Each member but the manifest as ``(name, stream, mode)``, in archive order.

    Call only after :func:`verify`: the checks are not repeated.
    """
    try:
        with _open(path) as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                stream = tar.extractfile(member)
                assert stream is not None
                yield member.name, stream, member.mode
    except READ_ERRORS as exc:
        raise ArchiveError(_("%(name)s tidak bisa dibaca lagi (%(error)s)", name=path.name,
                             error=exc)) from None


def read_member(path: Path, name: str) -> bytes | None:
    """One member's bytes (members near the front are found without reading the rest)."""
    for member_name, stream, _mode in members(path):
        if member_name == name:
            return stream.read()
    return None
