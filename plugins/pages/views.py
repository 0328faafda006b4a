"""Reading a page, and editors' pages to write them."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import Row, select
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from cms.api import (
    Role,
    clean_html,
    db,
    extend_csp_for_request,
    invalidate,
    make_slug,
    role_required,
    unique_slug,
)
from plugins.pages.models import Page

public = Blueprint("pages", __name__)
admin = Blueprint("pages_admin", __name__, url_prefix="/admin/pages", static_folder="static",
                  static_url_path="/static")


class PageForm(FlaskForm):
    title = StringField(_l("Judul"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Slug (alamat)"), validators=[Optional(), Length(max=120)])
    body = TextAreaField(_l("Isi"), validators=[Optional(), Length(max=2_000_000)])
    in_footer = BooleanField(_l("Tautkan di kaki halaman"), default=True)
    position = IntegerField(_l("Urutan"), default=0, validators=[Optional()])


def footer_pages() -> list[Row]:
    """The footer's links: slug and title only (every page shows them; bodies are long)."""
    return db.session.execute(_FOOTER_PAGES).all()


#: Built once, not on every page.
_FOOTER_PAGES = (select(Page.slug, Page.title).where(Page.in_footer)
                 .order_by(Page.position, Page.title))


def footer_links() -> Markup:
    return Markup(render_template("plugins/pages/footer.html", pages=footer_pages()))


@public.route("/halaman/<slug>")
def page(slug: str):
    found = db.first_or_404(select(Page).where(Page.slug == slug))
    return render_template("plugins/pages/page.html", page=found)


@admin.route("/")
@role_required(Role.EDITOR)
def index():
    pages = db.session.scalars(select(Page).order_by(Page.position, Page.title)).all()
    return render_template("plugins/pages/admin/index.html", pages=pages)


@admin.route("/new", methods=["GET", "POST"])
@admin.route("/<int:page_id>", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def edit(page_id: int | None = None):
    found = db.get_or_404(Page, page_id) if page_id else None
    form = PageForm(obj=found)
    if form.validate_on_submit():
        found = found or Page()
        wanted = make_slug(form.slug.data or form.title.data) or "halaman"
        if wanted != found.slug:
            found.slug = unique_slug(wanted, lambda s: db.session.scalar(
                select(Page.id).where(Page.slug == s, Page.id != found.id)) is not None)
        found.title = form.title.data.strip()
        found.body = clean_html(form.body.data or "")
        found.in_footer = form.in_footer.data
        found.position = form.position.data or 0
        db.session.add(found)
        db.session.commit()
        invalidate()
        flash(_("Halaman disimpan."), "info")
        return redirect(url_for("pages_admin.edit", page_id=found.id))
    extend_csp_for_request(style_src=["'unsafe-inline'"], img_src=["blob:"])
    return render_template("plugins/pages/admin/edit.html", form=form, page=found), (
        400 if form.errors else 200)


@admin.route("/<int:page_id>/delete", methods=["POST"])
@role_required(Role.EDITOR)
def delete(page_id: int):
    found = db.get_or_404(Page, page_id)
    db.session.delete(found)
    db.session.commit()
    invalidate()
    flash(_("Halaman %(title)s dihapus.", title=found.title), "info")
    return redirect(url_for("pages_admin.index"))
