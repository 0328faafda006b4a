"""``cms media``: move a site's media between the uploads folder and the database."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from cms.extensions import db
from cms.storage import STORAGES, MediaStorage, make_storage

#: Files copied per database transaction.
BATCH = 100


@click.group("media", cls=AppGroup)
def media_group() -> None:
    """The media store: where uploaded images are kept (see docs/media.md)."""


def copy_media(source: MediaStorage, target: MediaStorage) -> tuple[int, int]:
    """Copy every file of ``source`` that ``target`` lacks; return (copied, already there).

    Safe to run again after an interruption, and while the site serves: files are never
    changed once stored, so a file already in ``target`` is the same file.
    """
    copied = present = 0
    for stored in source.files():
        if target.exists(stored.path):
            present += 1
            continue
        target.save(stored.path, source.read(stored.path))
        copied += 1
        if copied % BATCH == 0:
            db.session.commit()
    db.session.commit()
    return copied, present


@media_group.command("migrate")
@click.option("--to", "kind", type=click.Choice(STORAGES), required=True,
              help="The store to copy every media file into.")
def migrate_command(kind: str) -> None:
    """Copy every media file into the store named by --to, from the other one.

    Run it, set MEDIA_STORAGE to that store on every app server, restart them, then run
    it once more to copy what was uploaded in between. The source is left as it was.
    """
    source_kind = next(other for other in STORAGES if other != kind)
    source = make_storage(current_app, source_kind)
    target = make_storage(current_app, kind)
    try:
        copied, present = copy_media(source, target)
    except SQLAlchemyError as exc:
        db.session.rollback()
        raise click.ClickException(_(
            "database tidak bisa menampung media (%(error)s): jalankan `cms db upgrade` "
            "dulu, lalu ulangi perintah ini", error=type(exc).__name__)) from None
    click.echo(_("%(copied)d berkas media disalin dari penyimpanan %(source)s ke penyimpanan "
                 "%(target)s (%(present)d sudah ada di sana).", copied=copied,
                 source=source_kind, target=kind, present=present))
    if current_app.config["MEDIA_STORAGE"] != kind:
        click.echo(_("Sekarang isi MEDIA_STORAGE = %(value)s di instance/config.py (atau "
                     "WARTA_MEDIA_STORAGE=%(kind)s) di setiap server aplikasi, mulai ulang "
                     "semuanya, lalu jalankan perintah ini sekali lagi untuk berkas yang "
                     "diunggah di antaranya.", value=repr(kind), kind=kind))
