"""Warta's one clock: the current time as the database stores it.

Every stored time is naive UTC, the same on SQLite and PostgreSQL columns without time
zone; the site's zone (WIB, WITA, WIT) is applied only when a time is shown
(:mod:`cms.dates`). Tests that need another moment patch :func:`utcnow` where it is used.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, in UTC without a time zone attached: what stored times are compared with."""
    return datetime.now(UTC).replace(tzinfo=None)
