"""What one run of ``cms import wordpress`` did, or would do, for the operator to read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _


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
        """The summary printed at the end, in the site's language like ``cms import jsonl``'s."""
        kind_names = {"article": _("artikel"), "page": _("halaman"), "media": _("media")}
        summary = (_("%(kind)s: %(created)d akan dibuat, %(updated)d akan diperbarui, "
                     "%(unchanged)d tidak berubah") if dry_run
                   else _("%(kind)s: %(created)d dibuat, %(updated)d diperbarui, "
                          "%(unchanged)d tidak berubah"))
        out = [*self.planned]
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        for kind in kinds:
            out.append(summary % {"kind": kind_names.get(kind, kind),
                                  "created": self.created[kind],
                                  "updated": self.updated[kind],
                                  "unchanged": self.unchanged[kind]})
        if self.comments:
            out.append(_("komentar: %(num)d dihitung, tidak diimpor (Warta tidak punya "
                         "komentar)", num=self.comments))
        reasons = Counter(why for _line, _title, why in self.skipped)
        for why, number in sorted(reasons.items()):
            out.append(_("dilewati: %(num)d × %(reason)s", num=number, reason=why))
        for name, number in sorted(self.unknown_shortcodes.items()):
            out.append(_("shortcode dihapus: [%(name)s] × %(num)d", name=name, num=number))
        for title, how, sponsor in self.advertorials:
            out.append(_("advertorial: %(title)s (dikenali dari %(how)s; sponsor: %(sponsor)s)",
                         title=repr(title), how=how, sponsor=sponsor))
        out.extend(_("media hilang: %(name)s", name=name) for name in self.missing_media)
        out.extend(self.notes)
        if dry_run:
            out.append(_("Uji coba: tidak ada yang ditulis."))
        return out
