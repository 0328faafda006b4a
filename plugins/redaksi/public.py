"""What readers see: notices on articles, the corrections pages, the masthead page, and the
410 notice at the address of a withdrawn story."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from markupsafe import Markup, escape
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from cms.api import db, page_number
from plugins.articles.api import Article, SlugRedirect, Status, visible_filter
from plugins.redaksi import masthead, services
from plugins.redaksi.models import Correction, VerificationNote

bp = Blueprint("redaksi", __name__, static_folder="static", static_url_path="/_redaksi")

PAGE_SIZE = 20


def paragraphs(text: str) -> Markup:
    """Plain text as paragraphs: editors type notices, they do not write HTML."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n")]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in block.split("\n")))
        for block in blocks if block)


def notices(article: Article) -> Markup:
    """The dated notices above an article's body: verification first, then corrections."""
    corrections = services.corrections_of(article.id)
    verification = services.active_verification(article.id)
    if not corrections and verification is None:
        return Markup("")
    return Markup(render_template("plugins/redaksi/notice.html", article=article,
                                  corrections=corrections, verification=verification))


def public_corrections() -> Select:
    """Corrections readers may read: those of public articles, and of withdrawn ones (the
    record of what was corrected stays public even after the story is gone)."""
    return (
        select(Correction).join(Correction.article)
        .where(or_(visible_filter(), Article.status == Status.WITHDRAWN.value))
        .options(selectinload(Correction.article))
        .order_by(Correction.created_at.desc(), Correction.id.desc())
    )


@bp.route("/koreksi/")
def corrections() -> str:
    """Every correction on one list, as PPMS asks: readers can check what was fixed."""
    page = db.paginate(public_corrections(), page=page_number(), per_page=PAGE_SIZE,
                       error_out=False)
    if page.page > 1 and not page.items:
        abort(404)
    return render_template("plugins/redaksi/corrections.html", page=page)


@bp.route("/koreksi/<int:correction_id>")
def correction(correction_id: int) -> str:
    """One correction in full, linking back to the story it corrects."""
    found = db.first_or_404(public_corrections().where(Correction.id == correction_id))
    return render_template("plugins/redaksi/correction.html", correction=found,
                           article=found.article)


@bp.route("/redaksi/boks")
def masthead_page() -> str:
    """The full masthead UU Pers article 12 asks every publisher to show."""
    return render_template("plugins/redaksi/masthead.html", masthead=masthead.current(),
                           guideline_url=masthead.guideline_url())


def withdrawn_response(slug: str, article: Article | None) -> tuple[str, int] | None:
    """The 410 notice for a withdrawn story (also at one of its older slugs); None otherwise."""
    if article is None:
        moved = db.session.get(SlugRedirect, slug)
        article = db.session.get(Article, moved.article_id) if moved is not None else None
    if article is None or article.status != Status.WITHDRAWN:
        return None
    withdrawal = services.latest_withdrawal(article.id)
    return render_template("plugins/redaksi/withdrawn.html", article=article,
                           withdrawal=withdrawal, guideline_url=masthead.guideline_url(),
                           withdrawn_at=withdrawal.withdrawn_at if withdrawal
                           else article.updated_at), 410


def feed_labels(articles: list[Article]) -> dict[int, str]:
    """Tell feed readers a story changed: its newest notice prefixes the RSS title."""
    ids = [article.id for article in articles]
    if not ids:
        return {}
    labels: dict[int, str] = {}
    for row in db.session.scalars(
            select(Correction).where(Correction.article_id.in_(ids))
            .order_by(Correction.created_at, Correction.id)):
        labels[row.article_id] = services.changed_label(row.kind)  # the newest wins
    for article_id in db.session.scalars(
            select(VerificationNote.article_id).where(VerificationNote.article_id.in_(ids))):
        labels[article_id] = services.verification_label()
    return labels
