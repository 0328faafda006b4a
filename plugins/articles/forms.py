"""The article editor form; plugins add fields through the ``articles_form_fields`` hook."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from cms.api import MAX_HTML_CHARS, HtmlTooLarge, call_hook, check_html_size

#: The editor, autosave and the sanitizer take the same longest body.
MAX_BODY_CHARS = MAX_HTML_CHARS


def within_sanitizer_limits(form: FlaskForm, field: TextAreaField) -> None:
    """Refuse a body the sanitizer would refuse, so the editor shows why and keeps the text."""
    if len(field.data or "") > MAX_BODY_CHARS:
        return  # ``Length`` says so already
    try:
        check_html_size(field.data or "")
    except HtmlTooLarge as exc:
        raise ValidationError(str(exc)) from None


class ArticleForm(FlaskForm):
    title = StringField(_l("Judul"), validators=[DataRequired(), Length(max=300)])
    slug = StringField(_l("Slug (alamat)"), validators=[Optional(), Length(max=200)])
    dateline = StringField(_l("Dateline (tempat)"), validators=[Optional(), Length(max=80)])
    lead = TextAreaField(_l("Ringkasan"), validators=[Optional(), Length(max=2000)])
    body = TextAreaField(_l("Isi berita"), validators=[Optional(), Length(max=MAX_BODY_CHARS),
                                                       within_sanitizer_limits])
    byline = StringField(_l("Kode penulis"), validators=[Optional(), Length(max=40)])
    category_id = SelectField(_l("Rubrik"), coerce=str, validate_choice=True)
    tags = StringField(_l("Tag (pisahkan dengan koma)"), validators=[Optional(), Length(max=1500)])
    image_id = IntegerField(_l("Gambar utama (nomor media)"), validators=[Optional()])
    image_caption = StringField(_l("Keterangan foto"), validators=[Optional(), Length(max=500)])
    image_credit = StringField(_l("Kredit foto"), validators=[Optional(), Length(max=200)])
    image_alt = StringField(_l("Teks alternatif foto"), validators=[Optional(), Length(max=300)])
    seo_title = StringField(_l("Judul SEO"), validators=[Optional(), Length(max=200)])
    seo_description = TextAreaField(_l("Deskripsi SEO"), validators=[Optional(), Length(max=300)])
    publish_at = DateTimeLocalField(_l("Waktu terbit"), validators=[Optional()],
                                    format=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"])
    version = HiddenField()
    draft_key = HiddenField()

    core_fields = (
        "title", "slug", "dateline", "lead", "body", "byline", "category_id", "tags",
        "image_id", "image_caption", "image_credit", "image_alt", "seo_title",
        "seo_description",
    )

    def set_categories(self, categories: list[Any]) -> None:
        self.category_id.choices = [SelectChoice("", _l("— pilih rubrik —"))] + [
            SelectChoice(str(c.id), c.name) for c in categories
        ]

    def extra_fields(self) -> list[str]:
        return [name for name in self._fields if name.startswith("x_")]


def article_form_class() -> type[ArticleForm]:
    """The editor form with every enabled plugin's fields (prefixed ``x_`` in the form)."""
    extra: dict[str, Any] = {}
    for fields in call_hook("articles_form_fields"):
        extra.update({f"x_{name}": value for name, value in fields.items()})
    if not extra:
        return ArticleForm
    return type("ArticleFormWithPlugins", (ArticleForm,), extra)
