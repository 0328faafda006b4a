"""``cms advertorial report``: the proof of publication from the command line, for the
monthly invoice run or a sponsor's auditor."""

from __future__ import annotations

from datetime import date, datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from cms.api import db
from plugins.advertorial.models import Contract, Sponsor
from plugins.advertorial.reports import build_report, report_csv


@click.group("advertorial")
def advertorial_group() -> None:
    """Advertorials: sponsors' proof-of-publication reports."""


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@advertorial_group.command("report")
@click.option("--sponsor", "sponsor_name", required=True, help="Sponsor name or slug.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day.")
@click.option("--contract", "contract_number", help="Only articles of this contract.")
@click.option("--format", "output_format", type=click.Choice(["csv"]), default="csv",
              show_default=True, help="CSV; the printable page is in the newsroom.")
@click.option("--output", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: standard output).")
@with_appcontext
def report_command(sponsor_name: str, start: datetime | None, end: datetime | None,
                   contract_number: str | None, output_format: str, output) -> None:
    """Write the proof of publication for one sponsor and period.

    ``--format csv`` is the one format so far: the flag lets invoicing scripts say what they
    expect, and keeps them working when another format is added.
    """
    key = sponsor_name.strip()
    sponsor = db.session.scalar(select(Sponsor).where(or_(
        func.lower(Sponsor.name) == key.lower(), Sponsor.slug == key.lower())))
    if sponsor is None:
        raise click.ClickException(_("tidak ada sponsor bernama %(name)s", name=repr(key)))
    contract = None
    if contract_number:
        contract = db.session.scalar(select(Contract).where(
            Contract.sponsor_id == sponsor.id, Contract.number == contract_number.strip()))
        if contract is None:
            raise click.ClickException(_("%(sponsor)s tidak punya kontrak %(number)s",
                                         sponsor=sponsor.name, number=repr(contract_number)))
    # Addresses in the report are absolute, on the site's public address (`cms init` sets
    # it): without it they would name a host the sponsor cannot open.
    base_url = current_app.config.get("SITE_URL")
    if not base_url:
        raise click.ClickException(_(
            "SITE_URL belum diatur, sehingga alamat berita di laporan tidak bisa dibuka "
            "sponsor: isi SITE_URL di konfigurasi instance (atau WARTA_SITE_URL) lalu ulangi"))
    with current_app.test_request_context(base_url=base_url):
        report = build_report(sponsor, contract, _day(start), _day(end))
        output.write(report_csv(report))
