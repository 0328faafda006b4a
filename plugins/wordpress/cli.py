"""``cms import wordpress EXPORT.xml``: the move from WordPress, rehearsed as often as needed."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from plugins.wordpress.fetch import check_origin
from plugins.wordpress.importer import Options, import_wordpress
from plugins.wordpress.items import DEFAULT_ADVERTORIAL_NAMES
from plugins.wordpress.sponsors import read_sponsors


@click.command("wordpress")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change without writing.")
@click.option("--skip-bad", is_flag=True, help="Import the good items and report the bad.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
              help="Only items changed on or after this date (UTC).")
@click.option("--uploads", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A copy of the old site's wp-content/uploads folder: media to import.")
@click.option("--fetch-media-from", "fetch_from", metavar="URL",
              help="The old site's address: fetch its uploads over HTTP (that host only).")
@click.option("--sponsors", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Lines 'category or tag = sponsor name': advertorials' sponsors.")
@click.option("--advertorial-name", "advertorial_names", multiple=True,
              help="A category or tag name that marks advertorials (repeatable; default: "
                   + ", ".join(DEFAULT_ADVERTORIAL_NAMES) + ").")
@click.option("--batch-size", default=200, show_default=True, type=click.IntRange(1, 5000))
@with_appcontext
def import_wordpress_command(file: Path, dry_run: bool, skip_bad: bool, since: datetime | None,
                             uploads: Path | None, fetch_from: str | None,
                             sponsors: Path | None,
                             advertorial_names: tuple[str, ...],
                             batch_size: int) -> None:
    """Import posts, pages, rubrik, tags and authors from a WordPress export (WXR) FILE."""
    if not file.is_file():
        raise click.ClickException(_("%(file)s: berkas tidak ada", file=file))
    if uploads and fetch_from:
        raise click.ClickException(_("pilih --uploads atau --fetch-media-from, jangan keduanya"))
    try:
        mapping = read_sponsors(sponsors) if sponsors else {}
        origin = check_origin(fetch_from) if fetch_from else None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    options = Options(skip_bad=skip_bad, dry_run=dry_run, sponsors=mapping,
                      since=since.replace(tzinfo=UTC) if since else None,
                      advertorial_names=advertorial_names or DEFAULT_ADVERTORIAL_NAMES,
                      batch_size=batch_size, uploads=uploads, fetch_from=origin)
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    # Image addresses written into bodies are site paths (``/media/…``), which Flask builds
    # only with a request's URL adapter: a request context lends one, nothing is served.
    with current_app.test_request_context("/"):
        report = import_wordpress(file, zone, options)
    for error in report.errors:
        click.echo(f"{file}:{error.line}: {error.reason}", err=True)
    for line in report.lines(dry_run):
        click.echo(line)
    written = sum(report.created.values()) + sum(report.updated.values())
    if report.errors and not (skip_bad and written):
        sys.exit(1)
