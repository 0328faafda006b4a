"""``cms youtube thumbnails``: fetch the thumbnails the site has no copy of yet, e.g. after
an upgrade, or once a machine that imported articles offline is online."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from cms.api import db
from plugins.articles.api import Article
from plugins.youtube.thumbnails import store_thumbnails, uses_local_copies
from plugins.youtube.videos import article_videos, has_video

BATCH = 100


@click.group("youtube")
def youtube_group() -> None:
    """YouTube videos in articles."""


@youtube_group.command("thumbnails")
@with_appcontext
def thumbnails_command() -> None:
    """Fetch and keep the thumbnail of every video an article shows."""
    if not uses_local_copies():
        click.echo(_("Gambar pratinjau dimuat dari server YouTube (pengaturan plugin); "
                     "tidak ada yang diambil."))
        return
    added, last_id = 0, 0
    while True:
        articles = db.session.scalars(
            select(Article).where(has_video(), Article.id > last_id)
            .order_by(Article.id).limit(BATCH)).all()
        if not articles:
            break
        added += store_thumbnails(video for article in articles
                                  for video in article_videos(article))
        db.session.commit()
        last_id = articles[-1].id
    click.echo(_("%(num)d gambar pratinjau video disimpan.", num=added))
