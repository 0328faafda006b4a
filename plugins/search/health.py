"""The search plugin's part of ``GET /healthz``: how long changes wait in the queue.

Every saved article waits in ``search_queue`` until the backend's writer applies it
(after the response of the request that saved it, or ``cms search drain``). A row
older than ``SEARCH_HEALTH_MAX_LAG`` seconds means no writer is draining the queue, and
readers' searches miss what the newsroom published since.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _
from sqlalchemy import func, select

from cms.api import HealthCheck, Plugin, db, hookimpl, utcnow
from plugins.search.models import QueueEntry

#: Seconds the oldest queued change may wait before the check fails.
DEFAULT_MAX_LAG_SECONDS = 300


@hookimpl
def warta_health_checks(plugin: Plugin, app: Flask) -> HealthCheck:
    """One query: how many changes wait, and since when the oldest."""
    limit = float(app.config.get("SEARCH_HEALTH_MAX_LAG") or DEFAULT_MAX_LAG_SECONDS)
    waiting, oldest = db.session.execute(
        select(func.count(), func.min(QueueEntry.queued_at))).one()
    lag = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
    detail = f"{waiting} waiting, oldest {lag:.0f} s"
    if lag <= limit:
        return HealthCheck("search-queue", True, detail)
    return HealthCheck("search-queue", False, detail,
                       _("tak ada penulis yang mengosongkan antrean pencarian: jalankan "
                         "`cms search drain`, lalu cari galat pencarian di log"))
