"""What each cached page, fragment and remembered value was made from, so that a change
empties only what shows it.

A *tag* names something that changes as a whole: ``article:12`` (one article), and the
listings it appears in, ``rubrik:5``, ``tag:9``, ``author:3``, ``month:2026-12``. Code
that fills a cache entry names its tags with :func:`depends_on`; an entry whose own code
names none depends on :data:`ANY_CONTENT`, which every change moves, so a page or block
nobody described is emptied by every publish, as it always was. Entries nest (a page
holds fragments, a fragment remembered values) and an outer entry depends on everything
its inner ones do, whether they were made afresh or read from the cache.

The shared store (a folder, or Redis) holds a random token per tag;
:func:`invalidate_tags` gives the named tags new ones. An entry keeps the tokens it was
made under and is used only while they are all current. Every change also moves one
*sequence* token, before and after the tags: a process trusts what it read for
:data:`RECHECK_SECONDS`, then rereads the sequence alone and the tags it needs only when
the sequence moved; and an entry is kept only if the sequence did not move while it was
being made, so what it read from the database was current when it was stored. The
whole-site generation (:func:`new_generation`) sits beside them for settings, themes and
plugins, which change every page.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g, has_app_context

#: The tag of everything: moved by every change, kept by entries that named no tags.
ANY_CONTENT = "content"
GENERATION_KEY = "warta:page:generation"
SEQUENCE_KEY = "warta:page:sequence"
#: ``(sequence, moment)``: when content next changes by the clock, as of that sequence.
DUE_KEY = "warta:page:due"
TAG_PREFIX = "warta:tag:"

#: How long a process trusts what it last read of the shared store. Other workers see a
#: change this much later at most (browsers keep pages 60 s anyway); in exchange most
#: requests read nothing from the store to check their cached entries.
RECHECK_SECONDS = 0.25

#: ``((tag, token), …)``: what a cached entry was made under.
Dependencies = tuple[tuple[str, str], ...]


class _Snapshot:
    """What one read of the store found; replaced whole, so threads never see half."""

    __slots__ = ("due", "generation", "read_at", "sequence", "tokens")

    def __init__(self, read_at: float, generation: Any, sequence: Any, due: Any,
                 tokens: dict[str, str]) -> None:
        self.read_at = read_at
        self.generation = generation
        self.sequence = sequence
        self.due = due
        self.tokens = tokens


class SiteState:
    """This process's view of the generation, the sequence and the tag tokens."""

    def __init__(self, store: Callable[[], Any]) -> None:
        self._store = store
        self._snapshot = _Snapshot(float("-inf"), None, None, None, {})
        self._lock = threading.Lock()

    def current(self, *, fresh: bool = False) -> _Snapshot:
        """The last snapshot, read again when older than :data:`RECHECK_SECONDS`."""
        snapshot = self._snapshot
        now = time.monotonic()
        if fresh or now - snapshot.read_at > RECHECK_SECONDS:
            generation, sequence, due = self._store().get_many(
                GENERATION_KEY, SEQUENCE_KEY, DUE_KEY)
            if not isinstance(generation, str):  # e.g. an older Warta's (token, due)
                generation = None
            # Tag tokens read under the same sequence are still the store's.
            tokens = snapshot.tokens if sequence == snapshot.sequence else {}
            snapshot = _Snapshot(now, generation, sequence, due, tokens)
            self._snapshot = snapshot
        return snapshot

    def _tokens(self, tags: Iterable[str]) -> dict[str, str]:
        known = self.current().tokens
        missing = [tag for tag in tags if tag not in known]
        if missing:
            values = self._store().get_many(*(TAG_PREFIX + tag for tag in missing))
            with self._lock:
                known.update((tag, value) for tag, value in zip(missing, values, strict=True)
                             if value is not None)
        return known

    def is_current(self, made_under: Dependencies) -> bool:
        """Whether every tag still has the token the entry was made under. A tag the
        store no longer holds (a folder cache prunes old files) counts as changed."""
        if not made_under:
            return True
        known = self._tokens(tag for tag, _token in made_under)
        return all(known.get(tag) == token for tag, token in made_under)

    def record(self, tags: Iterable[str]) -> Dependencies:
        """The tokens ``tags`` have now; a tag without one gets one, so an entry never
        depends on a token the store does not hold."""
        tags = sorted(set(tags))
        known = self._tokens(tags)
        absent = {tag: secrets.token_hex(6) for tag in tags if tag not in known}
        if absent:
            self._store().set_many({TAG_PREFIX + t: v for t, v in absent.items()}, timeout=0)
            with self._lock:
                known.update(absent)
        return tuple((tag, known[tag]) for tag in tags)

    def bump(self, tags: Iterable[str]) -> None:
        """New tokens for ``tags`` (the sequence moves before and after them)."""
        store = self._store()
        store.set(SEQUENCE_KEY, secrets.token_hex(8), timeout=0)
        store.set_many({TAG_PREFIX + tag: secrets.token_hex(6) for tag in tags}, timeout=0)
        store.set(SEQUENCE_KEY, secrets.token_hex(8), timeout=0)
        self.current(fresh=True)

    def new_generation(self) -> str:
        """A new whole-site generation: every page and fragment is made afresh."""
        store = self._store()
        store.set(SEQUENCE_KEY, secrets.token_hex(8), timeout=0)
        token = secrets.token_hex(8)
        store.set(GENERATION_KEY, token, timeout=0)
        store.set(SEQUENCE_KEY, secrets.token_hex(8), timeout=0)
        self.current(fresh=True)
        return token

    def set_due(self, sequence: Any, moment: Any) -> None:
        """Record when content next changes by the clock, as found under ``sequence``:
        a change since then (another sequence) makes every process ask again."""
        self._store().set(DUE_KEY, (sequence, moment), timeout=0)
        self._snapshot.due = (sequence, moment)


def site_state(app: Flask | None = None) -> SiteState:
    return (app or current_app).extensions["warta.site_state"]


class _Collector:
    """The tags one entry being made has named, and the sequence it started under."""

    __slots__ = ("declared", "made_under", "sequence", "tags")

    def __init__(self, sequence: Any) -> None:
        self.sequence = sequence
        self.tags: set[str] = set()
        self.declared = False
        self.made_under: Dependencies | None = None

    def final_tags(self) -> set[str]:
        return self.tags if self.declared else {*self.tags, ANY_CONTENT}


def _stack() -> list[_Collector]:
    stack = g.get("warta_dependencies")
    if stack is None:
        stack = g.warta_dependencies = [_Collector(site_state().current().sequence)]
    return stack


def start_page() -> None:
    """Begin the request's own entry (the page) before anything reads the database."""
    g.warta_dependencies = [_Collector(site_state().current().sequence)]


def depends_on(*tags: str) -> str:
    """Say what the cached page, fragment or remembered value being made shows.

    Once its own code has called this, the entry is emptied only by a change to one of
    ``tags`` (see :func:`invalidate_tags`), by whatever the entries inside it depend on,
    and by the whole-site :func:`cms.pagecache.invalidate`. Called with no tags it says
    "nothing a targeted change touches" (a masthead, a footer). Returns ``""`` so that a
    template can write ``{{ depends_on("article:" ~ article.id) }}``.

    :param tags: names such as ``"article:12"`` or ``"rubrik:5"``.

    .. versionadded:: 2.2
    """
    if has_app_context():
        top = _stack()[-1]
        top.tags.update(tags)
        top.declared = True
    return ""


def used(made_under: Dependencies) -> None:
    """A cached entry was used as it was: whatever is being made depends on its tags."""
    if made_under:
        _stack()[-1].tags.update(tag for tag, _token in made_under)


@contextmanager
def collecting(*, storing: bool) -> Iterator[_Collector]:
    """Make an entry; afterwards ``made_under`` holds what to store it with, or ``None``
    when a change happened meanwhile (then it is served once and not kept)."""
    state = site_state()
    stack = _stack()
    collector = _Collector(state.current().sequence)
    stack.append(collector)
    try:
        yield collector
    finally:
        stack.pop()
    tags = collector.final_tags()
    stack[-1].tags.update(tags)
    if storing:
        collector.made_under = _made_under(state, collector, tags)


def finish_page() -> Dependencies | None:
    """What the page's own entry was made under, or ``None`` if it must not be kept."""
    collector = _stack()[0]
    return _made_under(site_state(), collector, collector.final_tags())


def _made_under(state: SiteState, collector: _Collector, tags: set[str]) -> Dependencies | None:
    made_under = state.record(tags)
    if state.current(fresh=True).sequence != collector.sequence:
        return None
    return made_under


def kept_for(made_under: Dependencies, default: int, config: Mapping[str, Any]) -> int:
    """Seconds to keep an entry: ``default`` if it may show anything (it named no tags,
    so a ranking that moves by itself may be in it), ``CACHE_PRECISE_TIMEOUT`` if it
    named what it shows: a change to that empties it anyway."""
    if any(tag == ANY_CONTENT for tag, _token in made_under):
        return default
    return config["CACHE_PRECISE_TIMEOUT"]


def invalidate_tags(*tags: str) -> None:
    """Forget the cached pages, fragments and values that depend on any of ``tags``, and
    everything that named no tags at all (:data:`ANY_CONTENT`).

    Call it after the change is committed. With no tags it empties only what did not say
    what it shows (home page, feeds, search pages and the like).

    :param tags: names such as ``"article:12"``, as the entries to forget named them
        with :func:`depends_on`.

    .. versionadded:: 2.2
    """
    site_state().bump({ANY_CONTENT, *tags})


def init_app(app: Flask, store: Callable[[], Any]) -> None:
    app.extensions["warta.site_state"] = SiteState(store)
