"""What editors change, in one place: every change readers see ends with ``invalidate``.

Readers' pages are kept in the page cache until something they could see changes. A
change that does not call :func:`cms.api.invalidate` after its commit stays invisible to
anonymous readers until the cache expires, so every write of this plugin goes through here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from cms.api import db, invalidate
from warta_agenda.models import Event


def add_event(*, title: str, starts_local: datetime, zone: str, place: str, organiser: str,
              description: str = "") -> Event:
    """Store an event whose time an editor gave in the site's zone; readers see it at once."""
    starts = starts_local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC).replace(tzinfo=None)
    event = Event(title=title, starts_at=starts, place=place, organiser=organiser,
                  description=description)
    db.session.add(event)
    db.session.commit()
    invalidate()
    return event
