"""Server-side autosave: the newest text of each open editor, kept apart from the article.

An autosave never changes the article, its version or its revisions; the editor offers it
back when it is newer than the saved article (after a crash, a lost session, a closed tab).
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.validators import Length

from cms.api import User, db, utcnow
from plugins.articles.forms import article_form_class
from plugins.articles.models import Article, Autosave

DRAFT_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
KEPT_FIELDS = frozenset({
    "title", "slug", "dateline", "lead", "body", "byline", "category_id", "tags",
    "image_id", "image_caption", "image_credit", "image_alt", "seo_title", "seo_description",
})


#: A plugin field whose form declares no length keeps at most this many characters.
UNDECLARED_FIELD_CHARS = 10_000


class AutosaveError(ValueError):
    """The autosave request was malformed."""


class AutosaveTooLarge(AutosaveError):
    """A field is longer than the editor's form would save; the view answers 413."""


def field_limits() -> dict[str, int]:
    """Each editor field's longest value, read from the form's own ``Length`` validators,
    so an autosave keeps nothing the form's save would refuse."""
    form_class = article_form_class()
    limits: dict[str, int] = {}
    for name in dir(form_class):
        field = getattr(form_class, name)
        for validator in (getattr(field, "kwargs", {}) or {}).get("validators", ()) or ():
            if isinstance(validator, Length) and validator.max >= 0:
                limits[name] = validator.max
    return limits


def _check_lengths(kept: dict[str, str]) -> None:
    limits = field_limits()
    for name, value in kept.items():
        if len(value) > limits.get(name, UNDECLARED_FIELD_CHARS):
            raise AutosaveTooLarge(_("Isian %(field)s terlalu panjang untuk disimpan.",
                                     field=name))


def store(user: User, draft_key: str, fields: dict[str, Any],
          article: Article | None = None) -> Autosave:
    if not DRAFT_KEY.match(draft_key or ""):
        raise AutosaveError("draft_key must be 8-64 letters, digits, - or _")
    kept = {k: str(v) for k, v in fields.items() if k in KEPT_FIELDS or k.startswith("x_")}
    _check_lengths(kept)
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


def unrecovered(user: User, limit: int = 10) -> list[Autosave]:
    """The writer's text typed into "new article" and never saved as an article (a crash,
    a closed tab), newest first: the dashboard lists it and the editor offers it back."""
    return list(db.session.scalars(
        select(Autosave).where(Autosave.user_id == user.id, Autosave.article_id.is_(None))
        .order_by(Autosave.saved_at.desc()).limit(limit)))


def unrecovered_one(user: User, draft_key: str | None) -> Autosave | None:
    """The unsaved draft ``draft_key`` of the writer, or their newest when no key is named."""
    if not draft_key:
        rows = unrecovered(user, limit=1)
        return rows[0] if rows else None
    return db.session.scalar(select(Autosave).where(
        Autosave.user_id == user.id, Autosave.article_id.is_(None),
        Autosave.draft_key == draft_key))


def title_of(row: Autosave) -> str:
    """What the writer typed as the title, for a list of unsaved drafts."""
    return " ".join(str(row.data.get("title", "")).split())


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
