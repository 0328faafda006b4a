"""Server-side autosave: the newest text of each open editor, kept apart from the article.

An autosave never changes the article, its version or its revisions; the editor offers it
back when it is newer than the saved article (after a crash, a lost session, a closed tab).
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import select

from cms.api import User, db, utcnow
from plugins.articles.models import Article, Autosave

DRAFT_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
KEPT_FIELDS = frozenset({
    "title", "slug", "dateline", "lead", "body", "byline", "category_id", "tags",
    "image_id", "image_caption", "image_credit", "image_alt", "seo_title", "seo_description",
})


class AutosaveError(ValueError):
    """The autosave request was malformed."""


def store(user: User, draft_key: str, fields: dict[str, Any],
          article: Article | None = None) -> Autosave:
    if not DRAFT_KEY.match(draft_key or ""):
        raise AutosaveError("draft_key must be 8-64 letters, digits, - or _")
    kept = {k: str(v) for k, v in fields.items() if k in KEPT_FIELDS or k.startswith("x_")}
    row = db.session.scalar(select(Autosave).where(Autosave.draft_key == draft_key))
    if row is None:
        row = Autosave(draft_key=draft_key, user_id=user.id)
        db.session.add(row)
    elif row.user_id != user.id:
        raise AutosaveError("draft_key belongs to someone else")
    row.article_id = article.id if article else None
    row.data_json = json.dumps(kept, ensure_ascii=False)
    row.saved_at = utcnow()
    db.session.commit()
    return row


def newer_than_article(user: User, article: Article | None, draft_key: str) -> Autosave | None:
    """The writer's autosave that holds text the saved article does not, if any."""
    query = select(Autosave).where(Autosave.user_id == user.id)
    if article is not None:
        query = query.where(Autosave.article_id == article.id)
    else:
        query = query.where(Autosave.draft_key == draft_key)
    row = db.session.scalars(query.order_by(Autosave.saved_at.desc()).limit(1)).first()
    if row is None:
        return None
    if article is not None and row.saved_at <= article.updated_at:
        return None
    return row


def discard(user: User, article: Article | None, draft_key: str | None) -> None:
    """Forget autosaves that a successful save has made redundant."""
    query = select(Autosave).where(Autosave.user_id == user.id)
    if article is not None:
        query = query.where((Autosave.article_id == article.id)
                            | (Autosave.draft_key == (draft_key or "")))
    else:
        query = query.where(Autosave.draft_key == (draft_key or ""))
    for row in db.session.scalars(query):
        db.session.delete(row)
    db.session.commit()
