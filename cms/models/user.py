"""Newsroom accounts and the server-side sessions that make logout real."""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cms.clock import utcnow
from cms.extensions import db


class Role(enum.IntEnum):
    """Roles by rank: a check for ``EDITOR`` admits editors and admins.

    ``PARTNER`` ranks below the newsroom: partners reach only what a plugin grants them.
    """

    PARTNER = 10
    JOURNALIST = 20
    EDITOR = 30
    ADMIN = 40

    @property
    def key(self) -> str:
        return self.name.lower()

    @classmethod
    def from_key(cls, key: str) -> Role:
        try:
            return cls[key.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown role {key!r}: use one of {', '.join(ROLES)}"
            ) from None


ROLES = tuple(role.key for role in Role)


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # None: an account that cannot log in (an author created by an import).
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role_key: Mapped[str] = mapped_column("role", String(20), default=Role.JOURNALIST.key)
    enabled: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Two-factor sign-in (cms.auth.twofactor): a secret without ``totp_enabled_at`` is an
    # enrolment not yet confirmed with a code; ``totp_last_step`` refuses a code used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None]

    sessions: Mapped[list[UserSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    remembered_devices: Mapped[list[RememberedDevice]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # The session this request authenticated with; Flask-Login stores its token.
    current_session = None

    @property
    def role(self) -> Role:
        return Role.from_key(self.role_key)

    @role.setter
    def role(self, value: Role) -> None:
        self.role_key = value.key

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def is_active(self) -> bool:
        return self.enabled

    def has_role(self, role: Role) -> bool:
        return self.role >= role

    def get_id(self) -> str | None:
        return self.current_session.token if self.current_session else None

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role_key}>"


def hash_token(token: str) -> str:
    """How a bearer token (a signed-in session's, a remembered browser's) is stored: its
    SHA-256, so a copy of the table lets nobody in."""
    return hashlib.sha256(token.encode()).hexdigest()


class UserSession(db.Model):
    """One login on one browser. Deleting the row ends it, whatever cookie is replayed."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str | None] = mapped_column(String(255))

    user: Mapped[User] = relationship(back_populates="sessions")

    # The raw token exists only in memory on the request that created or loaded it.
    token = None

    @classmethod
    def start(cls, user: User, user_agent: str | None = None) -> UserSession:
        token = secrets.token_urlsafe(32)
        session = cls(token_hash=hash_token(token), user=user, user_agent=user_agent)
        session.token = token
        return session


class RecoveryCode(db.Model):
    """A one-time code for signing in without the phone; only its hash is kept."""

    __tablename__ = "user_recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="recovery_codes")


class RememberedDevice(db.Model):
    """A browser that may skip the second step until ``expires_at``.

    ``password_check`` ties it to the password it was trusted under: a new password
    makes every remembered browser ask for a code again.
    """

    __tablename__ = "user_remembered_device"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    password_check: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    user: Mapped[User] = relationship(back_populates="remembered_devices")
