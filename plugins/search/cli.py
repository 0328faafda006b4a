"""``cms search reindex|check|drain``: maintain the index from the command line.

The same commands serve both backends: each calls the site's
:class:`~plugins.search.base.SearchBackend`.
"""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

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
        with click.progressbar(length=total, label=_("Mengindeks"), file=sys.stderr,
                               hidden=not sys.stderr.isatty()) as bar:
            count = backend.rebuild(progress=bar.update, wait=wait)
    except queue.IndexBusy as exc:
        raise click.ClickException(_("%(error)s; coba lagi nanti", error=exc)) from None
    click.echo(_("%(num)d artikel diindeks ke indeks baru.", num=count))


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
    with click.progressbar(length=total, label=_("Memeriksa"), file=sys.stderr,
                           hidden=not sys.stderr.isatty()) as bar:
        report = backend.check(progress=bar.update)
    click.echo(_("Indeks: %(indexed)d dokumen. Database: %(expected)d artikel terbit atau "
                 "terjadwal. Antrean: %(queued)d perubahan menunggu.", indexed=report.indexed,
                 expected=report.expected, queued=report.queued))
    configured = backend.settings.stemmer
    if report.stemmer and report.stemmer != configured:
        click.echo(_("Indeks dibangun dengan stemmer %(built)s, tetapi SEARCH_STEMMER "
                     "%(configured)s: jalankan `cms search reindex`.", built=report.stemmer,
                     configured=configured))
    for label, ids in ((_("%(num)d tidak ada di indeks: %(ids)s"), report.missing),
                       (_("%(num)d usang di indeks: %(ids)s"), report.stale),
                       (_("%(num)d ada di indeks tetapi tidak terbit: %(ids)s"), report.extra)):
        if ids:
            shown = ", ".join(str(i) for i in ids[:LISTED_IDS])
            if len(ids) > LISTED_IDS:
                shown = _("%(ids)s dan %(num)d lainnya", ids=shown, num=len(ids) - LISTED_IDS)
            click.echo(label % {"num": len(ids), "ids": shown})
    if report.consistent:
        click.echo(_("Indeks cocok dengan database."))
        return
    if not fix:
        click.echo(_("Jalankan `cms search check --fix` untuk mengantrekannya, atau "
                     "`cms search reindex`."))
        sys.exit(1)
    ids = sorted({*report.missing, *report.stale, *report.extra})
    # Queued and drained here rather than through index_many(), which would apply them
    # without waiting for a running writer and without saying what it did.
    if not queue.enqueue(ids, "check"):
        raise click.ClickException(_("perbedaannya tidak bisa diantrekan (lihat log)"))
    drained = backend.drain(wait=queue.REBUILD_WAIT_SECONDS)
    if drained.busy:
        click.echo(_("%(num)d artikel diantrekan; proses lain sedang menulis indeks dan akan "
                     "menerapkannya.", num=len(ids)))
    else:
        click.echo(_("%(num)d artikel diantrekan dan diterapkan.", num=len(ids)))


@search_group.command("drain")
@click.option("--wait", default=0.0, show_default=True, type=click.FloatRange(0),
              help="Seconds to wait for a running writer.")
@with_appcontext
def drain_command(wait: float) -> None:
    """Apply the queued changes now (normally done right after each save)."""
    report = backend_of(current_app).drain(wait=wait)
    click.echo(_("%(rows)d perubahan dari antrean diterapkan: %(indexed)d diindeks, "
                 "%(removed)d dihapus.", rows=report.rows, indexed=report.indexed,
                 removed=report.removed))
    if report.busy:
        click.echo(_("Proses lain sedang menulis indeks; sisanya ia yang menerapkan."))
