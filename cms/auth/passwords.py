"""Password hashing (argon2id at OWASP's parameters) and the password policy.

Hashes made with older parameters, or by Werkzeug (scrypt/pbkdf2), are verified and then
replaced at the next successful login, so a site's hashes improve without a reset.
"""

from __future__ import annotations

import contextlib

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.security import check_password_hash

#: OWASP Password Storage Cheat Sheet, argon2id: 19 MiB memory, 2 iterations, 1 lane.
ARGON2_MEMORY_KIB = 19456
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1

HASHER = PasswordHasher(
    time_cost=ARGON2_TIME_COST,
    memory_cost=ARGON2_MEMORY_KIB,
    parallelism=ARGON2_PARALLELISM,
    hash_len=32,
    salt_len=16,
    type=Type.ID,
)

#: Words Indonesian users pick often; zxcvbn's own lists are English-centred.
LOCAL_COMMON_WORDS = (
    "rahasia", "sayang", "cinta", "indonesia", "bismillah", "merdeka", "jakarta",
    "surabaya", "kediri", "bandung", "garuda", "pancasila", "katasandi", "sandi",
    "masuk", "admin", "redaksi", "berita", "warta", "wartawan",
)
MIN_STRENGTH = 2  # zxcvbn score 0-4; 0 and 1 are guessable within a few thousand tries
STRENGTH_CHECK_PREFIX = 72  # zxcvbn refuses longer input; longer passwords are strong


class PasswordPolicyError(ValueError):
    """The password is refused; the message tells the user what to choose instead."""


# Verified against for unknown users, so both answers take the same time.
_DUMMY_HASH = HASHER.hash("warta-no-such-user")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> tuple[bool, str | None]:
    """Check ``password``; return ``(ok, new_hash)`` where ``new_hash`` replaces an old one."""
    if not stored_hash:
        _burn_time(password)
        return False, None
    if stored_hash.startswith("$argon2"):
        try:
            HASHER.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False, None
        return True, hash_password(password) if HASHER.check_needs_rehash(stored_hash) else None
    try:
        ok = check_password_hash(stored_hash, password)
    except ValueError:
        return False, None
    return ok, hash_password(password) if ok else None


def _burn_time(password: str) -> None:
    with contextlib.suppress(VerificationError):
        HASHER.verify(_DUMMY_HASH, password)


def check_password_policy(password: str, *, min_length: int, max_length: int,
                          personal: tuple[str, ...] = ()) -> None:
    """Raise :class:`PasswordPolicyError` for a password too short, too long or too common."""
    if len(password) < min_length:
        raise PasswordPolicyError(
            ngettext("Kata sandi minimal %(num)d karakter.",
                     "Kata sandi minimal %(num)d karakter.", min_length)
        )
    if len(password) > max_length:
        raise PasswordPolicyError(
            ngettext("Kata sandi maksimal %(num)d karakter.",
                     "Kata sandi maksimal %(num)d karakter.", max_length)
        )
    # Imported here: its word lists take ~11 MB, which every worker serving readers
    # would otherwise hold for the few requests that set a password.
    from zxcvbn import zxcvbn

    inputs = [*LOCAL_COMMON_WORDS, *(p for p in personal if p)]
    if zxcvbn(password[:STRENGTH_CHECK_PREFIX], user_inputs=inputs)["score"] < MIN_STRENGTH:
        raise PasswordPolicyError(
            _("Kata sandi terlalu umum atau mudah ditebak. Gunakan kalimat atau gabungan "
              "beberapa kata yang tidak berhubungan.")
        )
