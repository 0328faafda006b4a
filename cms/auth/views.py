"""Login (with its second step for two-factor sign-in), logout and password change."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cms.auth import services, twofactor, twofactor_login
from cms.auth.forms import LoginForm, PasswordChangeForm, TwoFactorLoginForm
from cms.auth.passwords import PasswordPolicyError, verify_password
from cms.auth.sessions import log_in, log_out, login_rate_limit
from cms.auth.twofactor_views import bp as two_factor_bp
from cms.extensions import limiter
from cms.models import User

bp = Blueprint("auth", __name__)
bp.register_blueprint(two_factor_bp)

#: What a user who must enrol in two-factor sign-in may still open: the enrolment pages
#: (their blueprint), logging out, and the files pages need.
OPEN_DURING_ENROLMENT = frozenset({"auth.logout", "static", "theme_static", "site_css",
                                   "site_logo"})


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site; anything else (other hosts too) is dropped."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            target = safe_next(form.next.data) or url_for("admin.dashboard")
            if user.two_factor_enabled and not twofactor_login.is_remembered(user):
                twofactor_login.begin(user, form.remember.data, target)
                return redirect(url_for("auth.two_factor_login"))
            log_in(user, remember=form.remember.data)
            return redirect(_after_login(user, target))
        flash(_("Email atau kata sandi salah."), "error")
    elif current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data) or url_for("admin.dashboard"))
    return render_template("auth/login.html", form=form)


@bp.route("/login/two-factor", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
@limiter.limit(login_rate_limit, methods=["POST"], key_func=twofactor_login.rate_limit_key)
def two_factor_login():
    pending = twofactor_login.current()
    if pending is None:
        flash(_("Waktu untuk kode verifikasi habis. Silakan masuk lagi."), "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorLoginForm()
    if form.validate_on_submit():
        if twofactor.verify_second_factor(pending.user, form.code.data):
            log_in(pending.user, remember=pending.remember)
            response = redirect(safe_next(pending.next) or url_for("admin.dashboard"))
            if form.remember.data:
                twofactor_login.remember_device(pending.user, response)
            return response
        if not twofactor_login.count_failure():
            flash(_("Terlalu banyak kode salah. Silakan masuk lagi."), "error")
            return redirect(url_for("auth.login"))
        form.code.errors.append(_("Kode salah, kedaluwarsa atau sudah dipakai."))
    return render_template("auth/two_factor_login.html", form=form,
                           remember_days=twofactor.policy().remember_days)


def _after_login(user: User, target: str) -> str:
    if twofactor.must_enrol(user):
        flash(_("Peran Anda wajib memakai verifikasi dua langkah. Aktifkan sekarang."), "info")
        return url_for("auth.two_factor.page")
    return target


@bp.before_app_request
def send_to_enrolment():
    """Keep a user whose role requires two-factor sign-in on the enrolment page until done."""
    endpoint = request.endpoint
    if (not request.cookies or endpoint is None or endpoint in OPEN_DURING_ENROLMENT
            or (request.blueprint or "").startswith("auth.two_factor")):
        return None
    if current_user.is_authenticated and twofactor.must_enrol(current_user):
        return redirect(url_for("auth.two_factor.page"))
    return None


@bp.route("/logout", methods=["POST"])
def logout():
    log_out()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        ok, _unused = verify_password(current_user.password_hash, form.current_password.data)
        if not ok:
            form.current_password.errors.append(_("Kata sandi sekarang salah."))
        else:
            try:
                services.change_password(current_user, form.new_password.data)
            except PasswordPolicyError as exc:
                form.new_password.errors.append(str(exc))
            else:
                flash(_("Kata sandi diganti. Sesi di perangkat lain sudah diakhiri."), "info")
                return redirect(url_for("admin.dashboard"))
    return render_template("auth/password.html", form=form)
