"""Reading the parts of a compound Whoosh segment from its mapping, without a copy.

Whoosh writes each segment as one compound file and opens it with ``mmap``; each part
(posting lists, term index, columns) is then wrapped in a ``BufferFile``, whose
constructor copies the part into a ``BytesIO`` for its file-like methods. Every worker
therefore held a private copy of every segment it had searched: about 80 MB per worker
at 10,000 articles, growing with the archive (``bench/memory.py``), on top of the mapped
pages themselves. Reads by position (``get``, which is how posting lists, terms and
columns are read) already came from the mapping; the copy served only the few reads of
headers and tables through ``seek`` and ``read``.

:class:`MappedPart` serves those from the mapping as well, so a worker's own memory no
longer grows with the index; what it reads of the mapping is page cache that the
workers share and the kernel can reclaim. (Opening the index without ``mmap`` would
avoid the mapped pages too, but keeps a file open per segment for as long as a pooled
searcher lives.) Whoosh has had no release since 2016, so its ``CompoundStorage`` keeps
building its parts through the module-level name :func:`register` replaces, called when
the ``whoosh`` subpackage is imported.
"""

from __future__ import annotations

import io
from typing import Any

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile


class _MappedStream(io.RawIOBase):
    """A read-only, seekable stream over a ``memoryview``, copying only what is read."""

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._at = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._at

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._at, io.SEEK_END: len(self._view)}[whence]
        self._at = max(0, base + offset)
        return self._at

    def readinto(self, buffer: Any) -> int:
        data = self._view[self._at:self._at + len(buffer)]
        buffer[:len(data)] = data
        self._at += len(data)
        return len(data)

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else self._at + size
        data = bytes(self._view[self._at:end])
        self._at += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else self._at + size
        found = bytes(self._view[self._at:end])
        newline = found.find(b"\n")
        if newline >= 0:
            found = found[:newline + 1]
        self._at += len(found)
        return found


class MappedPart(BufferFile):
    """A part of a mapped compound segment: ``get`` and the stream read the mapping."""

    def __init__(self, buf: memoryview, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        self.file = _MappedStream(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False


def register() -> None:
    """Have Whoosh's compound storage open parts as :class:`MappedPart`."""
    compound.BufferFile = MappedPart
