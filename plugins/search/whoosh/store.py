"""The index folder on disk: generations, the atomic swap, and the single-writer lock.

Layout of ``<instance>/search-index/``::

    .writer.lock      flock()ed by the one process writing the index
    current           symlink to the generation readers use, e.g. gen-1764650000000000000
    gen-<ns>/         a complete Whoosh index
    build-<hex>/      a rebuild in progress (or the leftovers of one that died)

Whoosh allows one writer per index and signals a second one with ``LockError``, so
Warta never lets two writers meet: every write happens under :class:`WriterLock`, an
exclusive ``flock`` that the kernel releases when its holder exits, however it exits.
Whoosh's own ``MAIN_WRITELOCK`` file is then redundant, and it is removed before each
write so a lock left by a killed process can never stall the index.

A rebuild writes a new generation next to the current one and swaps the ``current``
symlink with ``rename``, which is atomic: a reader sees the old index or the new one,
never half of either.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import Schema

LOCK_NAME = ".writer.lock"
CURRENT = "current"
GENERATION_PREFIX = "gen-"
BUILD_PREFIX = "build-"
# Whoosh's default index name, the prefix of its files in a generation folder.
INDEX_NAME = "MAIN"
# What a writer killed mid-commit leaves in a generation: Whoosh's lock file, its pool
# folder and half-written TOC files. Segment files no TOC mentions are removed by Whoosh
# itself at the next commit.
_LEFTOVER = re.compile(rf"^(?:{INDEX_NAME}_WRITELOCK|.*\.tmp|_{INDEX_NAME}_\d+\.toc\.[\d.]+)$")


class WriterLock:
    """An exclusive lock on the index folder, across processes and threads.

    ``flock`` locks belong to an open file description, so two threads of one process
    exclude each other as two processes do, and a killed holder never leaves a stale lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, wait: float = 0.0) -> bool:
        """Take the lock, waiting up to ``wait`` seconds; return whether it was taken."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    os.close(fd)
                    raise
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                time.sleep(0.05)
            else:
                self._fd = fd
                return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class IndexStore:
    """The generations under one index folder; writes require :meth:`locked`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @contextmanager
    def locked(self, wait: float = 0.0) -> Iterator[bool]:
        """Hold the writer lock for the block; yields False (and holds nothing) if busy."""
        lock = WriterLock(self.root / LOCK_NAME)
        taken = lock.acquire(wait)
        try:
            yield taken
        finally:
            lock.release()

    def current_path(self) -> Path | None:
        """The generation readers should use, or None before the first index exists."""
        try:
            target = os.readlink(self.root / CURRENT)
        except (FileNotFoundError, NotADirectoryError):
            return None
        return self.root / target

    def open_current(self) -> whoosh_index.Index | None:
        path = self.current_path()
        if path is None or not whoosh_index.exists_in(str(path)):
            return None
        return whoosh_index.open_dir(str(path))

    def open_for_writing(self, schema: Schema) -> whoosh_index.Index:
        """The current generation, cleared of a dead writer's leftovers (lock held).

        Creates and publishes an empty generation when there is none yet, so the queue can
        always be drained; ``cms search reindex`` fills it with older articles.
        """
        path = self.current_path()
        if path is None or not whoosh_index.exists_in(str(path)):
            path = self.publish(self.new_build(schema)[0])
        self.remove_leftovers(path)
        return whoosh_index.open_dir(str(path))

    def remove_leftovers(self, path: Path) -> None:
        """Remove a killed writer's lock file and temporary files (writer lock held)."""
        for entry in path.iterdir():
            if _LEFTOVER.match(entry.name):
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)

    def new_build(self, schema: Schema) -> tuple[Path, whoosh_index.Index]:
        """An empty index in a fresh ``build-*`` folder, invisible to readers until published."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"{BUILD_PREFIX}{uuid.uuid4().hex}"
        path.mkdir()
        return path, whoosh_index.create_in(str(path), schema)

    def publish(self, build: Path) -> Path:
        """Make ``build`` the current generation with one atomic rename (writer lock held)."""
        generation = self.root / f"{GENERATION_PREFIX}{time.time_ns()}"
        build.rename(generation)
        link = self.root / f".{CURRENT}-{uuid.uuid4().hex}"
        os.symlink(generation.name, link)
        os.replace(link, self.root / CURRENT)
        _fsync_dir(self.root)
        return generation

    def remove_old(self) -> list[Path]:
        """Delete dead builds and all generations but the current and the one before it.

        The previous generation stays so a worker still reading it finishes its search;
        it goes at the next rebuild. Called with the writer lock held, so no ``build-*``
        folder can belong to a live rebuild.
        """
        current = self.current_path()
        generations = sorted(
            (p for p in self.root.glob(f"{GENERATION_PREFIX}*") if p != current),
            key=lambda p: int(p.name.removeprefix(GENERATION_PREFIX) or 0),
        )
        doomed = list(self.root.glob(f"{BUILD_PREFIX}*")) + generations[:-1]
        for path in doomed:
            shutil.rmtree(path, ignore_errors=True)
        return doomed


def _fsync_dir(path: Path) -> None:
    """Flush the folder entry of the swap, so a power cut cannot undo it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
