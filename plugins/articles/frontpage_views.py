"""The newsroom's front-page desk (/admin/front-page): editors pin, order and unpin the
top stories of the home and rubrik pages and mark breaking news (see frontpage.py).

Every button is a plain form, so the page works without JavaScript; front_page.js only
adds dragging, which posts the same order form.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from cms.api import Role, db, role_required, timezone_abbreviation, utcnow
from plugins.articles import frontpage
from plugins.articles.frontpage import FrontPageError
from plugins.articles.frontpage_models import HOME
from plugins.articles.models import Article, Category
from plugins.articles.queries import public_articles

bp = Blueprint("articles_front_page", __name__, url_prefix="/admin/front-page")

#: Newest stories offered in the "pin" and "breaking" choosers.
CHOICES = 100
#: How long the breaking-news form suggests a banner stays up.
BREAKING_HOURS = 3


def _page(key: str, error: str | None = None):
    category = frontpage.page_category(key)
    pins = frontpage.pins_of(key)
    pinned = {p.article_id for p in pins}
    candidates = db.session.execute(
        public_articles().with_only_columns(Article.id, Article.title).limit(CHOICES)).all()
    pages = [(HOME, _("Beranda"))] + [
        (frontpage.rubrik_key(c.id), c.name) for c in db.session.scalars(
            select(Category).order_by(Category.position, Category.name))]
    return render_template(
        "plugins/articles/admin/front_page.html", key=key, category=category, pages=pages,
        pins=pins, candidates=[c for c in candidates if c.id not in pinned],
        all_candidates=candidates, breaking=frontpage.breaking_in_force(),
        preview=frontpage.page_url(key), error=error, local_time=frontpage.local_time,
        max_pins=frontpage.MAX_PINS, zone=timezone_abbreviation(),
        suggested_expiry=frontpage.local_time(utcnow() + timedelta(hours=BREAKING_HOURS)),
    ), 400 if error else 200


def _refused(key: str, error: FrontPageError):
    db.session.rollback()
    try:
        return _page(key, str(error))
    except FrontPageError:
        return _page(HOME, str(error))


def _back(key: str, message: str):
    flash(message, "info")
    return redirect(url_for("articles_front_page.index", page=key))


def _article_id() -> int:
    text = request.form.get("article_id", "").strip()
    if not text.isdigit() or len(text) > 9:
        raise FrontPageError(_("Artikel itu tidak ada: pilih dari daftar."))
    return int(text)


@bp.route("/")
@role_required(Role.EDITOR)
def index():
    key = request.args.get("page", HOME)
    try:
        return _page(key)
    except FrontPageError as exc:
        return _page(HOME, str(exc))


@bp.route("/pin", methods=["POST"])
@role_required(Role.EDITOR)
def pin():
    key = request.form.get("page", "")
    try:
        article = frontpage.public_article(request.form.get("article_id"))
        expires_at = frontpage.parse_expiry(request.form.get("expires_at"))
        position = frontpage.parse_position(request.form.get("position"),
                                            len(frontpage.pins_of(key)) + 1)
        frontpage.pin(current_user, key, article, expires_at=expires_at, position=position)
    except FrontPageError as exc:
        return _refused(key, exc)
    return _back(key, _("%(title)s disematkan.", title=article.title))


@bp.route("/unpin", methods=["POST"])
@role_required(Role.EDITOR)
def unpin():
    key = request.form.get("page", "")
    try:
        frontpage.unpin(key, _article_id())
    except FrontPageError as exc:
        return _refused(key, exc)
    return _back(key, _("Sematan dilepas; halaman kembali ke urutan otomatis di tempat itu."))


@bp.route("/move", methods=["POST"])
@role_required(Role.EDITOR)
def move():
    key = request.form.get("page", "")
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    try:
        if step is None:
            raise FrontPageError(_("Arah pindah harus naik atau turun."))
        frontpage.move(key, _article_id(), step)
    except FrontPageError as exc:
        return _refused(key, exc)
    return _back(key, _("Urutan disimpan."))


@bp.route("/order", methods=["POST"])
@role_required(Role.EDITOR)
def order():
    key = request.form.get("page", "")
    parts = [p.strip() for p in request.form.get("order", "").split(",") if p.strip()]
    try:
        if not all(p.isdigit() and len(p) < 10 for p in parts):
            raise FrontPageError(_("Urutan tidak terbaca; muat ulang halaman lalu coba lagi."))
        frontpage.reorder(key, [int(p) for p in parts])
    except FrontPageError as exc:
        return _refused(key, exc)
    return _back(key, _("Urutan disimpan."))


@bp.route("/breaking", methods=["POST"])
@role_required(Role.EDITOR)
def breaking():
    key = request.form.get("page", HOME)
    try:
        article = frontpage.public_article(request.form.get("article_id"))
        expires_at = frontpage.parse_expiry(request.form.get("expires_at"))
        frontpage.set_breaking(current_user, article, expires_at)
    except FrontPageError as exc:
        return _refused(key, exc)
    return _back(key, _("%(title)s tampil sebagai berita terkini.", title=article.title))


@bp.route("/breaking/end", methods=["POST"])
@role_required(Role.EDITOR)
def end_breaking():
    key = request.form.get("page", HOME)
    try:
        frontpage.end_breaking(_article_id())
    except FrontPageError as exc:
        return _refused(key, exc)
    return _back(key, _("Berita terkini diakhiri."))
