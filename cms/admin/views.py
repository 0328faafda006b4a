"""Admin pages. Views stay thin: each parses input, calls a service, renders."""

from __future__ import annotations

import secrets

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from cms import branding
from cms.admin.forms import (
    SiteSettingsForm,
    UserCreateForm,
    UserEmailForm,
    UserInviteForm,
    UserRoleForm,
)
from cms.auth import accounts, twofactor
from cms.auth import services as user_services
from cms.auth.forms import TwoFactorPolicyForm
from cms.auth.passwords import PasswordPolicyError
from cms.auth.permissions import role_required
from cms.dbmigrate import CORE_LINEAGE, pending_migrations
from cms.extensions import db
from cms.mail import MailError, mail_configured
from cms.models import ROLES, Role, User
from cms.plugin_settings import plugin_settings, save_plugin_settings
from cms.pluginmanager import get_manager, set_plugin_enabled
from cms.site import BRAND_UPLOADS, SITE_SETTINGS, site_settings, update_site_settings
from cms.themes import ThemeError, get_registry, use_theme

bp = Blueprint("admin", __name__)


@bp.route("/")
@role_required(Role.PARTNER)
def dashboard():
    return render_template("admin/dashboard.html")


@bp.route("/plugins")
@role_required(Role.ADMIN)
def plugins():
    manager = get_manager()
    stored = manager.stored_states()
    records = sorted(manager.records.values(), key=lambda r: r.name)
    dependents: dict[str, list[str]] = {}
    for record in records:
        for needed in record.plugin.requires_plugins if record.plugin else ():
            dependents.setdefault(needed, []).append(record.name)
    return render_template("admin/plugins.html", records=records, stored=stored,
                           dependents=dependents, pending=[name for name in pending_migrations()
                                                    if name != CORE_LINEAGE])


@bp.route("/plugins/<name>/<any(enable, disable):action>", methods=["POST"])
@role_required(Role.ADMIN)
def plugin_toggle(name: str, action: str):
    manager = get_manager()
    if name not in manager.records:
        abort(404)
    set_plugin_enabled(name, action == "enable")
    flash(_("Perubahan plugin %(name)s berlaku setelah server dimuat ulang.", name=name), "info")
    return redirect(url_for("admin.plugins"))


@bp.route("/plugins/<name>/settings", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def plugin_settings_page(name: str):
    record = get_manager().records.get(name)
    if record is None or record.settings is None or record.status.value != "loaded":
        abort(404)
    form = record.settings.form_class(data=plugin_settings(name))
    if form.validate_on_submit():
        values = {k: v for k, v in form.data.items() if k != "csrf_token"}
        save_plugin_settings(name, values)
        flash(_("Pengaturan disimpan."), "info")
        return redirect(url_for("admin.plugin_settings_page", name=name))
    return render_template("admin/plugin_settings.html", form=form, record=record)


@bp.route("/themes")
@role_required(Role.ADMIN)
def themes():
    return render_template("admin/themes.html", registry=get_registry())


@bp.route("/themes/<name>/use", methods=["POST"])
@role_required(Role.ADMIN)
def theme_use(name: str):
    if name not in get_registry().themes and name not in get_registry().errors:
        abort(404)
    try:
        use_theme(current_app, name)
    except ThemeError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Tema %(name)s sekarang aktif.", name=name), "info")
    return redirect(url_for("admin.themes"))


@bp.route("/users", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def users():
    form = UserCreateForm()
    if form.validate_on_submit():
        password = form.password.data or secrets.token_urlsafe(12)
        try:
            user = user_services.create_user(
                form.email.data, form.name.data, form.role.data, password
            )
        except (user_services.UserError, PasswordPolicyError) as exc:
            flash(str(exc), "error")
        else:
            flash(_("Pengguna %(email)s dibuat.", email=user.email), "info")
            if form.password.data:
                return redirect(url_for("admin.users"))
            # Shown once in this response: a flash message would travel in the cookie.
            return _users_page(UserCreateForm(formdata=None), new_password=password,
                               new_user=user)
    return _users_page(form)


def _users_page(form: UserCreateForm, invite_form: UserInviteForm | None = None,
                **extra) -> str:
    people = db.session.scalars(db.select(User).order_by(User.name)).all()
    return render_template(
        "admin/users.html", form=form, people=people, roles=ROLES,
        invite_form=invite_form or UserInviteForm(formdata=None, prefix="invite"),
        mail_configured=mail_configured(), can_receive_mail=accounts.can_receive_mail,
        **extra)


@bp.route("/users/invite", methods=["POST"])
@role_required(Role.ADMIN)
def user_invite():
    if not mail_configured():
        abort(400, _("Situs ini belum dapat mengirim email: tambahkan pengguna dengan kata "
                     "sandi, atau dengan perintah cms users create."))
    form = UserInviteForm(prefix="invite")
    if not form.validate_on_submit():
        return _users_page(UserCreateForm(formdata=None), invite_form=form), 400
    try:
        user = accounts.invite(form.email.data, form.name.data, form.role.data, current_user)
    except user_services.UserError as exc:
        form.email.errors.append(str(exc))
        return _users_page(UserCreateForm(formdata=None), invite_form=form), 400
    except MailError as exc:
        return _back_to_users(_("Akun %(email)s dibuat, tetapi undangannya tidak terkirim: "
                                "%(reason)s Kirim ulang undangan dari daftar pengguna.",
                                email=user_services.normalize_email(form.email.data),
                                reason=str(exc)), "error")
    return _back_to_users(_("Undangan dikirim ke %(email)s.", email=user.email))


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@role_required(Role.ADMIN)
def user_reinvite(user_id: int):
    user = _other_user(user_id)
    try:
        accounts.send_invitation(user, current_user)
    except (user_services.UserError, MailError) as exc:
        return _back_to_users(_("Undangan untuk %(email)s tidak terkirim: %(reason)s",
                                email=user.email, reason=str(exc)), "error")
    return _back_to_users(_("Undangan dikirim ulang ke %(email)s.", email=user.email))


@bp.route("/users/<int:user_id>/email", methods=["POST"])
@role_required(Role.ADMIN)
def user_email(user_id: int):
    user = _other_user(user_id)
    form = UserEmailForm()
    if not form.validate_on_submit():
        abort(400, _("Tulis alamat email baru."))
    old = user.email
    try:
        accounts.change_email(user, form.email.data)
    except user_services.UserError as exc:
        return _back_to_users(str(exc), "error")
    return _back_to_users(_("Email %(old)s diganti menjadi %(new)s.", old=old, new=user.email))


def _other_user(user_id: int) -> User:
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        abort(400, _("Anda tidak dapat mengubah akun Anda sendiri di sini."))
    return user


def _back_to_users(message: str, category: str = "info") -> Response:
    """How every action on a user ends: back on the users list, saying what happened."""
    flash(message, category)
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/<any(enable, disable):action>", methods=["POST"])
@role_required(Role.ADMIN)
def user_toggle(user_id: int, action: str):
    user = _other_user(user_id)
    user_services.set_enabled(user, action == "enable")
    return _back_to_users(_("Pengguna %(email)s diperbarui.", email=user.email))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@role_required(Role.ADMIN)
def user_role(user_id: int):
    user = _other_user(user_id)
    form = UserRoleForm()
    if not form.validate_on_submit():
        abort(400)
    user.role = Role.from_key(form.role.data)
    db.session.commit()
    return _back_to_users(_("Peran %(email)s sekarang %(role)s.", email=user.email,
                            role=user.role_key))


@bp.route("/users/<int:user_id>/reset-two-factor", methods=["POST"])
@role_required(Role.ADMIN)
def user_reset_two_factor(user_id: int):
    user = _other_user(user_id)
    twofactor.reset(user)
    return _back_to_users(_("Verifikasi dua langkah %(email)s dimatikan; ia masuk dengan "
                            "kata sandi lalu mendaftar lagi.", email=user.email))


def _settings_page(form: SiteSettingsForm, two_factor_form: TwoFactorPolicyForm | None = None):
    if two_factor_form is None and current_user.has_role(Role.ADMIN):
        current = twofactor.policy()
        two_factor_form = TwoFactorPolicyForm(
            formdata=None, required_roles=sorted(current.required_roles),
            remember_days=current.remember_days)
    status = 400 if form.errors or (two_factor_form and two_factor_form.errors) else 200
    return render_template("admin/settings.html", form=form,
                           two_factor_form=two_factor_form), status


@bp.route("/settings/two-factor", methods=["POST"])
@role_required(Role.ADMIN)  # who must use two-factor sign-in is the administrator's call
def two_factor_settings():
    form = TwoFactorPolicyForm()
    if form.validate_on_submit():
        twofactor.save_policy(form.required_roles.data or [], form.remember_days.data)
        flash(_("Pengaturan verifikasi dua langkah disimpan."), "info")
        return redirect(url_for("admin.settings"))
    return _settings_page(SiteSettingsForm(formdata=None, data=site_settings()), form)


@bp.route("/settings", methods=["GET", "POST"])
@role_required(Role.EDITOR)  # the site's look and name belong to the desk
def settings():
    form = SiteSettingsForm(data=site_settings())
    if form.validate_on_submit():
        values = {key: getattr(form, key).data for key in SITE_SETTINGS
                  if key not in BRAND_UPLOADS}
        for key in BRAND_UPLOADS:
            upload = getattr(form, key).data
            if upload and getattr(upload, "filename", ""):
                try:
                    values[key] = branding.store_image(upload.stream, key)
                except branding.LogoRejected as exc:
                    getattr(form, key).errors.append(str(exc))
        if not form.errors:
            update_site_settings(values)
            flash(_("Pengaturan disimpan."), "info")
            return redirect(url_for("admin.settings"))
    return _settings_page(form)
