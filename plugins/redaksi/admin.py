"""Editors' pages under ``/admin/redaksi``: one page per article with the press-law forms,
an overview, and the audit log. Every route is for editors and above."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import or_, select

from cms.api import Role, db, page_number, role_required
from plugins.articles.api import Article, Status, visible_filter
from plugins.redaksi import services
from plugins.redaksi.forms import CorrectionForm, VerificationForm, WithdrawalForm
from plugins.redaksi.models import AuditEntry, VerificationNote, Withdrawal

bp = Blueprint("redaksi_admin", __name__, url_prefix="/admin/redaksi")

PAGE_SIZE = 30
AUDIT_PAGE_SIZE = 50


@bp.route("/")
@role_required(Role.EDITOR)
def index():
    query_text = " ".join(request.args.get("q", "").split())[:200]
    query = (select(Article)
             .where(or_(visible_filter(), Article.status == Status.WITHDRAWN.value))
             .order_by(Article.published_at.desc(), Article.id.desc()))
    if query_text:
        pattern = (query_text.replace("\\", "\\\\").replace("%", "\\%")
                   .replace("_", "\\_"))
        query = query.where(Article.title.ilike(f"%{pattern}%", escape="\\"))
    page = db.paginate(query, page=page_number(clamp=True), per_page=PAGE_SIZE, error_out=False)
    pending = db.session.scalars(
        select(Article).join(VerificationNote, VerificationNote.article_id == Article.id)
        .where(visible_filter()).order_by(VerificationNote.set_at)).all()
    return render_template("plugins/redaksi/admin/index.html", page=page, q=query_text,
                           pending=pending)


def _forms() -> dict[str, FlaskForm]:
    # Prefixes keep the three forms' fields apart on one page (ids, labels, POST names).
    return {
        "correction_form": CorrectionForm(prefix="correction"),
        "verification_form": VerificationForm(prefix="verification"),
        "withdrawal_form": WithdrawalForm(prefix="withdrawal"),
    }


def _article_page(article: Article, forms: dict[str, FlaskForm], status: int = 200,
                  error: str | None = None) -> tuple[str, int]:
    withdrawals = db.session.scalars(
        select(Withdrawal).where(Withdrawal.article_id == article.id)
        .order_by(Withdrawal.withdrawn_at.desc())).all()
    audit = db.session.scalars(
        select(AuditEntry).where(AuditEntry.article_id == article.id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(20)).all()
    return render_template(
        "plugins/redaksi/admin/article.html", article=article, error=error,
        corrections=services.corrections_of(article.id),
        verification=services.active_verification(article.id), withdrawals=withdrawals,
        audit=audit, **forms), status


@bp.route("/article/<int:article_id>")
@role_required(Role.EDITOR)
def article(article_id: int):
    return _article_page(db.get_or_404(Article, article_id), _forms())


def _act(article_id: int, form_name: str, action: Any, done: str):
    """Validate one of the page's forms and run ``action(user, article, form)``.

    Bad input and refused actions re-show the page with the reason and a 400.
    """
    found = db.get_or_404(Article, article_id)
    forms = _forms()
    form = forms[form_name]
    if not form.validate_on_submit():
        return _article_page(found, forms, 400)
    try:
        action(current_user._get_current_object(), found, form)
    except services.RedaksiError as exc:
        return _article_page(found, forms, 400, str(exc))
    flash(done, "info")
    return redirect(url_for("redaksi_admin.article", article_id=article_id))


@bp.route("/article/<int:article_id>/correction", methods=["POST"])
@role_required(Role.EDITOR)
def add_correction(article_id: int):
    return _act(article_id, "correction_form",
                lambda user, found, form: services.add_correction(
                    user, found, form.kind.data, form.text.data),
                _("Pemberitahuan diterbitkan dan tampil di atas berita."))


@bp.route("/article/<int:article_id>/verification", methods=["POST"])
@role_required(Role.EDITOR)
def set_verification(article_id: int):
    return _act(article_id, "verification_form",
                lambda user, found, form: services.set_verification(user, found,
                                                                    form.text.data),
                _("Catatan verifikasi tampil di berita sampai Anda mencabutnya."))


@bp.route("/article/<int:article_id>/verification/clear", methods=["POST"])
@role_required(Role.EDITOR)
def clear_verification(article_id: int):
    return _act(article_id, "verification_form",
                lambda user, found, form: services.clear_verification(user, found),
                _("Catatan verifikasi dicabut."))


@bp.route("/article/<int:article_id>/withdraw", methods=["POST"])
@role_required(Role.EDITOR)
def withdraw(article_id: int):
    return _act(article_id, "withdrawal_form",
                lambda user, found, form: services.withdraw(user, found, form.reason.data),
                _("Berita dicabut. Alamatnya kini menampilkan pemberitahuan pencabutan."))


@bp.route("/audit")
@role_required(Role.EDITOR)
def audit():
    page = db.paginate(
        select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()),
        page=page_number(clamp=True), per_page=AUDIT_PAGE_SIZE, error_out=False)
    return render_template("plugins/redaksi/admin/audit.html", page=page)
