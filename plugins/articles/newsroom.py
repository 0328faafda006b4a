"""Newsroom pages under ``/admin/articles``: list, editor, workflow actions, revisions."""

from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from cms.api import (
    Role,
    User,
    call_hook,
    csrf,
    db,
    extend_csp_for_request,
    page_number,
    role_required,
)
from plugins.articles import autosave, permissions, services
from plugins.articles import finder as finders
from plugins.articles.credits import ROLE_LABELS
from plugins.articles.diffing import diff_revisions
from plugins.articles.forms import ArticleForm, article_form_class
from plugins.articles.models import Article, ArticleAuthor, Category, Revision, Status

bp = Blueprint("articles_admin", __name__, url_prefix="/admin/articles",
               static_folder="static", static_url_path="/static")

PAGE_SIZE = 30
ACTIONS = ("save", "submit", "publish", "unpublish", "archive")


def status_label(status: str) -> str:
    """The workflow state in the newsroom's words."""
    return {
        Status.DRAFT: _("draf"), Status.REVIEW: _("menunggu redaktur"),
        Status.SCHEDULED: _("terjadwal"), Status.PUBLISHED: _("terbit"),
        Status.ARCHIVED: _("arsip"), Status.WITHDRAWN: _("dicabut"),
    }.get(status, status)


def site_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def to_utc(local: datetime) -> datetime:
    return local.replace(tzinfo=site_zone()).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(site_zone()).replace(tzinfo=None)


def load_article(article_id: int, check=permissions.can_view) -> Article:
    """The article, or 404 when it does not exist and 403 when the user may not touch it."""
    article = db.get_or_404(Article, article_id)
    if not check(current_user, article):
        abort(403)
    return article


def editor_context(form: ArticleForm, article: Article | None) -> dict:
    extend_csp_for_request(style_src=["'unsafe-inline'"], img_src=["blob:"])
    draft_key = form.draft_key.data or secrets.token_urlsafe(12)
    form.draft_key.data = draft_key
    if article is None and request.method == "GET":
        # A fresh "new article": offer back what the writer typed into one never saved.
        newer = autosave.unrecovered_one(current_user, request.args.get("draft"))
    else:
        newer = autosave.newer_than_article(current_user, article, draft_key)
    others = services.touch_presence(article, current_user) if article else []
    scripts = [url for urls in call_hook("articles_editor_scripts") for url in urls]
    return {
        "form": form, "article": article, "server_autosave": newer, "others": others,
        "editor_scripts": scripts, "can_publish": permissions.can_publish(current_user),
        "publish_local": to_local(article.published_at) if article and article.published_at
        else None,
    }


def input_from_form(form: ArticleForm) -> services.ArticleInput:
    return services.ArticleInput(
        title=form.title.data or "", body=form.body.data or "", slug=form.slug.data or "",
        dateline=form.dateline.data or "", lead=form.lead.data or "",
        byline=form.byline.data or "",
        category_id=int(form.category_id.data) if form.category_id.data else None,
        tags=services.parse_tags(form.tags.data or ""), image_id=form.image_id.data,
        image_caption=form.image_caption.data or "", image_credit=form.image_credit.data or "",
        image_alt=form.image_alt.data or "", seo_title=form.seo_title.data or "",
        seo_description=form.seo_description.data or "",
        credits=form.credit_pairs(),
        extra={name[2:]: form[name].data for name in form.extra_fields()},
    )


def fill_form(form: ArticleForm, article: Article) -> None:
    for name in ArticleForm.core_fields:
        value = getattr(article, name)
        if name == "tags":
            value = ", ".join(t.name for t in article.tags)
        elif name == "category_id":
            value = str(value) if value else ""
        getattr(form, name).data = value
    form.version.data = str(article.version)
    for position, credit in enumerate(article.credits, start=1):
        form.credits.append_entry({"user_id": str(credit.user_id), "role": credit.role,
                                   "position": position})
    extra_values: dict = {}
    for values in call_hook("articles_form_values", article=article):
        extra_values.update(values)
    for name, value in extra_values.items():
        if f"x_{name}" in form:
            form[f"x_{name}"].data = value


def build_form(article: Article | None) -> ArticleForm:
    form = article_form_class()()
    form.set_categories(db.session.scalars(select(Category).order_by(Category.position,
                                                                    Category.name)).all())
    if article is not None and request.method == "GET":
        fill_form(form, article)
    people = [user for user in db.session.scalars(select(User).order_by(User.name))
              if user.has_role(Role.JOURNALIST)]
    form.set_people(people, [(role.value, str(label)) for role, label in ROLE_LABELS.items()])
    return form


@bp.route("/")
@role_required(Role.JOURNALIST)
def index():
    finder = finders.from_args(request.args)
    query = finders.build_query(finder, current_user).options(
        selectinload(Article.category), selectinload(Article.author))
    articles = db.paginate(query,
                           page=page_number(clamp=True), per_page=PAGE_SIZE, error_out=False)
    categories = db.session.scalars(select(Category).order_by(Category.position,
                                                              Category.name)).all()
    authors = db.session.scalars(select(User).where(User.id.in_(
        select(Article.author_id).union(select(ArticleAuthor.user_id))))
        .order_by(User.name)).all() if permissions.is_editor(current_user) else []
    return render_template("plugins/articles/admin/index.html", articles=articles,
                           finder=finder, statuses=list(Status), categories=categories,
                           authors=authors, sorts=finders.SORTS,
                           plugin_filters=finders.plugin_filters())


# The editor's form checks its own CSRF token, so a stale token re-shows the writer's
# text with a message instead of the site-wide "form expired" page.
@bp.route("/new", methods=["GET", "POST"])
@csrf.exempt
@role_required(Role.JOURNALIST)
def new():
    form = build_form(None)
    if form.validate_on_submit():
        return _save_and_act(form, None)
    return _editor_page(form, None)


@bp.route("/<int:article_id>/edit", methods=["GET", "POST"])
@csrf.exempt
@role_required(Role.JOURNALIST)
def edit(article_id: int):
    article = load_article(article_id)
    if request.method == "POST" and not permissions.can_edit(current_user, article):
        abort(403)
    form = build_form(article)
    if form.validate_on_submit():
        return _save_and_act(form, article)
    return _editor_page(form, article)


def _editor_page(form: ArticleForm, article: Article | None, status: int = 200):
    if request.method == "POST" and status == 200 and form.errors:
        status = 400
    if "csrf_token" in form.errors:
        flash(_("Formulir ini sudah kedaluwarsa, jadi belum disimpan. Teks Anda masih di sini: "
                "tekan Simpan sekali lagi."), "error")
    return render_template("plugins/articles/admin/editor.html",
                           **editor_context(form, article)), status


def _save_and_act(form: ArticleForm, article: Article | None):
    action = request.form.get("action", "save")
    if action not in ACTIONS:
        abort(400)
    expected = int(form.version.data) if (form.version.data or "").isdigit() else None
    if article is not None and expected is None:
        abort(400)
    refusal = _refusal(action, article)
    if refusal:
        abort(403, refusal)
    try:
        data = input_from_form(form)
        if article is None or permissions.can_edit(current_user, article):
            article = services.save_article(current_user, data, article, expected)
            # A refused action below still leaves this save standing: the form re-shown
            # must name the saved article and its version, or a retry makes a second one.
            form.version.data = str(article.version)
        article = _act(action, article, form)
    except services.PermissionDenied as exc:
        abort(403, str(exc))
    except services.ArticleError as exc:
        # The writer's text is re-shown with the reason, never lost.
        flash(str(exc), "error")
        status = 409 if isinstance(exc, services.EditConflict) else 400
        return _editor_page(form, article, status)
    autosave.discard(current_user, article, form.draft_key.data)
    return redirect(url_for("articles_admin.edit", article_id=article.id, saved=1,
                            cleared=form.draft_key.data))


def _refusal(action: str, article: Article | None) -> str | None:
    """Why the user may not take *action*, asked before anything is saved: the edits that
    come with a refused action are not kept either, so a 403 means nothing changed."""
    if action in ("publish", "unpublish", "archive") and not permissions.can_publish(
            current_user):
        return {"publish": _("Hanya redaktur yang boleh menerbitkan."),
                "unpublish": _("Hanya redaktur yang boleh menarik artikel."),
                "archive": _("Hanya redaktur yang boleh mengarsipkan.")}[action]
    if action == "submit" and article is not None and article.status != Status.DRAFT:
        return _("Hanya draf yang bisa diajukan ke redaktur.")
    return None


def _act(action: str, article: Article, form: ArticleForm) -> Article:
    if action == "submit":
        article = services.submit_for_review(current_user, article)
        flash(_("Artikel diajukan ke redaktur."), "info")
    elif action == "publish":
        when = to_utc(form.publish_at.data) if form.publish_at.data else None
        article = services.publish(current_user, article, when)
        flash(_("Artikel dijadwalkan.") if article.status == Status.SCHEDULED
              else _("Artikel diterbitkan."), "info")
    elif action == "unpublish":
        article = services.unpublish(current_user, article)
        flash(_("Artikel ditarik dari situs."), "info")
    elif action == "archive":
        article = services.archive(current_user, article)
        flash(_("Artikel diarsipkan."), "info")
    else:
        flash(_("Artikel disimpan."), "info")
    return article


@bp.route("/<int:article_id>/delete", methods=["POST"])
@role_required(Role.JOURNALIST)
def delete(article_id: int):
    article = load_article(article_id, permissions.can_delete)
    services.delete_article(current_user, article)
    flash(_("Artikel dihapus."), "info")
    return redirect(url_for("articles_admin.index"))


@bp.route("/autosave", methods=["POST"])
@role_required(Role.JOURNALIST)
def autosave_new():
    return _autosave(None)


@bp.route("/drafts/<draft_key>/discard", methods=["POST"])
@role_required(Role.JOURNALIST)
def discard_draft(draft_key: str):
    """The writer does not want an unsaved draft back: forget it on the server."""
    if autosave.unrecovered_one(current_user, draft_key) is None:
        abort(404)
    autosave.discard(current_user, None, draft_key)
    flash(_("Teks yang belum disimpan itu dibuang."), "info")
    return redirect(url_for("articles_admin.new", cleared=draft_key))


@bp.route("/<int:article_id>/autosave", methods=["POST"])
@role_required(Role.JOURNALIST)
def autosave_existing(article_id: int):
    return _autosave(load_article(article_id, permissions.can_edit))


def _autosave(article: Article | None):
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("fields"), dict):
        return jsonify(error=_("Data simpan otomatis tidak valid.")), 400
    try:
        row = autosave.store(current_user, str(payload.get("draft_key", "")), payload["fields"],
                             article)
    except autosave.AutosaveTooLarge as exc:
        return jsonify(error=str(exc)), 413
    except autosave.AutosaveError as exc:
        return jsonify(error=str(exc)), 400
    others = services.touch_presence(article, current_user) if article else []
    return jsonify(saved_at=row.saved_at.isoformat() + "Z", csrf_token=generate_csrf(),
                   others=[user.name for user in others],
                   version=article.version if article else None)


@bp.route("/<int:article_id>/preview")
@role_required(Role.JOURNALIST)
def preview(article_id: int):
    article = load_article(article_id)
    return render_template("plugins/articles/article.html", article=article, preview=True)


@bp.route("/<int:article_id>/revisions")
@role_required(Role.JOURNALIST)
def revisions(article_id: int):
    article = load_article(article_id)
    rows = db.session.scalars(select(Revision).where(Revision.article_id == article.id)
                              .order_by(Revision.number.desc())).all()
    return render_template("plugins/articles/admin/revisions.html", article=article,
                           revisions=rows, can_restore=permissions.is_editor(current_user))


def _revision(article: Article, number: int | None) -> Revision:
    row = db.session.scalar(select(Revision).where(Revision.article_id == article.id,
                                                   Revision.number == number))
    if row is None:
        abort(404)
    return row


@bp.route("/<int:article_id>/revisions/compare")
@role_required(Role.EDITOR)
def compare(article_id: int):
    article = load_article(article_id)
    older = _revision(article, request.args.get("a", type=int))
    newer = _revision(article, request.args.get("b", type=int))
    return render_template("plugins/articles/admin/compare.html", article=article,
                           older=older, newer=newer, changes=diff_revisions(older, newer))


@bp.route("/<int:article_id>/revisions/<int:number>/restore", methods=["POST"])
@role_required(Role.EDITOR)
def restore(article_id: int, number: int):
    article = load_article(article_id, permissions.can_edit)
    try:
        services.restore_revision(current_user, article, _revision(article, number))
    except services.ArticleError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Revisi #%(n)d dipulihkan sebagai revisi baru.", n=number), "info")
    return redirect(url_for("articles_admin.revisions", article_id=article.id))
