"""URL slugs for articles, rubrik, tags and pages: Indonesian-safe transliteration, kept unique."""

from __future__ import annotations

from collections.abc import Callable

from slugify import slugify

MAX_SLUG_LENGTH = 120


def make_slug(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """``"Banjir di Kediri: Warga Mengungsi"`` → ``"banjir-di-kediri-warga-mengungsi"``."""
    return slugify(text or "", max_length=max_length, word_boundary=True, save_order=True)


def unique_slug(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever ``taken`` says is free."""
    base = base or "artikel"
    candidate, number = base, 1
    while taken(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = base[: MAX_SLUG_LENGTH - len(suffix)] + suffix
    return candidate
