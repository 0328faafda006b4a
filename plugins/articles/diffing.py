"""Differences between two revisions, field by field, for editors to compare."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from plugins.articles.models import Revision

COMPARED = ("title", "slug", "dateline", "lead", "body", "byline", "tags", "category_id",
            "image_caption", "image_credit", "seo_title", "seo_description", "status")
BLOCK_BREAK = re.compile(r"(?<=</p>)|(?<=</h2>)|(?<=</h3>)|(?<=</h4>)|(?<=</li>)|(?<=<br>)")


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    lines: list[DiffLine]


def _lines(value: object) -> list[str]:
    if isinstance(value, list):
        return [", ".join(str(v) for v in value)]
    text = "" if value is None else str(value)
    return [part for part in BLOCK_BREAK.split(text) if part] or [""]


def diff_revisions(older: Revision, newer: Revision) -> list[FieldChange]:
    """Changed fields only; the body is compared paragraph by paragraph."""
    changes = []
    for name in COMPARED:
        before, after = older.data.get(name), newer.data.get(name)
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(_lines(before), _lines(after)):
            marker, text = line[:2], line[2:]
            if marker == "? ":
                continue
            kind = {"+ ": "added", "- ": "removed"}.get(marker, "same")
            lines.append(DiffLine(kind, text))
        changes.append(FieldChange(name, lines))
    return changes
