"""Editors' desk pages: rubrik (categories) and the media library."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from cms.api import (
    Role,
    db,
    invalidate,
    limiter,
    make_slug,
    page_number,
    role_required,
    unique_slug,
)
from plugins.articles import media, rubrik
from plugins.articles.models import Article, Category, Media

bp = Blueprint("articles_desk", __name__, url_prefix="/admin")
files = Blueprint("articles_files", __name__)


class CategoryForm(FlaskForm):
    name = StringField(_l("Nama rubrik"), validators=[DataRequired(), Length(max=80)])
    description = StringField(_l("Deskripsi"), validators=[Optional(), Length(max=500)])
    position = IntegerField(_l("Urutan"), default=0, validators=[Optional()])
    #: Checked on save (:func:`_save_category`), so every refusal says why in Indonesian.
    parent_id = SelectField(_l("Induk rubrik"), coerce=str, default="", validate_choice=False)

    def set_parents(self, categories: list[Category], editing: Category | None = None) -> None:
        """Any rubrik but the one being edited is offered; loops are refused on save."""
        self.parent_id.choices = [SelectChoice("", _l("— tanpa induk —"))] + [
            SelectChoice(str(c.id), c.name) for c in categories if c is not editing]


class MediaForm(FlaskForm):
    caption = StringField(_l("Keterangan"), validators=[Optional(), Length(max=500)])
    credit = StringField(_l("Kredit foto"), validators=[Optional(), Length(max=200)])
    alt = StringField(_l("Teks alternatif"), validators=[Optional(), Length(max=300)])


def _all_categories() -> list[Category]:
    return db.session.scalars(select(Category).order_by(Category.position, Category.name)).all()


def _save_category(form: CategoryForm, category: Category) -> bool:
    """Copy the form onto ``category``; False (the reason shown by the field) when its
    parent is refused: unknown, itself or below it."""
    category.name = form.name.data.strip()
    category.description = form.description.data or ""
    category.position = form.position.data or 0
    chosen = form.parent_id.data or ""
    parent = db.session.get(Category, int(chosen)) if (
        chosen.isdigit() and len(chosen) < 10) else None  # beyond any id: refused, not a 500
    refused = _("Rubrik induk itu tidak ada; pilih dari daftar.") if chosen and not parent \
        else None
    if refused is None:
        try:
            rubrik.set_parent(category, parent)
        except rubrik.RubrikCycle as exc:
            refused = str(exc)
    if refused is not None:
        db.session.rollback()
        form.parent_id.errors = [*form.parent_id.errors, refused]
        return False
    db.session.commit()
    invalidate()  # the navigation lists the rubrik, a parent's page lists its children's
    return True


@bp.route("/categories", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def categories():
    form = CategoryForm()
    rows = _all_categories()
    form.set_parents(rows)
    if form.validate_on_submit():
        slug = make_slug(form.name.data)
        if not slug:
            flash(_("Nama rubrik harus berisi huruf atau angka."), "error")
        else:
            slug = unique_slug(slug, lambda s: db.session.scalar(
                select(Category.id).where(Category.slug == s)) is not None)
            category = Category(slug=slug)
            db.session.add(category)
            if _save_category(form, category):
                flash(_("Rubrik %(name)s ditambahkan.", name=form.name.data), "info")
                return redirect(url_for("articles_desk.categories"))
    counts = dict(db.session.execute(
        select(Article.category_id, func.count()).group_by(Article.category_id)).all())
    return render_template("plugins/articles/admin/categories.html", form=form, categories=rows,
                           counts=counts, names={c.id: c.name for c in rows})


@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def edit_category(category_id: int):
    category = db.get_or_404(Category, category_id)
    form = CategoryForm(data={"name": category.name, "description": category.description,
                              "position": category.position,
                              "parent_id": str(category.parent_id or "")})
    form.set_parents(_all_categories(), editing=category)
    status = 200
    if form.validate_on_submit():
        if _save_category(form, category):
            flash(_("Rubrik %(name)s disimpan.", name=category.name), "info")
            return redirect(url_for("articles_desk.categories"))
        category = db.get_or_404(Category, category_id)
        status = 400
    return render_template("plugins/articles/admin/category.html", form=form,
                           category=category), status


@bp.route("/categories/<int:category_id>/delete", methods=["POST"])
@role_required(Role.EDITOR)
def delete_category(category_id: int):
    category = db.get_or_404(Category, category_id)
    db.session.delete(category)
    db.session.commit()
    invalidate()
    flash(_("Rubrik %(name)s dihapus; artikelnya kini tanpa rubrik.", name=category.name),
          "info")
    return redirect(url_for("articles_desk.categories"))


def _upload_limit() -> str:
    return current_app.config.get("ARTICLES_UPLOAD_RATE_LIMIT", "30 per minute; 300 per hour")


def _uploader() -> str:
    """Uploads are limited per person, wherever they upload from."""
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else (
        request.remote_addr or "")


#: Both upload routes draw on one allowance per person.
upload_limit = limiter.shared_limit(_upload_limit, scope="articles-upload",
                                    key_func=_uploader, methods=["POST"])


@bp.route("/media", methods=["GET", "POST"])
@upload_limit
@role_required(Role.JOURNALIST)
def media_library():
    form = MediaForm()
    status = 200
    if form.validate_on_submit():
        try:
            item = media.save_upload(request.files.get("file"), current_user, form.caption.data,
                                     form.credit.data, form.alt.data)
        except media.ImageTooLarge as exc:
            flash(str(exc), "error")
            status = 413
        except media.ImageRejected as exc:
            flash(str(exc), "error")
            status = 400
        else:
            flash(_("Gambar #%(id)d diunggah.", id=item.id), "info")
            return redirect(url_for("articles_desk.media_library"))
    items = db.paginate(media.library_query(current_user),
                        page=page_number(clamp=True), per_page=40, error_out=False)
    return render_template("plugins/articles/admin/media.html", form=form, items=items), status


def save_posted_image() -> Media:
    """The image a newsroom script posted (``file``, ``caption``, ``credit``, ``alt``).

    :raises media.ImageRejected: answer it with :func:`refused_upload`.
    """
    return media.save_upload(request.files.get("file"), current_user,
                             request.form.get("caption", ""), request.form.get("credit", ""),
                             request.form.get("alt", ""))


def refused_upload(exc: media.ImageRejected) -> tuple[Response, int]:
    """A script's refused upload: ``{"error": why}``, 413 when it is too large."""
    return jsonify(error=str(exc)), 413 if isinstance(exc, media.ImageTooLarge) else 400


@bp.route("/media/editor-upload", methods=["POST"])
@upload_limit
@role_required(Role.JOURNALIST)
def editor_upload():
    """The editor's image button posts here and gets ``{"location": url}`` back."""
    try:
        item = save_posted_image()
    except media.ImageRejected as exc:
        return refused_upload(exc)
    return jsonify(location=media.url_for_media(item.path), id=item.id)


@files.route("/uploads/<path:path>")
def uploaded(path: str):
    return media.serve_upload(path)
