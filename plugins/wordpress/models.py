"""What the WordPress import remembers between runs: items it made and old addresses."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cms.api import db, utcnow


class WordpressItem(db.Model):
    """One WordPress post, page or attachment and what it became here.

    Keyed by WordPress's post id (unique across post types in one site) with its guid kept
    to notice an export of another site; ``checksum`` is the imported item's fingerprint,
    so an unchanged item is skipped on a re-run and an edited one updated.
    """

    __tablename__ = "wordpress_item"

    wp_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    guid: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[str] = mapped_column(String(20))  # "article", "page" or "media"
    target_id: Mapped[int] = mapped_column()
    checksum: Mapped[str] = mapped_column(String(64), default="")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class WordpressRedirect(db.Model):
    """An old WordPress address (path, or ``/?p=12`` style query) and what answers it now.

    The target is a kind and an id, not a URL, so the redirect follows later slug changes.
    """

    __tablename__ = "wordpress_redirect"

    path: Mapped[str] = mapped_column(String(500), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # article, page, category, tag, author, feed
    target_id: Mapped[int] = mapped_column(default=0)


class WordpressImportJob(db.Model):
    """One import started from the admin page, run in the background (see ``jobs.py``).

    The row, not the thread, is the truth: a page reload or another worker reads it, and
    a job whose ``heartbeat`` stops moving was left by a process that died. ``slot`` is 1
    while a job holds the site's one import slot and NULL otherwise; its unique constraint
    lets the database, not a check-then-insert, refuse a second job started at the same time.
    """

    __tablename__ = "wordpress_import_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")  # running, done, failed
    phase: Mapped[str] = mapped_column(String(20), default="read")
    file: Mapped[str] = mapped_column(String(100))  # the stored copy under instance/
    filename: Mapped[str] = mapped_column(String(200), default="")  # as uploaded
    dry_run: Mapped[bool] = mapped_column(default=True)
    skip_bad: Mapped[bool] = mapped_column(default=False)
    items_done: Mapped[int] = mapped_column(default=0)
    items_total: Mapped[int] = mapped_column(default=0)  # 0 until the first pass has counted
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    report: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    heartbeat: Mapped[datetime] = mapped_column(default=utcnow)
    slot: Mapped[int | None] = mapped_column(unique=True)


MODELS = (WordpressItem, WordpressRedirect, WordpressImportJob)
