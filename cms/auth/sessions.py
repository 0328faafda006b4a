"""Logins as server-side sessions: logout, a password change or disabling a user ends them.

Flask-Login keeps only a random token in the (signed) cookie; the database keeps its hash.
A copied session or remember-me cookie therefore stops working as soon as the row goes.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Request, current_app, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, select

from cms.clock import utcnow
from cms.extensions import db, login_manager
from cms.models import User, UserSession
from cms.models.user import hash_token

TOUCH_INTERVAL = timedelta(minutes=5)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    row = db.session.scalar(
        select(UserSession).where(UserSession.token_hash == hash_token(token))
    )
    if row is None or not row.user.enabled:
        return None
    now = utcnow()
    config = current_app.config
    idle = now - row.last_seen_at > config["SESSION_LIFETIME"]
    if idle or now - row.created_at > config["SESSION_MAX_AGE"]:
        db.session.delete(row)
        db.session.commit()
        return None
    if now - row.last_seen_at > TOUCH_INTERVAL:
        row.last_seen_at = now
        db.session.commit()
    row.token = token
    row.user.current_session = row
    return row.user


def login_rate_limit() -> str:
    """The limit on tries at every form that checks a password or a code (Flask-Limiter
    reads it per request, so tests and sites may change ``LOGIN_RATE_LIMIT``)."""
    return current_app.config["LOGIN_RATE_LIMIT"]


def log_in(user: User, remember: bool = False) -> None:
    """Start a fresh session (new token, emptied cookie) so no earlier id survives login."""
    session.clear()
    row = UserSession.start(user, user_agent=(request.user_agent.string or "")[:255])
    user.last_login_at = utcnow()
    db.session.add(row)
    db.session.commit()
    user.current_session = row
    login_user(user, remember=remember)
    session.permanent = True


def log_out() -> None:
    if current_user.is_authenticated and current_user.current_session is not None:
        db.session.delete(current_user.current_session)
        db.session.commit()
    session.clear()
    logout_user()  # after clear(): it marks the remember-me cookie for deletion


def end_all_sessions(user: User, keep: UserSession | None = None) -> None:
    """End every login of ``user`` (after a password change, or when disabled)."""
    statement = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        statement = statement.where(UserSession.id != keep.id)
    db.session.execute(statement)
    db.session.commit()


class CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, minus the signing set-up for visitors without one.

    Most readers never carry a session cookie; Flask would still build the signing
    serializer (a key derivation) on every one of their requests.
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)
