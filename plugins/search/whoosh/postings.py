"""Reading Whoosh posting lists a block at a time, and what a search computes from them.

Whoosh's matchers read postings one at a time in Python: about 1 µs each, so a common
word in 100,000 articles (58,000 postings) cost 60 ms to count and as much again to
rank. A posting list on disk is a series of blocks of postings, each a pickled tuple of
delta-encoded ids, weights and values; unpickling a block and summing its deltas are
single calls into C. Read that way a posting costs about 0.1 µs, and the rest of a
search (which articles hold every word, the phrase check, ranking) is done on whole
lists with sets and comprehensions.

The layout read here is Whoosh 2.7's ``W3`` codec (``whoosh.codec.whoosh3``); Whoosh has
had no release since 2016. Rebuilt segments are written with :class:`PackedCodec`, the
same layout except that a block's positions are one string (:class:`PackedPositions`)
instead of a string per posting.
"""

from __future__ import annotations

import bisect
import io
import pickle
import struct
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
from typing import Any

from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3PostingsWriter,
)
from whoosh.formats import Positions
from whoosh.reading import IndexReader

_BLOCK_LENGTH = struct.Struct("!i")
_COUNT = struct.Struct("!I")  # Positions.encode's count of positions (pack_uint)
# Positions.encode: the count (4 bytes), then the deltas pickled with protocol 2, whose
# pickle starts with a 2-byte PROTO opcode and ends with STOP.
_VALUE_HEADER = 6
_PROTOCOL_2 = b"\x80\x02"
_VALUES_START = b"(c_codecs\nencode\n"
_EMPTY_VALUES = b")\x87."  # EMPTY_TUPLE, TUPLE3, STOP


@dataclass
class Postings:
    """One term's postings in the whole index: global document numbers, ascending."""

    ids: list[int]
    weights: list[float]
    #: Each posting's position deltas (the first is the first position), when read.
    positions: list[list[int]]

    def docs(self) -> set[int]:
        return set(self.ids)


def read(reader: IndexReader, field: str, text: str, among: Sequence[int] | None = None,
         positions: bool = False) -> Postings:
    """The postings of ``text`` in ``field`` (only documents in ``among``, sorted, if given).

    With ``among``, blocks holding none of its documents are skipped without being
    unpickled: a narrow filter reads a few blocks of a common word, not all of them.
    Positions are read only when asked for. Deleted documents are included; callers
    keep to live ones.
    """
    postings = Postings([], [], [])
    allowed = frozenset(among) if among is not None else None
    for leaf, offset in reader.leaf_readers():
        window: Sequence[int] | None = None
        if among is not None:
            end = offset + leaf.doc_count_all()
            window = among[bisect.bisect_left(among, offset):bisect.bisect_left(among, end)]
            if not window:
                continue
            window = [docnum - offset for docnum in window]
        for ids, weights, deltas in _leaf_blocks(leaf, field, text, window, positions):
            if offset:
                ids = [docnum + offset for docnum in ids]
            if allowed is not None:
                keep = [n for n, docnum in enumerate(ids) if docnum in allowed]
                ids = [ids[n] for n in keep]
                weights = [weights[n] for n in keep]
                deltas = [deltas[n] for n in keep] if positions else deltas
            postings.ids.extend(ids)
            postings.weights.extend(weights)
            postings.positions.extend(deltas)
    return postings


def _leaf_blocks(leaf: Any, field: str, text: str, window: Sequence[int] | None,
                 positions: bool) -> Iterator[tuple[list[int], list[float], list[list[int]]]]:
    """(ids, weights, position deltas) of each block of one segment's posting list.

    Ids are the segment's own. Blocks without a document of ``window`` (sorted local
    numbers) are skipped; without ``positions`` the positions are left out (empty).
    """
    if (field, text) not in leaf:  # also an empty index's reader, which has no files
        return
    info = leaf._terms.term_info(field, leaf._text_to_bytes(field, text))
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        yield list(ids), list(weights), _positions(values) if positions else []
        return
    start, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps struct.unpack's tuple
        (length,) = length
    data = leaf._terms._postfile.get(start, length)
    if data[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"not a Whoosh 2.7 posting list for {field}:{text!r}")
    stream = io.BytesIO(data)
    position, last, previous_max = 4, False, -1
    while not last:
        (size,) = _BLOCK_LENGTH.unpack_from(data, position)
        last = size < 0
        following = position + _BLOCK_LENGTH.size + abs(size)
        stream.seek(position + _BLOCK_LENGTH.size)
        count, max_id, _, compression, _, _ = pickle.load(stream)
        first, position = stream.tell(), following
        if window is not None:
            at = bisect.bisect_right(window, previous_max)
            previous_max = max_id
            if at == len(window) or window[at] > max_id:
                continue
        block = data[first:following]
        deltas, weights, values = _unpickle(zlib.decompress(block) if compression else block,
                                            count, positions)
        if weights is None or isinstance(weights, float):
            weights = repeat(1.0 if weights is None else weights, count)
        yield (list(accumulate(deltas)), list(weights),
               _positions(values) if positions else [])


def _unpickle(block: bytes, count: int, values: bool) -> tuple[Any, Any, Any]:
    """A block's (deltas, weights, values), with values only if asked for.

    In Whoosh's own layout values are ``bytes`` each, which pickle protocol 2 writes as
    a call to ``_codecs.encode`` each: nine tenths of a block's unpickling time. Without
    them, the pickle is cut where the values' tuple starts (its mark, then the first
    ``_codecs.encode``) and closed with an empty tuple. The ids before it are integer
    opcodes and the weights float ones, whose bytes cannot spell that marker; a block
    where the count does not come out right is read whole. Packed positions cost little
    to unpickle and are read whole.
    """
    if not values:
        at = block.find(_VALUES_START)
        if at > 0:
            deltas, weights, _ = pickle.loads(block[:at] + _EMPTY_VALUES)
            if len(deltas) == count:
                return deltas, weights, ()
    return pickle.loads(block)


def _positions(values: Any) -> list[list[int]]:
    """Each posting's position deltas from a block's values, in one ``pickle.loads``.

    Each value's pickle, without its protocol header and stop mark, pushes a list on the
    stack, so one pickle of them all ends with ``LIST`` (their memo slots only overwrite
    each other, and nothing reads them back).
    """
    if isinstance(values, PackedPositions):
        bodies = values.bodies
    else:
        bodies = b"".join(_body(value) for value in values)
    lists = pickle.loads(_PROTOCOL_2 + b"(" + bodies + b"l.")
    if len(lists) != len(values):
        raise ValueError(f"unexpected positions in a block of {len(values)} postings")
    return lists


def _body(value: bytes) -> bytes:
    """A ``Positions`` value's pickled list without its count, protocol header and STOP
    (Whoosh writes values with the STOP and reads them without it as well)."""
    return value[_VALUE_HEADER:-1] if value.endswith(b".") else value[_VALUE_HEADER:]


def phrase_docs(parts: Sequence[Postings], within: set[int] | None = None) -> set[int]:
    """Documents (in ``within``, if given) where the words of ``parts`` follow each other.

    ``parts`` hold the words' postings with positions. Positions count words after stop
    words are removed, as Whoosh's ``Phrase`` query (slop 1) matches them. Most
    documents hold each word once or twice: a look through the other's few positions.
    """
    first, *others = parts
    later = [dict(zip(part.ids, part.positions, strict=True)) for part in others]
    found = set()
    pairs = zip(first.ids, first.positions, strict=True)
    if within is not None:
        pairs = ((docnum, starts) for docnum, starts in pairs if docnum in within)
    if len(later) == 1:
        follows_in = later[0]
        for docnum, starts in pairs:
            follows = follows_in.get(docnum)
            if follows is None:
                continue
            # ``in`` runs through an iterator in C; a set only when both repeat.
            if len(starts) == 1:
                if starts[0] + 1 in accumulate(follows):
                    found.add(docnum)
            elif len(follows) == 1:
                if follows[0] - 1 in accumulate(starts):
                    found.add(docnum)
            elif not set(accumulate(starts)).isdisjoint(
                    [at - 1 for at in accumulate(follows)]):
                found.add(docnum)
        return found
    for docnum, starts in pairs:
        remaining = set(accumulate(starts))
        for shift, word in enumerate(later, 1):
            positions = word.get(docnum)
            if positions is None:
                break
            remaining.intersection_update([at - shift for at in accumulate(positions)])
            if not remaining:
                break
        else:
            found.add(docnum)
    return found


class PackedPositions:
    """The ``Positions`` values of one block, stored as one string.

    Whoosh pickles a block's values as a tuple of strings, and unpickling a string costs
    a function call (``_codecs.encode``): a phrase of two common words at 100,000
    articles spent 90 ms unpickling positions. Here each value's pickled list of deltas
    is kept without its header and stop mark, one after the other, so all of them come
    out of a single ``pickle.loads`` (:func:`_positions`). Whoosh itself (merging
    segments, its own queries) still gets each posting's value as it wrote it, from
    :meth:`__getitem__`.
    """

    __slots__ = ("bodies", "ends")

    def __init__(self, bodies: bytes, ends: bytes) -> None:
        self.bodies = bodies
        #: Where each value's body ends in ``bodies``, as big-endian 32-bit numbers.
        self.ends = ends

    @classmethod
    def pack(cls, values: Sequence[bytes]) -> PackedPositions:
        bodies = [_body(value) for value in values]
        ends = list(accumulate(map(len, bodies)))
        return cls(b"".join(bodies), struct.pack(f"!{len(ends)}I", *ends))

    def __reduce__(self) -> tuple[Any, ...]:
        return PackedPositions, (self.bodies, self.ends)

    def __len__(self) -> int:
        return len(self.ends) // 4

    def __getitem__(self, index: int) -> bytes:
        if not 0 <= index < len(self):
            raise IndexError(index)
        start = _COUNT.unpack_from(self.ends, 4 * index - 4)[0] if index else 0
        end = _COUNT.unpack_from(self.ends, 4 * index)[0]
        body = _PROTOCOL_2 + self.bodies[start:end] + b"."
        return _COUNT.pack(len(pickle.loads(body))) + body


class PackedCodec(W3Codec):
    """Whoosh's ``W3`` codec, with each block's positions packed (:class:`PackedPositions`).

    Pickled into the index's table of contents with each segment it wrote, so this class
    must stay importable under this name for as long as such an index is in use.
    """

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _PackedPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                     compression=self._compression,
                                     inlinelimit=self._inlinelimit)


class _PackedPostingsWriter(W3PostingsWriter):
    def _mini_values(self) -> Any:
        # Only Whoosh's own Positions format (TEXT fields with phrase=True), not its
        # subclasses, which add more to each value.
        if type(self._format) is Positions and len(self._values) == len(self._ids):
            return PackedPositions.pack(self._values)
        return super()._mini_values()
