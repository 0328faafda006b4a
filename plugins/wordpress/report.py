"""What one run of ``cms import wordpress`` did, or would do, for the operator to read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ItemError:
    line: int
    reason: str


@dataclass
class WordpressReport:
    """Counts per kind and action, and every item worth a line of its own."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # line, title, why
    errors: list[ItemError] = field(default_factory=list)
    unknown_shortcodes: Counter[str] = field(default_factory=Counter)
    missing_media: list[str] = field(default_factory=list)
    advertorials: list[tuple[str, str, str]] = field(default_factory=list)  # title, how, sponsor
    comments: int = 0
    notes: list[str] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)  # --dry-run: one line per item

    def lines(self, dry_run: bool) -> list[str]:
        """The summary printed at the end, in English like ``cms import jsonl``'s."""
        verb = ("would be created", "would be updated") if dry_run else ("created", "updated")
        out = [*self.planned]
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        for kind in kinds:
            out.append(f"{kind}: {self.created[kind]} {verb[0]}, {self.updated[kind]} "
                       f"{verb[1]}, {self.unchanged[kind]} unchanged")
        if self.comments:
            out.append(f"comments: {self.comments} counted, not imported "
                       "(Warta has no comments)")
        reasons = Counter(why for _, _, why in self.skipped)
        for why, number in sorted(reasons.items()):
            out.append(f"skipped: {number} × {why}")
        for name, number in sorted(self.unknown_shortcodes.items()):
            out.append(f"shortcode removed: [{name}] × {number}")
        for title, how, sponsor in self.advertorials:
            out.append(f"advertorial: {title!r} (recognised by {how}; sponsor: {sponsor})")
        out.extend(f"missing media: {name}" for name in self.missing_media)
        out.extend(self.notes)
        if dry_run:
            out.append("Dry run: nothing written.")
        return out
