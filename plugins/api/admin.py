"""Admins' pages under ``/admin/api``: partners' API keys (made, shown once, revoked) and
webhook endpoints (registered with a secret shown once; their deliveries, redelivered)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from cms.api import Role, db, role_required, utcnow
from plugins.api import keys, webhooks
from plugins.api.forms import ConfirmForm, KeyForm, WebhookForm
from plugins.api.models import ApiKey, Webhook, WebhookDelivery

bp = Blueprint("api_admin", __name__, url_prefix="/admin/api")


DELIVERIES_SHOWN = 50


def _page(key_form: KeyForm | None = None, webhook_form: WebhookForm | None = None,
          new_key: str | None = None, new_secret: str | None = None, status: int = 200):
    rows = db.session.scalars(select(ApiKey).order_by(ApiKey.created_at.desc())).all()
    hooks = db.session.scalars(select(Webhook).order_by(Webhook.id)).all()
    return render_template(
        "plugins/api/admin/index.html", keys=rows, webhooks=hooks,
        key_form=key_form or KeyForm(formdata=None),
        webhook_form=webhook_form or WebhookForm(formdata=None), confirm=ConfirmForm(),
        new_key=new_key, new_secret=new_secret), status


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    return _page()


@bp.route("/keys", methods=["POST"])
@role_required(Role.ADMIN)
def create_key():
    form = KeyForm()
    if not form.validate_on_submit():
        return _page(key_form=form, status=400)
    _row, key = keys.create_key(form.name.data, form.rate_limit.data)
    # Shown on this answer only: the page after a redirect could not know it.
    return _page(new_key=key)


@bp.route("/keys/<int:key_id>/revoke", methods=["POST"])
@role_required(Role.ADMIN)
def revoke_key(key_id: int):
    row = db.get_or_404(ApiKey, key_id)
    if ConfirmForm().validate_on_submit() and row.revoked_at is None:
        row.revoked_at = utcnow()
        db.session.commit()
        flash(_("Kunci API %(name)s dicabut.", name=row.name), "info")
    return redirect(url_for("api_admin.index"))


@bp.route("/webhooks", methods=["POST"])
@role_required(Role.ADMIN)
def create_webhook():
    form = WebhookForm()
    if not form.validate_on_submit():
        return _page(webhook_form=form, status=400)
    problem = webhooks.check_url(form.url.data)
    if problem:
        form.url.errors.append(problem)
        return _page(webhook_form=form, status=400)
    secret = webhooks.new_secret()
    db.session.add(Webhook(url=form.url.data.strip(), events=" ".join(form.events.data),
                           secret=secret, description=(form.description.data or "").strip()))
    db.session.commit()
    return _page(new_secret=secret)


@bp.route("/webhooks/<int:webhook_id>")
@role_required(Role.ADMIN)
def webhook(webhook_id: int):
    found = db.get_or_404(Webhook, webhook_id)
    deliveries = db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.webhook_id == found.id)
        .order_by(WebhookDelivery.id.desc()).limit(DELIVERIES_SHOWN)).all()
    return render_template("plugins/api/admin/webhook.html", webhook=found,
                           deliveries=deliveries, confirm=ConfirmForm())


@bp.route("/webhooks/<int:webhook_id>/toggle", methods=["POST"])
@role_required(Role.ADMIN)
def toggle_webhook(webhook_id: int):
    found = db.get_or_404(Webhook, webhook_id)
    if ConfirmForm().validate_on_submit():
        found.active = not found.active
        db.session.commit()
    return redirect(url_for("api_admin.webhook", webhook_id=found.id))


@bp.route("/webhooks/<int:webhook_id>/delete", methods=["POST"])
@role_required(Role.ADMIN)
def delete_webhook(webhook_id: int):
    found = db.get_or_404(Webhook, webhook_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(found)
        db.session.commit()
        flash(_("Webhook %(url)s dihapus.", url=found.url), "info")
    return redirect(url_for("api_admin.index"))


@bp.route("/deliveries/<int:delivery_id>/redeliver", methods=["POST"])
@role_required(Role.ADMIN)
def redeliver(delivery_id: int):
    found = db.get_or_404(WebhookDelivery, delivery_id)
    if ConfirmForm().validate_on_submit():
        webhooks.redeliver(found)
        flash(_("Pengiriman dijadwalkan ulang."), "info")
    return redirect(url_for("api_admin.webhook", webhook_id=found.webhook_id))
