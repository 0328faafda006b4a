"""Readers' pages: every advertorial at ``/advertorial/``, a sponsor's at
``/advertorial/<sponsor>/``, and the home page's "Advertorial" block."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from markupsafe import Markup
from sqlalchemy import Select, select

from cms.api import db, page_number
from plugins.advertorial.labels import sponsor_logo
from plugins.advertorial.models import AdvertorialArticle, Sponsor
from plugins.articles.api import Article, listed_cards, public_articles, visible_filter

bp = Blueprint("advertorial", __name__, static_folder="static",
               static_url_path="/_advertorial")

PAGE_SIZE = 20
HOME_BLOCK_SIZE = 4


def advertorials(sponsor: Sponsor | None = None) -> Select:
    """Readers' advertorials, newest first, optionally one sponsor's."""
    # A membership test, not a join: the database then walks the newest articles by
    # date and stops at the first few, instead of sorting every advertorial.
    paid = select(AdvertorialArticle.article_id)
    if sponsor is not None:
        paid = paid.where(AdvertorialArticle.sponsor_id == sponsor.id)
    return public_articles().where(Article.id.in_(paid))


def _listing(query: Select, **context) -> str:
    number = page_number()
    page = db.paginate(query, page=number, per_page=PAGE_SIZE, error_out=False)
    if number > 1 and not page.items:
        abort(404)
    return render_template("plugins/advertorial/listing.html", page=page, **context)


@bp.route("/advertorial/")
def index():
    return _listing(advertorials(), sponsor=None)


@bp.route("/advertorial/<slug>/")
def sponsor(slug: str):
    """A sponsor's page exists once something of theirs ran: who pays for what is not
    announced before it is published."""
    found = db.first_or_404(select(Sponsor).where(Sponsor.slug == slug))
    if db.session.scalar(select(AdvertorialArticle.article_id).join(Article).where(
            AdvertorialArticle.sponsor_id == found.id, visible_filter()).limit(1)) is None:
        abort(404)
    return _listing(advertorials(found), sponsor=found, logo=sponsor_logo(found))


def home_block() -> Markup | None:
    """The home page's "Advertorial" block: the newest few, each with its label."""
    items = listed_cards(advertorials(), HOME_BLOCK_SIZE)
    if not items:
        return None
    return Markup(render_template("plugins/advertorial/home_block.html", items=items))
