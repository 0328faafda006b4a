"""Media files kept in the database, for sites that run several app servers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from cms.clock import utcnow
from cms.extensions import db


class MediaBlob(db.Model):
    """One file of the ``database`` media store (``cms.storage.database``).

    One row per file rather than chunks: stored images are re-encoded and at most a few
    megabytes, which PostgreSQL hands over in one round trip; ``size`` and
    ``created_at`` let a server check its disk cache without reading ``data``.
    """

    __tablename__ = "media_blob"

    path: Mapped[str] = mapped_column(String(255), primary_key=True)
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
