"""``cms users``: the technician's way to manage accounts without the web admin or mail."""

from __future__ import annotations

import secrets
import sys
from typing import TYPE_CHECKING

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

if TYPE_CHECKING:
    from cms.models import User


@click.group("users", cls=AppGroup)
def users_group() -> None:
    """Manage newsroom accounts."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, help="journalist, editor, admin or partner")
def users_create(email: str, name: str, role: str) -> None:
    """Create a user; the password is read from stdin, or generated and printed."""
    from cms.auth.passwords import PasswordPolicyError
    from cms.auth.services import UserError, create_user

    password = _password_from_stdin()
    generated = password is None
    if generated:
        password = secrets.token_urlsafe(12)
    try:
        user = create_user(email, name, role, password)
    except (UserError, PasswordPolicyError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(_("Akun %(role)s %(email)s dibuat", role=user.role_key, email=user.email))
    if generated:
        click.echo(_("Kata sandi: %(password)s", password=password))


@users_group.command("list")
def users_list() -> None:
    """Print every account: email, name, role, whether enabled, last login (UTC)."""
    from cms.extensions import db
    from cms.models import User

    people = db.session.scalars(db.select(User).order_by(User.email)).all()
    rows = [(_("EMAIL"), _("NAMA"), _("PERAN"), _("AKTIF"), _("KATA SANDI"),
             _("LOGIN TERAKHIR (UTC)"))]
    rows += [(user.email, user.name, user.role_key, _("ya") if user.enabled else _("tidak"),
              _("ada") if user.password_hash else _("kosong"),
              user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at
              else _("belum"))
             for user in people]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width)
                             for cell, width in zip(row, widths, strict=True)).rstrip())


@users_group.command("reset-password")
@click.argument("email")
def users_reset_password(email: str) -> None:
    """Set a new password (read from stdin, or generated and printed) and end every login.

    The way back in for someone who forgot their password on a site that sends no mail.
    """
    from cms.auth.passwords import PasswordPolicyError
    from cms.auth.services import change_password

    user = _user(email)
    password = _password_from_stdin()
    generated = password is None
    if generated:
        password = secrets.token_urlsafe(12)
    try:
        change_password(user, password)
    except PasswordPolicyError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(_("Kata sandi baru untuk %(email)s sudah dipasang; semua sesi login akun itu "
               "diakhiri", email=user.email))
    if generated:
        click.echo(_("Kata sandi: %(password)s", password=password))


@users_group.command("disable")
@click.argument("email")
def users_disable(email: str) -> None:
    """Stop an account from logging in and end every login it has."""
    from cms.auth.services import set_enabled

    user = _user(email)
    set_enabled(user, False)
    click.echo(_("Akun %(email)s dinonaktifkan; semua sesi login akun itu diakhiri",
               email=user.email))


@users_group.command("enable")
@click.argument("email")
def users_enable(email: str) -> None:
    """Let a disabled account log in again (with the password it had)."""
    from cms.auth.services import set_enabled

    user = _user(email)
    set_enabled(user, True)
    click.echo(_("Akun %(email)s diaktifkan lagi", email=user.email))


@users_group.command("reset-2fa")
@click.argument("email")
def users_reset_two_factor(email: str) -> None:
    """Switch off two-factor sign-in for EMAIL (a lost phone and recovery codes): they log
    in with the password alone and enrol again."""
    from cms.auth import twofactor

    user = _user(email)
    was_on = user.two_factor_enabled
    twofactor.reset(user)
    if was_on:
        click.echo(_("Verifikasi dua langkah %(email)s direset: login dengan kata sandi saja, "
                     "lalu daftarkan ulang.", email=user.email))
    else:
        click.echo(_("%(email)s tidak memakai verifikasi dua langkah; tidak ada yang diubah.",
                     email=user.email))


def _user(email: str) -> User:
    from cms.auth.services import UserError, find_user, normalize_email

    try:
        user = find_user(normalize_email(email))
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    if user is None:
        raise click.ClickException(_("tidak ada akun dengan email %(email)s: lihat "
                                     "`cms users list`", email=email))
    return user


def _password_from_stdin() -> str | None:
    stream = sys.stdin
    if stream.isatty():
        return None
    line = stream.readline().rstrip("\r\n")
    return line or None

