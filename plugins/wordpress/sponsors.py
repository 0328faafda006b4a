"""The ``--sponsors FILE`` mapping: which category or tag means which sponsor."""

from __future__ import annotations

from pathlib import Path

from cms.api import make_slug


def read_sponsors(path: Path) -> dict[str, str]:
    """``name = Sponsor`` per line (``#`` comments, blank lines allowed) → slug → sponsor.

    :raises ValueError: naming the file and line of a line that is not ``name = sponsor``.
    """
    mapping: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        name, sep, sponsor = text.partition("=")
        if not sep or not make_slug(name) or not make_slug(sponsor):
            raise ValueError(f"{path}:{number}: expected 'category or tag = sponsor name'")
        mapping[make_slug(name)] = " ".join(sponsor.split())
    return mapping
