"""Creating users, checking credentials and changing passwords, for views and the CLI."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from cms.auth.passwords import check_password_policy, hash_password, verify_password
from cms.auth.sessions import end_all_sessions
from cms.extensions import db
from cms.models import Role, User


class UserError(ValueError):
    """Input for a user account was refused; the message says why."""


def normalize_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise UserError(_("Alamat email tidak valid: %(email)s", email=email)) from None


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def validate_password(password: str, email: str = "", name: str = "") -> None:
    config = current_app.config
    check_password_policy(
        password,
        min_length=config["PASSWORD_MIN_LENGTH"],
        max_length=config["PASSWORD_MAX_LENGTH"],
        personal=(email, email.split("@")[0], *name.split()),
    )


def create_user(email: str, name: str, role: Role | str, password: str | None) -> User:
    """Create an account; ``password=None`` makes one that cannot log in (an import's author)."""
    email = normalize_email(email)
    name = name.strip()
    if not name:
        raise UserError(_("Nama wajib diisi."))
    if isinstance(role, str):
        try:
            role = Role.from_key(role)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    if find_user(email) is not None:
        raise UserError(_("Sudah ada pengguna dengan email %(email)s.", email=email))
    if password is not None:
        validate_password(password, email, name)
    user = User(email=email, name=name[:120], role_key=role.key,
                password_hash=hash_password(password) if password is not None else None)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user for these credentials, or None; unknown and wrong answers look the same."""
    try:
        user = find_user(normalize_email(email))
    except UserError:
        user = None
    ok, new_hash = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.enabled:
        return None
    if new_hash:
        user.password_hash = new_hash
        db.session.commit()
    return user


def change_password(user: User, new_password: str) -> None:
    """Set a new password and end every other login of that user."""
    validate_password(new_password, user.email, user.name)
    user.password_hash = hash_password(new_password)
    db.session.commit()
    end_all_sessions(user, keep=user.current_session)


def set_enabled(user: User, enabled: bool) -> None:
    user.enabled = enabled
    db.session.commit()
    if not enabled:
        end_all_sessions(user)
