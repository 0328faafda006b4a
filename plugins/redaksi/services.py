"""The press-law actions an editor takes on a published article, each with its audit entry.

Every action goes through the newsroom's services (``record_update`` or ``withdraw``), so
the article's "updated" time, its revisions, the page cache and other plugins (search)
follow; our own rows are added to the same session first and land in the same commit.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from cms.api import User, db, utcnow
from plugins.articles import api as articles
from plugins.articles.api import Article
from plugins.redaksi.models import AuditEntry, Correction, Kind, VerificationNote, Withdrawal

MAX_TEXT = 10_000
MAX_NOTE = 500
MAX_REASON = 2_000
REVISION_NOTE_LENGTH = 200  # the width of ``articles_revision.note``


class RedaksiError(ValueError):
    """The action was refused; the message tells the editor why (answered with 400)."""


def kind_label(kind: str) -> str:
    """The notice's name as readers know it."""
    return {
        Kind.RALAT: _("Ralat"), Kind.KOREKSI: _("Koreksi"), Kind.HAK_JAWAB: _("Hak jawab"),
    }.get(kind, kind)


def changed_label(kind: str) -> str:
    """How a feed tells readers the story has such a notice now."""
    return {
        Kind.RALAT: _("Diralat"), Kind.KOREKSI: _("Dikoreksi"),
        Kind.HAK_JAWAB: _("Ada hak jawab"),
    }.get(kind, kind)


def verification_label() -> str:
    """The words PPMS point 2 uses for a story whose facts are still being checked."""
    return _("Sedang dalam verifikasi")


def action_label(action: str) -> str:
    """An audit entry's action in the newsroom's words."""
    return {
        "correction": _("Ralat/koreksi/hak jawab diterbitkan"),
        "verification_set": _("Catatan verifikasi dipasang"),
        "verification_cleared": _("Catatan verifikasi dicabut"),
        "withdrawn": _("Berita dicabut"),
        "masthead": _("Boks redaksi diubah"),
    }.get(action, action)


def log(user: User, action: str, article: Article | None = None, detail: str = "") -> None:
    """Add an audit entry to the session; it is committed with the action it records."""
    db.session.add(AuditEntry(
        user_id=user.id, user_name=user.name, action=action,
        article_id=article.id if article else None,
        article_title=article.title[:300] if article else "", detail=detail))


def _require_public(article: Article) -> None:
    if not article.is_public:
        raise RedaksiError(_("Hanya berita yang sedang terbit yang bisa diberi ralat, catatan "
                             "verifikasi, atau dicabut."))


def _clean(text: str | None, limit: int, required_message: str | None) -> str:
    cleaned = (text or "").strip()
    if required_message and not cleaned:
        raise RedaksiError(required_message)
    if len(cleaned) > limit:
        raise RedaksiError(ngettext("Teks paling panjang %(num)d karakter.",
                                    "Teks paling panjang %(num)d karakter.", num=limit))
    return cleaned


def _revision_note(text: str) -> str:
    return text if len(text) <= REVISION_NOTE_LENGTH else text[:REVISION_NOTE_LENGTH - 1] + "…"


def _through_newsroom(change: Callable[[User, Article, str], Article], user: User,
                     article: Article, note: str) -> None:
    """Commit our pending rows together with the newsroom's change, or none of them."""
    try:
        change(user, article, _revision_note(note))
    except Exception:
        db.session.rollback()
        raise


def add_correction(user: User, article: Article, kind: str, text: str) -> Correction:
    """Publish a correction or right of reply; the article shows it from now on."""
    try:
        kind = Kind(kind)
    except ValueError:
        raise RedaksiError(_("Jenis pemberitahuan tidak dikenal.")) from None
    text = _clean(text, MAX_TEXT, _("Isi ralat, koreksi, atau hak jawab wajib diisi."))
    _require_public(article)
    correction = Correction(article_id=article.id, kind=kind.value, text=text, user_id=user.id)
    db.session.add(correction)
    log(user, "correction", article, f"{kind_label(kind)}: {text}")
    _through_newsroom(articles.record_update, user, article,
                      _("%(kind)s diterbitkan", kind=kind_label(kind)))
    return correction


def active_verification(article_id: int) -> VerificationNote | None:
    """The note on show for the article; None once an editor has cleared it."""
    return db.session.get(VerificationNote, article_id)


def set_verification(user: User, article: Article, text: str) -> VerificationNote:
    """Mark the story "sedang dalam verifikasi" (PPMS point 2), or change the note's text."""
    text = _clean(text, MAX_NOTE, None)
    _require_public(article)
    note = active_verification(article.id) or VerificationNote(article_id=article.id)
    note.text = text
    note.set_at = utcnow()
    note.user_id = user.id
    db.session.add(note)
    log(user, "verification_set", article, text)
    _through_newsroom(articles.record_update, user, article,
                      _("Catatan verifikasi dipasang"))
    return note


def clear_verification(user: User, article: Article) -> None:
    """Take the note down once the story is verified."""
    note = active_verification(article.id)
    if note is None:
        raise RedaksiError(_("Berita ini tidak sedang diberi catatan verifikasi."))
    _require_public(article)
    db.session.delete(note)
    log(user, "verification_cleared", article)
    _through_newsroom(articles.record_update, user, article,
                      _("Catatan verifikasi dicabut"))


def withdraw(user: User, article: Article, reason: str) -> Withdrawal:
    """Withdraw a published story with a public reason (PPMS point 5).

    The newsroom's ``withdraw`` keeps the text in the revisions; readers get a 410 notice.
    """
    reason = _clean(reason, MAX_REASON, _("Alasan pencabutan wajib diisi."))
    _require_public(article)
    withdrawal = Withdrawal(article_id=article.id, reason=reason, user_id=user.id)
    db.session.add(withdrawal)
    log(user, "withdrawn", article, reason)
    _through_newsroom(articles.withdraw, user, article,
                      _("Dicabut: %(reason)s", reason=reason))
    return withdrawal


def latest_withdrawal(article_id: int) -> Withdrawal | None:
    """The reason readers are given: a story republished and withdrawn again shows the last."""
    return db.session.scalar(
        select(Withdrawal).where(Withdrawal.article_id == article_id)
        .order_by(Withdrawal.withdrawn_at.desc(), Withdrawal.id.desc()).limit(1))


def corrections_of(article_id: int) -> list[Correction]:
    """An article's notices, oldest first: the order in which readers were told."""
    return db.session.scalars(
        select(Correction).where(Correction.article_id == article_id)
        .order_by(Correction.created_at, Correction.id)).all()

