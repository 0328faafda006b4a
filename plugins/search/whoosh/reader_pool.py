"""Open index readers kept per process, lent to one search at a time."""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from plugins.search.querying import QueryTooLong
from plugins.search.whoosh.index_reader import IndexReader
from plugins.search.whoosh.segment_memo import SegmentMemo
from plugins.search.whoosh.store import IndexStore

#: Idle searchers kept per process for the next requests (one per concurrent thread).
POOL_SIZE = 4


class ReaderPool:
    """Idle readers on the current generation, and the segment columns they share.

    Pooled rather than per thread: a threaded server may start a thread per request,
    and opening an index (reading its TOC, unpickling its schema) costs milliseconds.
    """

    def __init__(self, store: IndexStore) -> None:
        self.store = store
        self._idle: list[IndexReader] = []
        self._memo = SegmentMemo()
        self._lock = threading.Lock()

    @contextmanager
    def reader(self) -> Iterator[IndexReader | None]:
        """A reader on the current generation from the pool (None: no index yet).

        It goes back to the pool afterwards; after any error but a refused query it is
        closed rather than lent again.
        """
        path = self.store.current_path()
        with self._lock:
            stale = [r for r in self._idle if r.path != path]
            self._idle = [r for r in self._idle if r.path == path]
            reader = self._idle.pop() if self._idle else None
        for old in stale:
            old.close()
        opened = False
        if reader is None and path is not None:
            ix = self.store.open_current()
            reader = IndexReader(path, ix, self._memo) if ix is not None else None
            opened = reader is not None
        elif reader is not None:
            reader.refresh_if_changed()
        try:
            yield reader
        except QueryTooLong:
            self._give_back(reader)  # the reader's fine; the query was refused
            raise
        except BaseException:
            if reader is not None:
                reader.close()
            raise
        self._give_back(reader)
        if opened:
            freeze_warm_heap()

    def _give_back(self, reader: IndexReader | None) -> None:
        if reader is None:
            return
        with self._lock:
            keep = len(self._idle) < POOL_SIZE
            if keep:
                self._idle.append(reader)
        if not keep:
            reader.close()


@functools.cache
def freeze_warm_heap() -> None:
    """Once per process, after the first search on an opened index: ``gc.freeze()``.

    A search over common words makes hundreds of thousands of short-lived lists and
    tuples (posting blocks, positions), which set off the cyclic collector's full
    collections; each walked the whole heap (the application, Whoosh, the columns read
    for facets and dates) and made a phrase search at 100,000 articles up to three times
    slower. Frozen, the objects alive after this warm-up (nearly all of them long-lived)
    move to a generation the collector never walks, so its collections cost what the
    searches themselves leave behind. The collector stays on for every thread: garbage
    cycles are still collected, and nothing is paused around a search.

    A collection first, so no garbage is frozen with them; cached, so it runs once.
    """
    gc.collect()
    gc.freeze()
