"""The partner's corner under ``/admin/advertorial/mitra``: write a draft advertorial for
one's own sponsor, submit it to the desk, follow its status.

Partners paste press releases, so the body is plain text in paragraphs and one photo;
the desk formats, links and publishes in the full editor. A partner edits a draft only
until it is submitted, and never one that has been published before: the desk's
formatting must not be flattened back into plain text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import escape
from sqlalchemy import select

from cms.api import db
from plugins.advertorial.forms import PartnerArticleForm
from plugins.advertorial.marking import form_values
from plugins.advertorial.models import DEFAULT_LABEL, AdvertorialArticle, PartnerUser
from plugins.advertorial.partners import partner_link, partner_required
from plugins.articles.api import (
    Article,
    ArticleError,
    ArticleInput,
    ImageRejected,
    ImageTooLarge,
    Status,
    input_from_snapshot,
    save_article,
    save_upload,
    snapshot,
    submit_for_review,
)

bp = Blueprint("advertorial_partner", __name__, url_prefix="/admin/advertorial/mitra")

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote",
                        "figure", "figcaption", "ul", "ol", "table", "tr"})


def paragraphs_html(text: str) -> str:
    """Plain text → ``<p>`` per blank-line-separated paragraph, ``<br>`` inside one."""
    paragraphs = [p.strip() for p in PARAGRAPH_BREAK.split(text.replace("\r\n", "\n"))]
    # str() first: Markup.replace would escape the <br> too.
    return "".join(f"<p>{str(escape(p)).replace(chr(10), '<br>')}</p>" for p in paragraphs if p)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """A stored body back as the paragraphs the partner typed."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return "\n\n".join(p.strip() for p in PARAGRAPH_BREAK.split(text) if p.strip())


def _link() -> PartnerUser:
    link = partner_link(current_user)
    if link is None:  # partner_required guards every view; this keeps helpers honest
        abort(403)
    return link


def _own_article(article_id: int) -> Article:
    """The partner's own advertorial for their sponsor, or 404/403."""
    article = db.get_or_404(Article, article_id)
    row = db.session.get(AdvertorialArticle, article.id)
    if article.author_id != current_user.id or row is None or row.sponsor_id != _link().sponsor_id:
        abort(403)
    return article


def editable(article: Article) -> bool:
    return article.status == Status.DRAFT and article.published_at is None


@bp.route("/")
@partner_required
def index():
    link = _link()
    articles = db.session.scalars(
        select(Article).join(AdvertorialArticle)
        .where(Article.author_id == current_user.id,
               AdvertorialArticle.sponsor_id == link.sponsor_id)
        .order_by(Article.updated_at.desc())).all()
    return render_template("plugins/advertorial/portal/index.html", sponsor=link.sponsor,
                           articles=articles, editable=editable)


@bp.route("/tulis", methods=["GET", "POST"])
@partner_required
def new():
    return _editor(None)


@bp.route("/<int:article_id>", methods=["GET", "POST"])
@partner_required
def edit(article_id: int):
    article = _own_article(article_id)
    if not editable(article):
        if request.method == "POST":
            abort(403)
        return render_template("plugins/advertorial/portal/view.html", article=article,
                               sponsor=_link().sponsor)
    return _editor(article)


def _editor(article: Article | None):
    form = PartnerArticleForm()
    if article is not None and request.method == "GET":
        form.title.data, form.dateline.data = article.title, article.dateline
        form.lead.data, form.body.data = article.lead, plain_text(article.body)
        form.image_caption.data = article.image_caption
    if form.validate_on_submit():
        try:
            return _save(form, article)
        except (ArticleError, ImageRejected, ImageTooLarge) as exc:
            flash(str(exc), "error")
    status = 400 if request.method == "POST" else 200
    return render_template("plugins/advertorial/portal/editor.html", form=form,
                           article=article, sponsor=_link().sponsor), status


def _save(form: PartnerArticleForm, article: Article | None):
    image_id = article.image_id if article is not None else None
    if form.image.data:
        image_id = save_upload(form.image.data, current_user,
                               caption=form.image_caption.data or "",
                               alt=form.title.data or "").id
    # What the partner's form does not show (rubrik, tags, SEO…) stays as the desk set it.
    data = (input_from_snapshot(snapshot(article)) if article is not None
            else ArticleInput(title=""))
    data.title, data.dateline = form.title.data or "", form.dateline.data or ""
    data.lead, data.body = form.lead.data or "", paragraphs_html(form.body.data or "")
    data.image_id, data.image_caption = image_id, form.image_caption.data or ""
    data.extra = {"advertorial_label": DEFAULT_LABEL, **form_values(article),
                  "advertorial": True, "advertorial_sponsor": _link().sponsor_id}
    article = save_article(current_user, data, article)
    if request.form.get("action") == "submit":
        submit_for_review(current_user, article)
        flash(_("Draf diajukan ke redaksi. Redaktur akan memeriksa dan menerbitkannya."), "info")
        return redirect(url_for("advertorial_partner.index"))
    flash(_("Draf disimpan."), "info")
    return redirect(url_for("advertorial_partner.edit", article_id=article.id))
