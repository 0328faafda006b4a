"""One time-limited, size-limited cache kept in a process's memory.

The page cache, the template fragments and the search plugin's answers each keep the
things they used last in the worker's own memory, in front of a slower store (Redis, a
folder, an index). They share this class so that there is one place where expiry, the
size limit and thread safety are right.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class TimedCache(Generic[V]):
    """The ``max_size`` values used most recently, each for at most ``ttl`` seconds.

    Safe to share between the threads of a threaded worker. A ``max_size`` of 0 keeps
    nothing (a setting that turns the cache off); a ``ttl`` of ``None`` keeps a value until
    newer ones push it out. Let the key name whatever makes a value stale (a content
    generation, an index state) and old values are never served: they age out unused.

    :param max_size: how many values to keep; the least recently used goes first.
    :param ttl: seconds a value stays usable after :meth:`put`, or ``None`` for no limit.
    """

    def __init__(self, max_size: int, ttl: float | None = None) -> None:
        self.max_size = max_size
        self.ttl = ttl
        self._items: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: Any = None) -> V | Any:
        """The value kept under ``key``, or ``default`` when there is none or it expired."""
        with self._lock:
            kept = self._items.get(key)
            if kept is None:
                return default
            expires, value = kept
            if expires <= time.monotonic():
                del self._items[key]
                return default
            self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        """Keep ``value`` under ``key``, dropping the least recently used beyond ``max_size``."""
        if self.max_size <= 0:
            return
        expires = float("inf") if self.ttl is None else time.monotonic() + self.ttl
        with self._lock:
            self._items[key] = (expires, value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (when what the values were made from changed as a whole)."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
