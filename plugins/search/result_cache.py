"""Recent search answers kept per process, for both backends (``SEARCH_CACHE_SIZE``).

The whole interface is :class:`ResultCache`'s ``get(state, key)`` and
``put(state, key, results)``: a backend names the index state an answer belongs to and
the question it answers, and gets nothing back once the state has moved on.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from plugins.search.results import ArticleResults


class ResultCache:
    """Recent answers for the current index state, least recently used dropped first.

    A news site's searches bunch up on the day's stories, so the same few queries arrive
    again and again; answering them from memory is what lets the search page keep pace
    with the site's other pages. Any change to the index (a new generation or commit)
    empties the cache, so an answer is never older than the index.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._state: Any = None
        self._items: OrderedDict[Any, ArticleResults] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, state: Any, key: Any) -> ArticleResults | None:
        with self._lock:
            if state != self._state:
                return None
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, state: Any, key: Any, results: ArticleResults) -> None:
        if self.size <= 0:
            return
        with self._lock:
            if state != self._state:
                self._state = state
                self._items.clear()
            self._items[key] = results
            while len(self._items) > self.size:
                self._items.popitem(last=False)
