"""``cms api keys create|list|revoke`` (partners' keys) and ``cms webhooks deliver``."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from cms.api import db, utcnow
from plugins.api import keys, webhooks
from plugins.api.forms import KEY_LIMITS
from plugins.api.models import ApiKey


@click.group("api")
def api_group() -> None:
    """The read API: partners' keys."""


@api_group.group("keys")
def keys_group() -> None:
    """Partners' API keys (higher rate limits)."""


@keys_group.command("create")
@click.argument("name")
@click.option("--limit", "rate_limit", type=click.Choice(KEY_LIMITS), default=KEY_LIMITS[0],
              show_default=True)
@with_appcontext
def create(name: str, rate_limit: str) -> None:
    """Make a key for the partner NAME; it is printed once and never stored."""
    row, key = keys.create_key(name, rate_limit)
    click.echo(f"{row.id}\t{key}")


@keys_group.command("list")
@with_appcontext
def list_keys() -> None:
    for row in db.session.scalars(select(ApiKey).order_by(ApiKey.id)):
        state = _("dicabut") if row.revoked_at else _("aktif")
        click.echo(f"{row.id}\t{row.prefix}…\t{row.name}\t{row.rate_limit}\t{state}")


@keys_group.command("revoke")
@click.argument("key_id", type=int)
@with_appcontext
def revoke(key_id: int) -> None:
    row = db.session.get(ApiKey, key_id)
    if row is None:
        raise click.ClickException(_("tidak ada kunci dengan id %(id)s; lihat `cms api keys list`",
                                     id=key_id))
    row.revoked_at = row.revoked_at or utcnow()
    db.session.commit()
    click.echo(_("kunci %(prefix)s… (%(name)s) dicabut", prefix=row.prefix, name=row.name))


@click.group("webhooks")
def webhooks_group() -> None:
    """Webhook deliveries: the outbox the site fills after each change."""


@webhooks_group.command("deliver")
@click.option("--loop", is_flag=True, help="Keep delivering (a service), polling the outbox.")
@click.option("--interval", default=10.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds between polls with --loop.")
@with_appcontext
def deliver(loop: bool, interval: float) -> None:
    """Send every delivery that is due, retries included."""
    while True:
        tried = 0
        while batch := webhooks.deliver_due():
            tried += batch
        click.echo(ngettext("%(num)d pengiriman dicoba", "%(num)d pengiriman dicoba", tried))
        if not loop:
            return
        db.session.remove()
        time.sleep(interval)
