"""Columns of Whoosh segments, read once per segment and process."""

from __future__ import annotations

import threading
from typing import Any

from plugins.search.documents import FACETS
from plugins.search.whoosh.schema import read_leaf_column


class SegmentMemo:
    """Columns read once per segment and process, shared by a process's searchers.

    A segment's documents never change once it is written (deletions aside, which are
    read per index state), but every drain commits a new index state. Kept per index
    state, the columns (facets, dates) were read again after each save: about a second
    at 100,000 articles for the next search of each pooled searcher. Kept per segment,
    only the drain's new small segment is read.

    Facet values are also numbered here as combinations (see
    :meth:`plugins.search.whoosh.index_reader.IndexReader.facet_counts`).
    """

    def __init__(self) -> None:
        self._values: dict[tuple[str, str], list[Any]] = {}
        self._combinations: dict[tuple[Any, ...], int] = {}
        self._lock = threading.Lock()

    def column(self, leaf: Any, name: str) -> list[Any]:
        """Column ``name`` of the segment ``leaf`` reads (an empty index: read each time)."""
        segment = _segment_id(leaf)
        if segment is None:
            return read_leaf_column(leaf, name)
        key = (segment, name)
        if key not in self._values:
            self._values[key] = read_leaf_column(leaf, name)
        return self._values[key]

    def combination_numbers(self, leaf: Any) -> list[int]:
        """The number of each document's combination of facet values, in segment ``leaf``."""
        key = (_segment_id(leaf), "")
        found = self._values.get(key)
        if found is None:
            columns = [self.column(leaf, name) for name in FACETS]
            with self._lock:
                numbers = self._combinations
                found = [numbers.setdefault(values, len(numbers))
                         for values in zip(*columns, strict=True)]
            if key[0] is not None:
                self._values[key] = found
        return found

    def combination_values(self) -> list[tuple[Any, ...]]:
        """The facet values of each combination number."""
        with self._lock:
            return list(self._combinations)

    def keep_only(self, reader: Any) -> None:
        """Forget segments ``reader`` no longer has (merged away or an older generation)."""
        live = {_segment_id(leaf) for leaf, _offset in reader.leaf_readers()}
        for key in list(self._values):
            if key[0] not in live:
                self._values.pop(key, None)


def _segment_id(leaf: Any) -> str | None:
    """The name of the segment a leaf reader reads (None: not a segment, an empty index)."""
    segment = leaf.segment()
    return None if segment is None else segment.segment_id()
