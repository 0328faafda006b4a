"""``cms search reindex|check|drain``: maintain the index from the command line.

The same commands serve both backends: each calls the site's
:class:`~plugins.search.base.SearchBackend`.
"""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from plugins.search import queue
from plugins.search.backends import backend_of

#: ``check`` lists at most this many ids per kind of difference.
LISTED_IDS = 20


@click.group("search")
def search_group() -> None:
    """Maintain the search index."""


@search_group.command("reindex")
@click.option("--wait", default=queue.REBUILD_WAIT_SECONDS, show_default=True,
              type=click.FloatRange(0), help="Seconds to wait for a running writer.")
@with_appcontext
def reindex_command(wait: float) -> None:
    """Rebuild the index from the database in a new folder, then swap it in at once.

    Searches keep using the old index until the swap. Changes saved meanwhile are queued
    and applied to the new index right after it.
    """
    backend = backend_of(current_app)
    total = len(queue.indexable_ids())
    try:
        with click.progressbar(length=total, label="Mengindeks", file=sys.stderr,
                               hidden=not sys.stderr.isatty()) as bar:
            count = backend.rebuild(progress=bar.update, wait=wait)
    except queue.IndexBusy as exc:
        raise click.ClickException(f"{exc}; try again later") from None
    click.echo(f"Indexed {count} articles into a new index.")


@search_group.command("check")
@click.option("--fix", is_flag=True, help="Queue every difference and apply the queue.")
@with_appcontext
def check_command(fix: bool) -> None:
    """Report articles missing from the index, stale in it, or there but no longer public.

    Exits with status 1 when the index and the database differ (and ``--fix`` was not
    given), so a cron job can alert on it.
    """
    backend = backend_of(current_app)
    total = len(queue.indexable_ids())
    with click.progressbar(length=total, label="Memeriksa", file=sys.stderr,
                           hidden=not sys.stderr.isatty()) as bar:
        report = backend.check(progress=bar.update)
    click.echo(f"Index: {report.indexed} documents. Database: {report.expected} public or "
               f"scheduled articles. Queue: {report.queued} changes waiting.")
    configured = backend.settings.stemmer
    if report.stemmer and report.stemmer != configured:
        click.echo(f"The index was built with the {report.stemmer} stemmer but SEARCH_STEMMER "
                   f"is {configured}: run `cms search reindex`.")
    for label, ids in (("missing from the index", report.missing),
                       ("stale in the index", report.stale),
                       ("in the index but not public", report.extra)):
        if ids:
            shown = ", ".join(str(i) for i in ids[:LISTED_IDS])
            more = f" and {len(ids) - LISTED_IDS} more" if len(ids) > LISTED_IDS else ""
            click.echo(f"{len(ids)} {label}: {shown}{more}")
    if report.consistent:
        click.echo("The index matches the database.")
        return
    if not fix:
        click.echo("Run `cms search check --fix` to queue them, or `cms search reindex`.")
        sys.exit(1)
    ids = sorted({*report.missing, *report.stale, *report.extra})
    # Queued and drained here rather than through index_many(), which would apply them
    # without waiting for a running writer and without saying what it did.
    if not queue.enqueue(ids, "check"):
        raise click.ClickException("could not queue the differences (see the log)")
    drained = backend.drain(wait=queue.REBUILD_WAIT_SECONDS)
    if drained.busy:
        click.echo(f"Queued {len(ids)} articles; another process is writing the index and "
                   "will apply them.")
    else:
        click.echo(f"Queued and applied {len(ids)} articles.")


@search_group.command("drain")
@click.option("--wait", default=0.0, show_default=True, type=click.FloatRange(0),
              help="Seconds to wait for a running writer.")
@with_appcontext
def drain_command(wait: float) -> None:
    """Apply the queued changes now (normally done right after each save)."""
    report = backend_of(current_app).drain(wait=wait)
    click.echo(f"Applied {report.rows} queued changes: {report.indexed} indexed, "
               f"{report.removed} removed.")
    if report.busy:
        click.echo("Another process is writing the index; it applies what is left.")
