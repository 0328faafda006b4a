"""The admins' page for a WordPress export: upload it, follow the import, read the report.

The upload is stored under instance/ and imported in the background (``jobs.py``); the
admin is sent to the job's page, which refreshes itself until the report is there. The
upload is bounded by the site's ``MAX_CONTENT_LENGTH``; a bigger archive moves with
``cms import wordpress`` (docs/wordpress.md), and the page answering 413 says so.
"""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import BooleanField

from cms.api import Role, db, role_required
from plugins.wordpress import jobs
from plugins.wordpress.importer import Options
from plugins.wordpress.models import WordpressImportJob

logger = logging.getLogger(__name__)

bp = Blueprint("wordpress_admin", __name__, url_prefix="/admin/wordpress")

#: Seconds between reloads of a job's page while it runs.
REFRESH_SECONDS = 2


class ImportForm(FlaskForm):
    export = FileField(_l("Berkas ekspor WordPress (.xml)"), validators=[FileRequired()])
    dry_run = BooleanField(_l("Uji coba saja: tampilkan apa yang akan diimpor tanpa menulis"),
                           default=True)
    skip_bad = BooleanField(_l("Impor yang baik, laporkan butir yang bermasalah"))


class RestartForm(FlaskForm):
    """Only the CSRF token: starting an interrupted job again is a POST."""


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """An export over the site's upload limit, whether the CSRF check or the form met it."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    message = _("Berkas lebih besar dari batas unggahan situs (%(size)s MB, pengaturan "
                "MAX_CONTENT_LENGTH). Pindahkan arsip besar dengan perintah cms import wordpress.",
                size=round(limit / (1024 * 1024), 1))
    return render_template("plugins/wordpress/admin/too_large.html", message=message), 413


def _render_index(form: ImportForm, refused: bool = False):
    return render_template("plugins/wordpress/admin/import.html", form=form,
                           running=jobs.running_job(), refused=refused,
                           recent=jobs.recent_jobs()), 409 if refused else 200


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def index():
    form = ImportForm()
    if not form.validate_on_submit():
        return _render_index(form)
    options = Options(dry_run=form.dry_run.data, skip_bad=form.skip_bad.data)
    try:
        job = jobs.start_job(form.export.data, options, current_user)
    except jobs.JobRefused:
        return _render_index(form, refused=True)
    except OSError as exc:
        logger.exception("the WordPress export could not be stored")
        abort(503, description=_("Berkas tidak bisa disimpan di server (%(reason)s). Periksa "
                                 "ruang disk folder instance, lalu coba lagi.",
                                 reason=exc.strerror or exc))
    return redirect(url_for(".job", job_id=job.id), 303)


@bp.route("/jobs/<int:job_id>")
@role_required(Role.ADMIN)
def job(job_id: int):
    found = db.get_or_404(WordpressImportJob, job_id)
    interrupted = jobs.is_interrupted(found)
    refresh = found.status in jobs.ACTIVE and not interrupted
    return render_template("plugins/wordpress/admin/job.html", job=found,
                           interrupted=interrupted, refresh=refresh and REFRESH_SECONDS,
                           restart=RestartForm())


@bp.route("/jobs/<int:job_id>/restart", methods=["POST"])
@role_required(Role.ADMIN)
def restart(job_id: int):
    found = db.get_or_404(WordpressImportJob, job_id)
    if not RestartForm().validate_on_submit() or not jobs.is_interrupted(found):
        return redirect(url_for(".job", job_id=job_id), 303)
    try:
        jobs.restart_job(found)
    except jobs.JobRefused:
        return _render_index(ImportForm(), refused=True)
    except FileNotFoundError:
        abort(410, description=_("Berkas ekspor pekerjaan ini sudah tidak ada. Unggah lagi."))
    return redirect(url_for(".job", job_id=job_id), 303)
