"""Admins' page under ``/admin/api``: partners' API keys (made, shown once, revoked)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from cms.api import Role, db, role_required, utcnow
from plugins.api import keys
from plugins.api.forms import ConfirmForm, KeyForm
from plugins.api.models import ApiKey

bp = Blueprint("api_admin", __name__, url_prefix="/admin/api")


def _page(key_form: KeyForm, new_key: str | None = None, status: int = 200):
    rows = db.session.scalars(select(ApiKey).order_by(ApiKey.created_at.desc())).all()
    return render_template("plugins/api/admin/index.html", keys=rows, key_form=key_form,
                           confirm=ConfirmForm(), new_key=new_key), status


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    return _page(KeyForm())


@bp.route("/keys", methods=["POST"])
@role_required(Role.ADMIN)
def create_key():
    form = KeyForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    _row, key = keys.create_key(form.name.data, form.rate_limit.data)
    # Shown on this answer only: the page after a redirect could not know it.
    return _page(KeyForm(formdata=None), new_key=key)


@bp.route("/keys/<int:key_id>/revoke", methods=["POST"])
@role_required(Role.ADMIN)
def revoke_key(key_id: int):
    row = db.get_or_404(ApiKey, key_id)
    if ConfirmForm().validate_on_submit() and row.revoked_at is None:
        row.revoked_at = utcnow()
        db.session.commit()
        flash(_("Kunci API %(name)s dicabut.", name=row.name), "info")
    return redirect(url_for("api_admin.index"))
