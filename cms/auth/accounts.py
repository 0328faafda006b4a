"""Accounts by mail: password reset requests, invitations, and the addresses they go to.

Views and the admin call these; they decide who gets mail and what a link may do, so
that the rules (no mail to disabled accounts, no answer that tells whether an address
is registered) hold wherever the request comes from.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cms.auth.services import UserError, change_password, create_user, find_user, normalize_email
from cms.auth.tokens import Purpose, make_token
from cms.config import ConfigurationError
from cms.extensions import db
from cms.mail import compose, deliver, send_mail
from cms.models import Role, User
from cms.site import site_settings
from cms.urls import absolute_url

DEFAULTS: dict[str, Any] = {
    "PASSWORD_RESET_MAX_AGE": timedelta(hours=1),
    "INVITATION_MAX_AGE": timedelta(days=7),
    # Counted per client and, separately, per address asked for: a stranger cannot
    # flood one person's inbox from many machines either.
    "PASSWORD_RESET_RATE_LIMIT": "5 per 15 minutes; 20 per day",
}


def init_app(app: Flask) -> None:
    """Apply the defaults; a lifetime may be given in seconds (``WARTA_INVITATION_MAX_AGE``)."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    for name in ("PASSWORD_RESET_MAX_AGE", "INVITATION_MAX_AGE"):
        value = app.config[name]
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = timedelta(seconds=value)
        if not isinstance(value, timedelta) or value <= timedelta(0):
            raise ConfigurationError(f"{name} must be a number of seconds above zero "
                                     f"(got {app.config[name]!r})")
        app.config[name] = value


def can_receive_mail(user: User) -> bool:
    """Disabled accounts get no mail; neither do addresses no server delivers (imports)."""
    if not user.enabled:
        return False
    try:
        normalize_email(user.email)
    except UserError:
        return False
    return True


def request_password_reset(email: str) -> None:
    """Mail a reset link when ``email`` belongs to an account that may use one.

    Every address takes the same steps (a lookup, a rendered mail, a connection to the
    SMTP server) and only the last one differs: whether the mail is handed over. Whether
    an address is registered shows neither in the answer nor much in its timing, and a
    server that is down fails every request alike.

    :raises UserError: ``email`` is not a valid address.
    :raises MailError: the SMTP server could not be reached or refused.
    """
    address = normalize_email(email)
    user = find_user(address)
    if user is not None and (user.password_hash is None or not can_receive_mail(user)):
        user = None
    site_name = site_settings()["site_name"]
    message = compose(
        address, _l("Atur ulang kata sandi di %(site)s", site=site_name), "mail/password_reset",
        locale=user.locale if user else None, name=user.name if user else "",
        link=absolute_url("recovery.reset", token=make_token(user, Purpose.RESET)) if user else "",
        valid_for=_duration(Purpose.RESET), site_name=site_name,
    )
    deliver([message] if user else [])


def invite(email: str, name: str, role: Role | str, inviter: User) -> User:
    """Create an account without a password and mail its owner a link to choose one.

    The account stays when the mail fails, so the admin can send the invitation again.

    :raises UserError: the address, name or role is refused.
    :raises MailError: the account was made but the invitation did not go out.
    """
    user = create_user(email, name, role, None)
    send_invitation(user, inviter)
    return user


def send_invitation(user: User, inviter: User) -> None:
    """Mail (again) the link that sets a first password; earlier links keep working.

    :raises UserError: the account has a password, is disabled, or has no real address.
    :raises MailError: the mail did not go out.
    """
    if user.password_hash is not None:
        raise UserError(_("%(email)s sudah punya kata sandi.", email=user.email))
    if not can_receive_mail(user):
        raise UserError(_("%(email)s tidak dapat menerima undangan: akun nonaktif atau "
                          "alamatnya tidak dapat dikirimi email. Ubah emailnya lebih dulu.",
                          email=user.email))
    site_name = site_settings()["site_name"]
    send_mail(
        user.email, _l("Undangan ke redaksi %(site)s", site=site_name), "mail/invitation",
        locale=user.locale, name=user.name, inviter=inviter.name,
        link=absolute_url("recovery.invitation", token=make_token(user, Purpose.INVITATION)),
        valid_for=_duration(Purpose.INVITATION), site_name=site_name,
    )


def set_password(user: User, password: str) -> None:
    """Set the password a link was for and end every login the account had.

    :raises PasswordPolicyError: the password is refused by the site's policy.
    """
    user.current_session = None  # whoever follows the link, no login of theirs is kept
    change_password(user, password)


def change_email(user: User, email: str) -> None:
    """Give an account a new address (an imported author's, to invite them).

    Links already sent to the old address stop working.

    :raises UserError: the address is invalid or belongs to another account.
    """
    address = normalize_email(email)
    other = find_user(address)
    if other is not None and other.id != user.id:
        raise UserError(_("Sudah ada pengguna dengan email %(email)s.", email=address))
    user.email = address
    db.session.commit()


def _duration(purpose: Purpose) -> str:
    return format_timedelta(purpose.max_age, threshold=1.0)

