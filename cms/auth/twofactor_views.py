"""The user's own two-factor pages under /account/two-factor: enrol, new recovery codes,
switch off. Recovery codes appear in the one response that made them, never in a flash
message (which would travel in the session cookie)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cms.auth import twofactor
from cms.auth.forms import TwoFactorConfirmForm, TwoFactorEnableForm
from cms.auth.passwords import verify_password
from cms.auth.sessions import login_rate_limit
from cms.extensions import limiter
from cms.site import site_settings

bp = Blueprint("two_factor", __name__, url_prefix="/account/two-factor")


def _me():
    """The signed-in User itself: queries and refreshes need the object, not the proxy."""
    return current_user._get_current_object()


def _render(status: int = 200, **context) -> tuple[str, int]:
    user = _me()
    if user.two_factor_enabled:
        context.setdefault("confirm_form", TwoFactorConfirmForm(formdata=None))
        context["codes_left"] = twofactor.recovery_codes_left(user)
    else:
        secret = twofactor.pending_secret(user)
        uri = twofactor.provisioning_uri(user, secret, site_settings()["site_name"])
        context.setdefault("enable_form", TwoFactorEnableForm(formdata=None))
        context["qr"] = twofactor.qr_svg(uri, _("Kode QR untuk aplikasi autentikator"))
        context["secret"] = twofactor.grouped(secret)
        context["required"] = twofactor.is_required(user)
    return render_template("auth/two_factor.html", user=user, **context), status


def _proof(form: TwoFactorConfirmForm) -> bool:
    """A current code or the password, whichever the user typed."""
    if form.code.data:
        return twofactor.check_code(_me(), form.code.data)
    if form.password.data:
        return verify_password(_me().password_hash, form.password.data)[0]
    return False


@bp.route("", methods=["GET"])
@login_required
def page():
    return _render()


@bp.route("/enable", methods=["POST"])
@limiter.limit(login_rate_limit)
@login_required
def enable():
    if current_user.two_factor_enabled:
        return redirect(url_for(".page"))
    form = TwoFactorEnableForm()
    if form.validate_on_submit():
        codes = twofactor.confirm_enrolment(_me(), form.code.data)
        if codes is not None:
            flash(_("Verifikasi dua langkah aktif."), "info")
            return _render(recovery_codes=codes)
        form.code.errors.append(_("Kode salah atau kedaluwarsa. Coba kode yang baru."))
    return _render(400, enable_form=form)


@bp.route("/recovery-codes", methods=["POST"])
@limiter.limit(login_rate_limit)
@login_required
def recovery_codes():
    form = TwoFactorConfirmForm()
    if not current_user.two_factor_enabled:
        return redirect(url_for(".page"))
    if form.validate_on_submit() and _proof(form):
        return _render(recovery_codes=twofactor.new_recovery_codes(_me()))
    form.code.errors.append(_("Tulis kode yang sekarang dari aplikasi, atau kata sandi Anda."))
    return _render(400, confirm_form=form)


@bp.route("/disable", methods=["POST"])
@limiter.limit(login_rate_limit)
@login_required
def disable():
    form = TwoFactorConfirmForm()
    if not current_user.two_factor_enabled:
        return redirect(url_for(".page"))
    if form.validate_on_submit() and _proof(form):
        twofactor.reset(_me())
        flash(_("Verifikasi dua langkah dimatikan."), "info")
        return redirect(url_for(".page"))
    form.code.errors.append(_("Tulis kode yang sekarang dari aplikasi, atau kata sandi Anda."))
    return _render(400, confirm_form=form)
