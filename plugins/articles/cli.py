"""``cms import jsonl FILE``: bulk import with a progress bar and FILE:LINE error reports."""

from __future__ import annotations

import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from plugins.articles.importer import import_jsonl


@click.group("import")
def import_group() -> None:
    """Import content into the newsroom."""


@import_group.command("jsonl")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--skip-bad", is_flag=True, help="Import the good lines and report the bad ones.")
@click.option("--dry-run", is_flag=True, help="Check every line without writing anything.")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 10000))
@with_appcontext
def import_jsonl_command(file: Path, skip_bad: bool, dry_run: bool, batch_size: int) -> None:
    """Import articles from FILE, one JSON object per line (format: README)."""
    if not file.is_file():
        raise click.ClickException(_("%(file)s: berkas tidak ada", file=file))
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    show_bar = sys.stderr.isatty() and not dry_run
    with click.progressbar(length=_count_lines(file), label=_("Mengimpor"), file=sys.stderr,
                           hidden=not show_bar) as bar:
        report = import_jsonl(file, zone, skip_bad=skip_bad, dry_run=dry_run,
                              batch_size=batch_size, progress=bar.update)
    for error in report.errors:
        click.echo(f"{file}:{error.line}: {error.reason}", err=True)
    if dry_run:
        click.echo(_("%(checked)d baris diperiksa: %(bad)d rusak, tidak ada yang ditulis.",
                     checked=report.checked, bad=len(report.errors)))
    else:
        click.echo(_("%(imported)d dari %(checked)d artikel diimpor.",
                     imported=report.imported, checked=report.checked))
    if report.errors and not (skip_bad and report.imported):
        sys.exit(1)


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)
