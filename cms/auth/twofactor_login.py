"""The half-way state between password and code, and browsers remembered for a while.

After the password a user with two-factor sign-in holds only a note in the session: which
user, until when, how many wrong codes so far. Flask-Login knows nothing of it, so no
route that needs a login opens. A remembered browser carries a signed cookie whose random
token the database keeps hashed, with the password it was trusted under; a reset of
two-factor sign-in deletes the rows, a new password no longer matches.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, timedelta

from flask import Response, current_app, request, session
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from cms.auth.twofactor import policy
from cms.clock import utcnow
from cms.extensions import db
from cms.models import RememberedDevice, User
from cms.models.user import hash_token

PENDING_KEY = "two_factor_pending"
#: Time to type the code after the password.
PENDING_LIFETIME = timedelta(minutes=5)
#: Wrong codes allowed before the password must be given again.
MAX_TRIES = 5
DEVICE_COOKIE = "warta_2fa_device"
# Sent only where it is read: the login form and its second step.
DEVICE_COOKIE_PATH = "/login"


@dataclass
class Pending:
    user: User
    remember: bool
    next: str


def _now_seconds() -> float:
    return utcnow().replace(tzinfo=UTC).timestamp()


def begin(user: User, remember: bool, next_url: str) -> None:
    """Note a correct password in a fresh session (no id from before the login survives)."""
    session.clear()
    session[PENDING_KEY] = {
        "user": user.id,
        "until": _now_seconds() + PENDING_LIFETIME.total_seconds(),
        "remember": bool(remember),
        "next": next_url or "",
        "tries": 0,
    }


def current() -> Pending | None:
    """The user half-way through login, or None when nobody is or the time ran out."""
    note = session.get(PENDING_KEY)
    if not isinstance(note, dict) or note.get("until", 0) < _now_seconds():
        session.pop(PENDING_KEY, None)
        return None
    user = db.session.get(User, note.get("user"))
    if user is None or not user.enabled or not user.two_factor_enabled:
        session.pop(PENDING_KEY, None)
        return None
    return Pending(user=user, remember=bool(note.get("remember")), next=note.get("next", ""))


def rate_limit_key() -> str:
    """Count second-step attempts per account as well as per address: whoever holds the
    password could otherwise try codes from many addresses at once."""
    note = session.get(PENDING_KEY)
    user_id = note.get("user") if isinstance(note, dict) else None
    return f"two-factor-user:{user_id}" if user_id else f"two-factor-address:{request.remote_addr}"


def count_failure() -> bool:
    """Count a wrong code; False once the tries are used up and the note is gone."""
    note = session.get(PENDING_KEY)
    if not isinstance(note, dict):
        return False
    tries = int(note.get("tries", 0)) + 1
    if tries >= MAX_TRIES:
        session.pop(PENDING_KEY, None)
        return False
    session[PENDING_KEY] = {**note, "tries": tries}
    return True


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="warta.two-factor-device")


def _password_check(user: User) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()


def remember_device(user: User, response: Response) -> None:
    """Trust this browser for the days the policy allows (none when it says 0)."""
    days = policy().remember_days
    if days <= 0:
        return
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(RememberedDevice(
        user_id=user.id, token_hash=hash_token(token), password_check=_password_check(user),
        created_at=now, expires_at=now + timedelta(days=days),
    ))
    db.session.commit()
    response.set_cookie(
        DEVICE_COOKIE, _serializer().dumps([user.id, token]), max_age=days * 86400,
        path=DEVICE_COOKIE_PATH, httponly=True, samesite="Lax",
    )


def is_remembered(user: User) -> bool:
    """Does this browser carry a live, matching "remember this browser" cookie for ``user``?"""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return False
    try:
        user_id, token = _serializer().loads(raw)
    except (BadSignature, TypeError, ValueError):
        return False
    if user_id != user.id or not isinstance(token, str):
        return False
    row = db.session.scalar(select(RememberedDevice).where(
        RememberedDevice.token_hash == hash_token(token), RememberedDevice.user_id == user.id))
    if row is None:
        return False
    now = utcnow()
    # A policy shortened since the browser was trusted applies to it too.
    limit = min(row.expires_at, row.created_at + timedelta(days=policy().remember_days))
    if now >= limit:
        db.session.delete(row)
        db.session.commit()
        return False
    return row.password_check == _password_check(user)
