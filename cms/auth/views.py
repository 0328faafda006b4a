"""Login, logout and password change."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cms.auth import services
from cms.auth.forms import LoginForm, PasswordChangeForm
from cms.auth.passwords import PasswordPolicyError, verify_password
from cms.auth.sessions import log_in, log_out
from cms.extensions import limiter

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site; anything else (other hosts too) is dropped."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            log_in(user, remember=form.remember.data)
            return redirect(safe_next(form.next.data) or url_for("admin.dashboard"))
        flash(_("Email atau kata sandi salah."), "error")
    elif current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data) or url_for("admin.dashboard"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    log_out()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
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
