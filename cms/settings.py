"""Read and write per-site settings (the ``setting`` table) by key."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import OperationalError, ProgrammingError

from cms.extensions import db
from cms.models import Setting


def get_setting(key: str, default: Any = None) -> Any:
    """The stored value, or ``default`` when unset or the database is not migrated yet."""
    try:
        row = db.session.get(Setting, key)
    except (OperationalError, ProgrammingError):
        db.session.rollback()
        return default
    return default if row is None else row.value


def set_setting(key: str, value: Any) -> None:
    """Store ``value`` (anything JSON can hold) and commit."""
    row = db.session.get(Setting, key) or Setting(key=key)
    row.value = value
    db.session.add(row)
    db.session.commit()
