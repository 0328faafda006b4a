"""Who is asking: anonymous clients by address, partners by their API key, and the rate
limit each gets.

A key travels as ``Authorization: Bearer <key>`` (or ``X-Api-Key``). Only its SHA-256 is
stored, with a short prefix the admin page shows to tell keys apart; the key itself is
shown once, when it is made.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, request
from sqlalchemy import select

from cms.api import db, utcnow
from plugins.api.models import ApiKey

KEY_PREFIX = "wk_"
#: How often a key's "last used" time is written: not on every request.
LAST_USED_EVERY = timedelta(minutes=5)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(name: str, rate_limit: str) -> tuple[ApiKey, str]:
    """A new key for a partner; returns the row and the key, which is never stored."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(name=name.strip()[:120], prefix=key[:10], key_hash=hash_key(key),
                 rate_limit=rate_limit)
    db.session.add(row)
    db.session.commit()
    return row, key


def presented_key() -> str | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return request.headers.get("X-Api-Key", "").strip() or None


def current_key() -> ApiKey | None:
    """The valid key this request carries, looked up once per request.

    ``g.api_bad_key`` records a key that was sent but is unknown or revoked: the request
    is refused with a 401 rather than served as anonymous, so a partner notices.
    """
    if "api_key" in g:
        return g.api_key
    key = presented_key()
    found = None
    if key is not None:
        found = db.session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(key),
                                                       ApiKey.revoked_at.is_(None)))
        g.api_bad_key = found is None
        now = utcnow()
        if found is not None and (found.last_used_at is None
                                  or now - found.last_used_at > LAST_USED_EVERY):
            found.last_used_at = now
            db.session.commit()
    g.api_key = found
    return found


def client_id() -> str:
    """The rate limit's key: the partner's key, else the client's address."""
    found = current_key()
    return f"key:{found.id}" if found is not None else f"ip:{request.remote_addr}"


def client_limit() -> str:
    """The rate limit of this client: the key's own, else the site's anonymous limit."""
    found = current_key()
    if found is not None:
        return found.rate_limit
    return current_app.config.get("API_RATE_LIMIT", "120 per minute")
