"""The admins' page for a WordPress export: upload it, rehearse or import, read the report.

The import runs inside the request, so this page suits the small sites and rehearsals a
request has time for (and the site's upload limit, ``MAX_CONTENT_LENGTH``, allows); a big
archive moves with ``cms import wordpress`` (docs/wordpress.md).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField

from cms.api import Role, role_required
from plugins.wordpress.importer import Options, import_wordpress
from plugins.wordpress.report import WordpressReport

bp = Blueprint("wordpress_admin", __name__, url_prefix="/admin/wordpress")


class ImportForm(FlaskForm):
    export = FileField(_l("Berkas ekspor WordPress (.xml)"), validators=[FileRequired()])
    dry_run = BooleanField(_l("Uji coba saja: tampilkan apa yang akan diimpor tanpa menulis"),
                           default=True)
    skip_bad = BooleanField(_l("Impor yang baik, laporkan butir yang bermasalah"))


def import_upload(upload: FileStorage, options: Options) -> WordpressReport:
    """Copy the upload to a temporary file (read three times, as a stream) and import it."""
    folder = Path(current_app.instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix="wordpress-", suffix=".xml") as copy:
        upload.save(copy)
        copy.flush()
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        return import_wordpress(Path(copy.name), zone, options)


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def index():
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        options = Options(dry_run=form.dry_run.data, skip_bad=form.skip_bad.data)
        report = import_upload(form.export.data, options)
    return render_template("plugins/wordpress/admin/import.html", form=form, report=report,
                           dry_run=form.dry_run.data)
