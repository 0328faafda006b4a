"""Pages reached without a password: "Lupa kata sandi?" and the links mail brings.

A link's token is moved from the address into the session at once (the way Django's
reset view does), so the page where the password is typed has a plain address: the
token then never reaches another site in a Referer, nor the browser's history.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from cms.auth import accounts
from cms.auth.passwords import PasswordPolicyError
from cms.auth.recovery_forms import ForgotPasswordForm, NewPasswordForm
from cms.auth.services import UserError
from cms.auth.tokens import Purpose, TokenExpired, TokenInvalid, load_token
from cms.extensions import limiter
from cms.mail import MailError, mail_configured

bp = Blueprint("recovery", __name__)

TOKEN_KEY = "warta_account_token"
MAX_TOKEN_LENGTH = 256  # the site's own are about 100 characters


def init_app(app: Flask) -> None:
    accounts.init_app(app)
    app.register_blueprint(bp)


def _reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


def _asked_address() -> str:
    return "reset-address:" + (request.form.get("email") or "").strip().lower()


@bp.route("/login/forgot", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
@limiter.limit(_reset_limit, methods=["POST"], key_func=_asked_address)
def forgot():
    if not mail_configured():
        return render_template("auth/forgot.html", form=None)
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.request_password_reset(form.email.data)
        except UserError as exc:
            form.email.errors.append(str(exc))
        except MailError:
            flash(_("Email tidak dapat dikirim saat ini. Coba lagi beberapa saat lagi; bila "
                    "tetap gagal, hubungi admin situs."), "error")
            return redirect(url_for("recovery.forgot"))
        else:
            flash(_("Jika alamat itu terdaftar, tautan untuk mengatur ulang kata sandi sudah "
                    "dikirim ke sana. Periksa kotak masuk (dan folder spam) Anda."), "info")
            return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/account/reset/<token>")
def reset(token: str):
    return _stash(Purpose.RESET, token)


@bp.route("/account/invitation/<token>")
def invitation(token: str):
    return _stash(Purpose.INVITATION, token)


def _stash(purpose: Purpose, token: str):
    if len(token) > MAX_TOKEN_LENGTH:  # would swell the session cookie; no token is this long
        return _refused(purpose, _("Tautan ini tidak berlaku atau sudah dipakai."))
    session[TOKEN_KEY] = [purpose.value, token]
    return redirect(url_for("recovery.new_password"))


@bp.route("/account/new-password", methods=["GET", "POST"])
def new_password():
    stashed = session.get(TOKEN_KEY)
    try:
        purpose, token = Purpose(stashed[0]), str(stashed[1])
    except (TypeError, ValueError, IndexError):
        return _refused(Purpose.RESET, _("Buka tautan dari email Anda untuk mengatur kata sandi."))
    try:
        user = load_token(token, purpose)
    except TokenExpired:
        return _refused(purpose, _("Tautan ini sudah kedaluwarsa."))
    except TokenInvalid:
        return _refused(purpose, _("Tautan ini tidak berlaku atau sudah dipakai."))
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(user, form.new_password.data)
        except PasswordPolicyError as exc:
            form.new_password.errors.append(str(exc))
        else:
            session.pop(TOKEN_KEY, None)
            flash(_("Kata sandi disimpan. Silakan masuk dengan kata sandi baru."), "info")
            return redirect(url_for("auth.login"))
    return render_template("auth/new_password.html", form=form, user=user,
                           invitation=purpose is Purpose.INVITATION)


def _refused(purpose: Purpose, message: str):
    session.pop(TOKEN_KEY, None)
    return render_template("auth/link_refused.html", message=message,
                           invitation=purpose is Purpose.INVITATION), 400
