"""Signed links for setting a password: a reset, or the first password of an invitation.

No table keeps them. A token names the user and carries a fingerprint of what a use of
it changes (the password hash) and of what makes it stale (the address it was sent to,
the last login), signed with the site's ``SECRET_KEY``. Setting the password changes the
fingerprint, so a token works once; logging in or changing the address ends it too.
Expiry counts on :func:`cms.clock.utcnow`, the one clock tests move.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import UTC, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from cms.clock import utcnow
from cms.extensions import db
from cms.models import User


class Purpose(enum.Enum):
    """What a token is for; each signs with its own salt, so one never passes as the other."""

    RESET = "reset"
    INVITATION = "invitation"

    @property
    def max_age(self) -> timedelta:
        name = "PASSWORD_RESET_MAX_AGE" if self is Purpose.RESET else "INVITATION_MAX_AGE"
        return current_app.config[name]


class TokenExpired(Exception):
    """The link was genuine but is older than its purpose allows."""


class TokenInvalid(Exception):
    """The link was altered, already used, or belongs to an account that changed."""


class _ClockSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(utcnow().replace(tzinfo=UTC).timestamp())


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"warta.{purpose.value}",
                                  signer=_ClockSigner)


def _fingerprint(user: User) -> str:
    last_login = user.last_login_at.isoformat() if user.last_login_at else ""
    state = "\0".join((user.password_hash or "", user.email.lower(), last_login))
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def make_token(user: User, purpose: Purpose) -> str:
    return _serializer(purpose).dumps([user.id, _fingerprint(user)])


def load_token(token: str, purpose: Purpose) -> User:
    """The enabled user ``token`` was made for, while nothing it fingerprints has changed.

    :raises TokenExpired: the token is genuine but too old.
    :raises TokenInvalid: anything else is wrong with it.
    """
    try:
        user_id, fingerprint = _serializer(purpose).loads(
            token, max_age=int(purpose.max_age.total_seconds()))
    except SignatureExpired:
        raise TokenExpired from None
    except (BadSignature, TypeError, ValueError):
        raise TokenInvalid from None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.enabled or _fingerprint(user) != fingerprint:
        raise TokenInvalid
    return user
