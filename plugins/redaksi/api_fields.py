"""The press-law records in the read API and webhooks (the api plugin's hooks): an
article's corrections linked, its verification note, and a withdrawal's public reason.

Mixed into the plugin class; modules are imported only when a hook is called.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from cms.api import absolute_url, hookimpl

#: A correction made with the change being reported (one transaction, moments apart).
SAME_CHANGE = timedelta(seconds=5)


def _iso(moment: Any) -> str | None:
    from plugins.api.api import iso_time

    return iso_time(moment)


class ApiFields:
    """The api plugin's hooks, implemented for the press-law records."""

    @hookimpl(optionalhook=True)
    def api_article_fields(self, articles: list[Any]) -> dict[int, dict[str, Any]]:
        from sqlalchemy import select

        from cms.api import db
        from plugins.redaksi.models import Correction, VerificationNote
        from plugins.redaksi.services import kind_label

        ids = [article.id for article in articles]
        fields: dict[int, dict[str, Any]] = {
            article_id: {"corrections": [], "verification": None} for article_id in ids}
        for row in db.session.scalars(select(Correction).where(Correction.article_id.in_(ids))
                                      .order_by(Correction.created_at, Correction.id)):
            fields[row.article_id]["corrections"].append({
                "id": row.id, "kind": row.kind, "title": kind_label(row.kind),
                "text": row.text, "created_at": _iso(row.created_at),
                "url": absolute_url("redaksi.correction", correction_id=row.id)})
        for note in db.session.scalars(
                select(VerificationNote).where(VerificationNote.article_id.in_(ids))):
            fields[note.article_id]["verification"] = {"text": note.text,
                                                       "set_at": _iso(note.set_at)}
        return fields

    @hookimpl(optionalhook=True)
    def api_article_schema(self) -> dict[str, Any]:
        time = {"type": "string", "format": "date-time"}
        return {
            "corrections": {
                "description": "Corrections and replies (ralat, koreksi, hak jawab), oldest "
                               "first, each linked to its public page.",
                "type": "array", "items": {
                    "type": "object",
                    "required": ["id", "kind", "title", "text", "created_at", "url"],
                    "properties": {"id": {"type": "integer"}, "kind": {"type": "string"},
                                   "title": {"type": "string"}, "text": {"type": "string"},
                                   "created_at": time,
                                   "url": {"type": "string", "format": "uri"}}}},
            "verification": {
                "description": "The \"sedang dalam verifikasi\" note, while it shows.",
                "oneOf": [{"type": "null"}, {
                    "type": "object", "required": ["text", "set_at"],
                    "properties": {"text": {"type": "string"}, "set_at": time}}]},
        }

    @hookimpl(optionalhook=True)
    def api_withdrawal(self, article: Any) -> dict[str, Any] | None:
        from plugins.redaksi.services import latest_withdrawal

        found = latest_withdrawal(article.id)
        if found is None:
            return None
        return {"reason": found.reason, "withdrawn_at": _iso(found.withdrawn_at)}

    @hookimpl(optionalhook=True)
    def api_article_events(self, article: Any, action: str) -> list[str]:
        if action != "updated":
            return []
        from sqlalchemy import func, select

        from cms.api import db
        from plugins.redaksi.models import Correction

        newest = db.session.scalar(select(func.max(Correction.created_at))
                                   .where(Correction.article_id == article.id))
        if newest is not None and abs(newest - article.updated_at) <= SAME_CHANGE:
            return ["article.corrected"]
        return []
