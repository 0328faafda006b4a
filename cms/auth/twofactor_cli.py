"""``cms users reset-2fa EMAIL``: the technician's way back in for someone who lost the phone
and the recovery codes."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("reset-2fa")
@click.argument("email")
@with_appcontext
def reset_two_factor_command(email: str) -> None:
    """Switch off two-factor sign-in for EMAIL; they log in with the password alone."""
    from cms.auth import twofactor
    from cms.auth.services import UserError, find_user, normalize_email

    try:
        user = find_user(normalize_email(email))
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    if user is None:
        raise click.ClickException(f"No user with email {email}")
    was_on = user.two_factor_enabled
    twofactor.reset(user)
    if was_on:
        click.echo(f"Two-factor sign-in reset for {user.email}: they log in with the password "
                   "and enrol again.")
    else:
        click.echo(f"{user.email} had no two-factor sign-in; nothing else changed.")
