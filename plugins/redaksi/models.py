"""The press-law records: corrections and right of reply, verification notes, withdrawals,
and the audit log. They sit beside the article in tables of their own; the article row
is only ever changed through the newsroom's services."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cms.api import User, db, utcnow
from plugins.articles.api import Article


class Kind(enum.StrEnum):
    """What a published notice is, in the words of the press law and the PPMS guideline."""

    RALAT = "ralat"  # the newsroom fixes its own slip (a name, a number)
    KOREKSI = "koreksi"  # a correction prompted by someone else
    HAK_JAWAB = "hak_jawab"  # a reply from the person or body the story is about


class Correction(db.Model):
    """A correction or right of reply attached to an article; never edited once published."""

    __tablename__ = "redaksi_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles_article.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    article: Mapped[Article] = relationship()
    user: Mapped[User | None] = relationship()


class VerificationNote(db.Model):
    """An article "sedang dalam verifikasi": the row exists exactly while the note shows."""

    __tablename__ = "redaksi_verification"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles_article.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(String(500), default="")
    set_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class Withdrawal(db.Model):
    """Why and when a published article was withdrawn: what the 410 notice tells readers."""

    __tablename__ = "redaksi_withdrawal"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles_article.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(Text)
    withdrawn_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship()


class AuditEntry(db.Model):
    """One press-law action: who did what to which article, and when.

    Names and titles are copied so the log still reads right after a user or an
    article is deleted.
    """

    __tablename__ = "redaksi_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    user_name: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(40))
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles_article.id", ondelete="SET NULL"), index=True
    )
    article_title: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


MODELS = (Correction, VerificationNote, Withdrawal, AuditEntry)
