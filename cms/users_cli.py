"""``cms users``: the technician's way to manage accounts without the web admin or mail."""

from __future__ import annotations

import secrets
import sys

import click
from flask.cli import AppGroup

from cms.auth.twofactor_cli import reset_two_factor_command


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
    click.echo(f"Created {user.role_key} {user.email}")
    if generated:
        click.echo(f"Password: {password}")


def _password_from_stdin() -> str | None:
    stream = sys.stdin
    if stream.isatty():
        return None
    line = stream.readline().rstrip("\r\n")
    return line or None


users_group.add_command(reset_two_factor_command)
