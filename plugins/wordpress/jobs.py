"""The WordPress import started from the admin page, run in the background.

A thread in the web process runs it, which suits the single-server sites this page is for;
the row in ``wordpress_import_job`` is the truth that every page load and every worker
reads. One job runs at a time per site. The thread touches the row's ``heartbeat`` while it
lives, so a job left queued or running by a process that died is seen as interrupted once
its heartbeat is older than ``WORDPRESS_JOB_STALE_SECONDS``, and may be started again from
the same stored file (a re-run never duplicates what was imported).

The export is stored under ``instance/wordpress-imports/`` with a unique name and removed
when the job ends. With ``WORDPRESS_JOBS_INLINE`` (the tests) the job runs inside the
request that starts it.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from werkzeug.datastructures import FileStorage

from cms.api import User, db, utcnow
from plugins.wordpress.importer import Options, import_wordpress
from plugins.wordpress.models import WordpressImportJob
from plugins.wordpress.report import WordpressReport

logger = logging.getLogger(__name__)

FOLDER = "wordpress-imports"
ACTIVE = ("queued", "running")
#: The passes over the items, in order (see importer.py); "read" comes before them.
PASSES = ("check", "media", "write")
HEARTBEAT_SECONDS = 15
PROGRESS_SECONDS = 1.0


class JobRefused(Exception):
    """Another import is still running on this site (``job``, unless it just ended)."""

    def __init__(self, job: WordpressImportJob | None) -> None:
        super().__init__("another WordPress import job is still running")
        self.job = job


def _stale_after() -> timedelta:
    return timedelta(seconds=current_app.config.get("WORDPRESS_JOB_STALE_SECONDS", 120))


def is_interrupted(job: WordpressImportJob) -> bool:
    """Queued or running, but the process that ran it stopped touching the heartbeat."""
    return job.status in ACTIVE and job.heartbeat < utcnow() - _stale_after()


def running_job() -> WordpressImportJob | None:
    """The job that still runs on this site, if any (an interrupted one does not count)."""
    jobs = db.session.scalars(select(WordpressImportJob)
                              .where(WordpressImportJob.status.in_(ACTIVE))
                              .order_by(WordpressImportJob.id.desc()))
    return next((job for job in jobs if not is_interrupted(job)), None)


def recent_jobs(limit: int = 10) -> list[WordpressImportJob]:
    return list(db.session.scalars(select(WordpressImportJob)
                                   .order_by(WordpressImportJob.id.desc()).limit(limit)))


def stored_file(job: WordpressImportJob) -> Path:
    return Path(current_app.instance_path) / FOLDER / job.file


def _take_slot(job: WordpressImportJob) -> None:
    """Give ``job`` the site's one import slot, freeing it from an interrupted job first.

    :raises JobRefused: a live job holds the slot (the unique constraint said so).
    """
    db.session.execute(update(WordpressImportJob)
                       .where(WordpressImportJob.slot.is_not(None),
                              WordpressImportJob.heartbeat < utcnow() - _stale_after())
                       .values(slot=None))
    job.slot = 1
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise JobRefused(running_job()) from None


def start_job(upload: FileStorage, options: Options, user: User) -> WordpressImportJob:
    """Store the upload under instance/ and run its import in the background.

    :raises JobRefused: another import is still running.
    """
    busy = running_job()
    if busy is not None:
        raise JobRefused(busy)
    folder = Path(current_app.instance_path) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.xml"
    upload.save(folder / name)
    job = WordpressImportJob(file=name, filename=(upload.filename or "")[:200],
                             dry_run=options.dry_run, skip_bad=options.skip_bad,
                             user_id=user.id, heartbeat=utcnow())
    db.session.add(job)
    try:
        _take_slot(job)
    except JobRefused:
        (folder / name).unlink(missing_ok=True)
        raise
    _launch(job.id)
    return job


def restart_job(job: WordpressImportJob) -> WordpressImportJob:
    """Run an interrupted job again from its stored file, or refuse like :func:`start_job`.

    :raises JobRefused: another import is still running.
    :raises FileNotFoundError: the stored export is gone; upload it again.
    """
    busy = running_job()
    if busy is not None:
        raise JobRefused(busy)
    if not stored_file(job).is_file():
        raise FileNotFoundError(job.file)
    job.status, job.phase, job.heartbeat = "queued", "read", utcnow()
    job.items_done = job.items_total = 0
    job.report = ""
    _take_slot(job)
    _launch(job.id)
    return job


def _launch(job_id: int) -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("WORDPRESS_JOBS_INLINE"):
        run_job(app, job_id)
        return
    threading.Thread(target=run_job, args=(app, job_id), name=f"wordpress-import-{job_id}",
                     daemon=True).start()


def _touch(app: Flask, job_id: int, **values: object) -> None:
    """Write progress on a connection of its own: the importer's session commits and rolls
    back its batches, and must neither carry nor lose these writes."""
    try:
        with db.engine.begin() as connection:
            connection.execute(update(WordpressImportJob)
                               .where(WordpressImportJob.id == job_id)
                               .values(heartbeat=utcnow(), **values))
    except SQLAlchemyError:
        logger.warning("could not record the progress of WordPress import job %s", job_id,
                       exc_info=True)


class Progress:
    """The importer's progress callback: which pass it is in and how many items it read.

    The first pass counts every item, so from the second on the total is known. The row is
    written at most once a second, and at the start of each pass.
    """

    def __init__(self, app: Flask, job_id: int) -> None:
        self.app = app
        self.job_id = job_id
        self.pass_number = 0
        self.total = 0
        self.last = 0
        self.written_at = 0.0

    def __call__(self, read: int) -> None:
        if read == 1:
            if self.pass_number == 1:
                self.total = self.last
            self.pass_number += 1
        self.last = read
        now = time.monotonic()
        if read == 1 or now - self.written_at >= PROGRESS_SECONDS:
            self.written_at = now
            phase = PASSES[min(self.pass_number, len(PASSES)) - 1]
            _touch(self.app, self.job_id, phase=phase, items_done=read,
                   items_total=self.total)


def _heartbeat(app: Flask, job_id: int, stop: threading.Event) -> None:
    """Keep the heartbeat fresh through long stretches without items (a big first read)."""
    with app.app_context():
        while not stop.wait(HEARTBEAT_SECONDS):
            _touch(app, job_id)


def run_job(app: Flask, job_id: int) -> None:
    """Run one job to its end; every failure ends it as failed with the reason, never raises."""
    with app.app_context():
        job = db.session.get(WordpressImportJob, job_id)
        if job is None:
            return
        job.status, job.started_at, job.heartbeat = "running", utcnow(), utcnow()
        db.session.commit()
        path, filename, dry_run = stored_file(job), job.filename or job.file, job.dry_run
        options = Options(dry_run=dry_run, skip_bad=job.skip_bad,
                          progress=Progress(app, job_id))
        zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])
        stop = threading.Event()
        beat = threading.Thread(target=_heartbeat, args=(app, job_id, stop), daemon=True)
        beat.start()
        try:
            report = import_wordpress(path, zone, options)
        except Exception as exc:  # a job ends, whatever happened; the log keeps the trace
            logger.exception("WordPress import job %s failed", job_id)
            db.session.rollback()
            _finish(job_id, "failed", f"{filename}: {type(exc).__name__}: {exc}",
                    WordpressReport())
        else:
            failed = bool(report.errors) and not options.skip_bad
            _finish(job_id, "failed" if failed else "done",
                    report_text(filename, report, dry_run), report)
        finally:
            stop.set()
            path.unlink(missing_ok=True)


def report_text(filename: str, report: WordpressReport, dry_run: bool) -> str:
    """The report as the command prints it, each problem first as FILE:LINE: reason."""
    problems = [f"{filename}:{error.line}: {error.reason}" for error in report.errors]
    return "\n".join([*problems, *report.lines(dry_run)])


def _finish(job_id: int, status: str, text: str, report: WordpressReport) -> None:
    job = db.session.get(WordpressImportJob, job_id)
    if job is None:
        return
    job.status, job.phase, job.report, job.finished_at = status, "end", text, utcnow()
    job.heartbeat, job.slot = utcnow(), None
    job.created = sum(report.created.values())
    job.updated = sum(report.updated.values())
    job.unchanged = sum(report.unchanged.values())
    job.errors = len(report.errors)
    db.session.commit()
