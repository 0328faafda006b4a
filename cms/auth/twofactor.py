"""Two-factor sign-in: TOTP secrets, codes, recovery codes and the per-role requirement.

A code from the authenticator app counts for its own 30-second step and one step either
side (phones drift), and only once: the last step used is stored on the user, so a code
read over someone's shoulder or from a proxy log cannot be played again in its window.
Recovery codes are kept as hashes and each works once.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC

import pyotp
import segno
from flask import Flask, current_app
from markupsafe import Markup
from sqlalchemy import delete, func, or_, select, update

from cms.cachetags import site_state
from cms.clock import utcnow
from cms.extensions import db
from cms.models import ROLES, RecoveryCode, RememberedDevice, User
from cms.pagecache import invalidate
from cms.settings import get_setting, set_setting

logger = logging.getLogger(__name__)

SETTING_KEY = "two_factor"
# Where the policy read last is kept, with the settings generation it was read under.
POLICY_KEY = "warta.two_factor_policy"
#: "Remember this browser" may last from a day up to this many; 0 switches it off.
MAX_REMEMBER_DAYS = 90
DEFAULT_REMEMBER_DAYS = 30
RECOVERY_CODE_COUNT = 10
# 16 characters from 31 unambiguous ones: about 79 bits, beyond guessing from the hash.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 16
_NOT_CODE = re.compile(r"[^0-9a-z]")


@dataclass(frozen=True)
class TwoFactorPolicy:
    """Which roles must sign in with a second step, and how long a browser is remembered."""

    required_roles: frozenset[str]
    remember_days: int


def policy() -> TwoFactorPolicy:
    """The stored policy, read from the database once per settings generation.

    Every signed-in request of a user without two-factor sign-in asks (must they enrol?),
    so the answer is kept in the process under the site's generation, which
    :func:`save_policy` moves: every worker reads the new policy on its next request.
    With the cache store off (``NullCache``) no generation tells the other workers, so
    it is read every time.
    """
    app = current_app._get_current_object()
    generation = site_state(app).current().generation
    kept = app.extensions.get(POLICY_KEY)
    if kept is not None and kept[0] == generation and not _cache_off(app):
        return kept[1]
    stored = get_setting(SETTING_KEY, {}) or {}
    roles = frozenset(role for role in stored.get("required_roles", ()) if role in ROLES)
    days = stored.get("remember_days", DEFAULT_REMEMBER_DAYS)
    if not isinstance(days, int) or not 0 <= days <= MAX_REMEMBER_DAYS:
        days = DEFAULT_REMEMBER_DAYS
    read = TwoFactorPolicy(required_roles=roles, remember_days=days)
    app.extensions[POLICY_KEY] = (generation, read)
    return read


def _cache_off(app: Flask) -> bool:
    return app.config["CACHE_TYPE"] in ("NullCache", "null")


def save_policy(required_roles: list[str], remember_days: int) -> None:
    set_setting(SETTING_KEY, {
        "required_roles": sorted(role for role in set(required_roles) if role in ROLES),
        "remember_days": max(0, min(MAX_REMEMBER_DAYS, remember_days)),
    })
    current_app.extensions.pop(POLICY_KEY, None)
    invalidate()


def is_required(user: User) -> bool:
    return user.role_key in policy().required_roles


def must_enrol(user: User) -> bool:
    """True for a user whose role needs two-factor sign-in and who has not switched it on."""
    return not user.two_factor_enabled and is_required(user)


def pending_secret(user: User) -> str:
    """The secret being enrolled, made on first sight and kept so a reload shows the same QR."""
    if user.two_factor_enabled:
        raise ValueError("two-factor sign-in is already on; reset it before enrolling again")
    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
        db.session.commit()
    return user.totp_secret


def provisioning_uri(user: User, secret: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(uri: str, title: str) -> Markup:
    """The QR code as inline SVG (attributes only, no styles or scripts: the CSP holds)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=title, svgclass="qr-code", lineclass=None
    )
    return Markup(svg)  # noqa: S704 - segno escapes the title; the rest is numbers


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def normalize(code: str) -> str:
    return _NOT_CODE.sub("", (code or "").lower())


def looks_like_totp(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


def _current_step(totp: pyotp.TOTP) -> int:
    return int(utcnow().replace(tzinfo=UTC).timestamp()) // totp.interval


def check_code(user: User, code: str, secret: str | None = None) -> bool:
    """Accept ``code`` for ``secret`` (the user's own by default) once, within ±1 step.

    The step is claimed with one conditional UPDATE, so two requests racing with the same
    code cannot both pass.
    """
    code = normalize(code)
    secret = secret or user.totp_secret
    if not secret or not looks_like_totp(code):
        return False
    totp = pyotp.TOTP(secret)
    now = _current_step(totp)
    step = next((s for s in (now - 1, now, now + 1)
                 if hmac.compare_digest(totp.generate_otp(s), code)), None)
    if step is None:
        return False
    claimed = db.session.execute(
        update(User)
        .where(User.id == user.id,
               or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
    ).rowcount
    db.session.commit()
    db.session.refresh(user)
    return claimed == 1


def confirm_enrolment(user: User, code: str) -> list[str] | None:
    """Switch two-factor sign-in on when ``code`` matches the pending secret.

    Returns the new recovery codes (to show once), or None for a wrong code.
    """
    if user.two_factor_enabled or not user.totp_secret or not check_code(user, code):
        return None
    user.totp_enabled_at = utcnow()
    db.session.commit()
    logger.info("two-factor sign-in switched on for user %s", user.id)
    return new_recovery_codes(user)


def _hash_recovery(user: User, code: str) -> str:
    return hashlib.sha256(f"{user.id}:{normalize(code)}".encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones; only their hashes are stored."""
    codes = []
    for _index in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _char in range(_RECOVERY_LENGTH))
        codes.append("-".join(raw[i:i + 4] for i in range(0, _RECOVERY_LENGTH, 4)))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash_recovery(user, code))
                       for code in codes)
    db.session.commit()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Accept an unused recovery code and mark it used, in one conditional UPDATE."""
    if not user.two_factor_enabled or len(normalize(code)) != _RECOVERY_LENGTH:
        return False
    used = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id,
               RecoveryCode.code_hash == _hash_recovery(user, code),
               RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    db.session.commit()
    if used:
        logger.info("user %s signed in with a recovery code", user.id)
    return used == 1


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ) or 0


def verify_second_factor(user: User, code: str) -> bool:
    """A code from the app, or else a recovery code: what the second login step accepts."""
    if looks_like_totp(normalize(code)):
        return check_code(user, code)
    return use_recovery_code(user, code)


def reset(user: User) -> None:
    """Switch two-factor sign-in off: secret, recovery codes and remembered browsers go."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(RememberedDevice).where(RememberedDevice.user_id == user.id))
    db.session.commit()
    logger.info("two-factor sign-in reset for user %s", user.id)
