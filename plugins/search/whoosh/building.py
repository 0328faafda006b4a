"""Filling a new generation during a rebuild: one Whoosh segment per process.

Profiling a rebuild at 10,000 articles: reading the articles and turning them into
documents is about 4% of the time; the rest is Whoosh in Python (analysis about 20%, the
posting pool about a third, writing the posting lists the rest). Only more cores make
that faster, so a large site's articles are split between processes (``fork``: they
share the application and each opens its own database connections). Each process reads
its own articles from the database and writes a segment of its own, and the parent lists
the segments in the index's table of contents at the end.

Whoosh's own ``MpWriter`` was measured before and was no faster: its parent builds every
document and pickles it to the workers, which cost what the second core gained.

One segment per process, not smaller ones: a drain's commit uses Whoosh's ``MERGE_SMALL``
policy, which with a dozen equal segments would decide to merge nearly all of them
inside the writer that follows a save.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import traceback
from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from flask import Flask
from whoosh.index import Index
from whoosh.writing import SegmentWriter

from cms.api import db
from plugins.search.documents import article_documents, indexed_fields, load_articles
from plugins.search.settings import SearchSettings
from plugins.search.whoosh.postings import PackedCodec

logger = logging.getLogger(__name__)

# How often the parent looks at its children while waiting for their progress.
_POLL_SECONDS = 0.5
#: Postings per block in a rebuilt segment (Whoosh's default is 128). A search reads a
#: posting list a block at a time (see postings.py): each block costs a header and a
#: call or two on top of its postings, so fewer, larger blocks read faster.
BLOCK_POSTINGS = 256


def codec() -> PackedCodec:
    """The codec of rebuilt segments: larger blocks, packed positions, and no zlib.

    zlib took about half the time of reading a posting list block by block (20 µs of
    each block). Segments written by drains keep Whoosh's defaults; each block says
    whether it is compressed, and the reader takes both layouts.
    """
    return PackedCodec(blocklimit=BLOCK_POSTINGS, compression=0)


class BuildFailed(RuntimeError):
    """A process writing part of the new generation failed; the build is discarded."""


def processes_for(settings: SearchSettings, articles: int) -> int:
    """How many processes to write ``articles`` with: the setting, at most the cores."""
    if articles < settings.reindex_parallel_min:
        return 1
    return max(1, min(settings.reindex_processes, os.cpu_count() or 1))


def fill(app: Flask, settings: SearchSettings, ix: Index, ids: list[int], batch_size: int,
         progress: Callable[[int], None] | None = None) -> int:
    """Index the articles ``ids`` into the empty index ``ix``, ``batch_size`` at a time.

    Commits ``ix``'s table of contents listing one segment per process; returns how
    many articles were indexed (those deleted meanwhile are skipped).
    """
    limitmb, zone = settings.reindex_memory_mb, settings.timezone
    procs = processes_for(settings, len(ids))
    report = progress or (lambda count: None)
    # Each process takes every procs-th article, so old and new (shorter or longer)
    # stories are shared out evenly.
    shares = [ids[number::procs] for number in range(procs)]
    batches = [[share[at:at + batch_size] for at in range(0, len(share), batch_size)]
               for share in shares]
    if procs == 1:
        segment, count = _write_segment(ix, batches[0], zone, limitmb, report)
        segments = [segment] if segment is not None else []
    else:
        segments, count = _write_in_processes(app, ix, batches, zone, limitmb, report)
    writer = SegmentWriter(ix)
    # Whoosh's MpWriter(multisegment=True) finishes the same way: the parent's own
    # segment stays empty, and the table of contents lists the children's segments.
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()
    return count


def _write_segment(ix: Index, batches: list[list[int]], zone: tzinfo, limitmb: int,
                   progress: Callable[[int], None]) -> tuple[Any, int]:
    """Write the articles of ``batches`` as one new segment of ``ix`` (None if empty).

    Whoosh's lock is not taken (``_lk=False``): the rebuild holds the index folder's
    writer lock, and several of these run at once on one build.
    """
    writer = SegmentWriter(ix, _lk=False, limitmb=limitmb, codec=codec())
    count = 0
    try:
        for batch in batches:
            for document in article_documents(load_articles(batch)):
                writer.add_document(**indexed_fields(document, zone))
                count += 1
            db.session.expunge_all()
            progress(len(batch))
        if not count:
            writer._close_segment()
            return None, 0
        return writer._finalize_segment(), count
    except BaseException:
        # Not writer.cancel(): it would delete the temporary folder the other
        # processes share. The whole build folder goes if the build fails.
        writer._close_segment()
        raise


def _write_in_processes(app: Flask, ix: Index, batches: list[list[list[int]]],
                        zone: tzinfo, limitmb: int,
                        progress: Callable[[int], None]) -> tuple[list[Any], int]:
    """Run :func:`_write_segment` in a forked process for each list of batches."""
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    procs = len(batches)
    children = [
        context.Process(target=_child, name=f"search-build-{number}", daemon=True,
                        args=(app, ix, share, zone, limitmb, messages))
        for number, share in enumerate(batches)
    ]
    for child in children:
        child.start()
    segments: list[Any] = []
    count = 0
    finished = 0
    try:
        while finished < procs:
            try:
                kind, value = messages.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                dead = [c for c in children if c.exitcode not in (None, 0)]
                if dead:
                    raise BuildFailed(f"{dead[0].name} died with exit code "
                                      f"{dead[0].exitcode}") from None
                continue
            if kind == "progress":
                progress(value)
            elif kind == "done":
                segment, written = value
                if segment is not None:
                    segments.append(segment)
                count += written
                finished += 1
            else:
                raise BuildFailed(f"a process writing the new index failed:\n{value}")
    finally:
        for child in children:
            if child.is_alive() and finished < procs:
                child.terminate()
            child.join()
        messages.close()
    return segments, count


def _child(app: Flask, ix: Index, batches: list[list[int]], zone: tzinfo, limitmb: int,
           messages: Any) -> None:
    try:
        with app.app_context():
            # The parent's pooled connections must not be shared across the fork.
            db.engine.dispose(close=False)
            result = _write_segment(ix, batches, zone, limitmb,
                                    lambda count: messages.put(("progress", count)))
        messages.put(("done", result))
    except BaseException:
        messages.put(("error", traceback.format_exc()))
        raise
