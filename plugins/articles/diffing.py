"""Differences between two revisions, field by field, for editors to compare."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

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


def _change(name: str, before: object, after: object) -> FieldChange:
    lines = []
    for line in difflib.ndiff(_lines(before), _lines(after)):
        marker, text = line[:2], line[2:]
        if marker == "? ":
            continue
        kind = {"+ ": "added", "- ": "removed"}.get(marker, "same")
        lines.append(DiffLine(kind, text))
    return FieldChange(name, lines)


def _plugin_fields(older: dict[str, Any], newer: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """``("<plugin>.<key>", before, after)`` for plugins both revisions kept fields of: a
    revision taken before a plugin kept its fields says nothing about them, not "empty"."""
    pairs = []
    for plugin in sorted(older.keys() & newer.keys()):
        before, after = older[plugin] or {}, newer[plugin] or {}
        for key in sorted(before.keys() | after.keys()):
            pairs.append((f"{plugin}.{key}", before.get(key), after.get(key)))
    return pairs


def diff_revisions(older: Revision, newer: Revision) -> list[FieldChange]:
    """Changed fields only, the core's then the plugins'; the body is compared paragraph
    by paragraph."""
    before, after = older.data, newer.data
    fields = [(name, before.get(name), after.get(name)) for name in COMPARED]
    fields += _plugin_fields(before.get("plugins", {}), after.get("plugins", {}))
    return [_change(name, old, new) for name, old, new in fields if old != new]
