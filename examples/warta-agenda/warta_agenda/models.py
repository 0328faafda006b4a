"""The plugin's one table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from cms.api import db, utcnow


class Event(db.Model):
    __tablename__ = "agenda_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(index=True)  # naive UTC, like Warta's times
    place: Mapped[str] = mapped_column(String(200))
    organiser: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


def upcoming(limit: int) -> list[Event]:
    return db.session.scalars(select(Event).where(Event.starts_at >= utcnow())
                              .order_by(Event.starts_at).limit(limit)).all()


def past(limit: int = 20) -> list[Event]:
    return db.session.scalars(select(Event).where(Event.starts_at < utcnow())
                              .order_by(Event.starts_at.desc()).limit(limit)).all()
