"""The article editor form; plugins add fields through the ``articles_form_fields`` hook."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
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


class CreditForm(Form):
    """One co-author row of the editor; a row without a person is dropped on save."""

    user_id = SelectField(_l("Nama"), coerce=str, validate_choice=False)
    role = SelectField(_l("Peran"), coerce=str, validate_choice=False)
    position = IntegerField(_l("Urutan"), validators=[Optional()])


#: Empty co-author rows the editor offers below the filled ones.
BLANK_CREDIT_ROWS = 2


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
    credits = FieldList(FormField(CreditForm), label=_l("Penulis lain"), max_entries=24)
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

    def set_people(self, people: list[Any], roles: list[tuple[str, str]]) -> None:
        """Offer ``people`` and ``roles`` in every co-author row, with blank rows to add more."""
        for _blank in range(BLANK_CREDIT_ROWS):
            self.credits.append_entry()
        for row in self.credits:
            row.user_id.choices = [SelectChoice("", _l("— tidak ada —"))] + [
                SelectChoice(str(p.id), p.name) for p in people]
            row.role.choices = [SelectChoice(value, label) for value, label in roles]

    def credit_pairs(self) -> list[tuple[int, str]]:
        """The rows naming a person, ordered by their "Urutan" (then as listed)."""
        rows = [(row.position.data if row.position.data is not None else index, index,
                 row.user_id.data, row.role.data)
                for index, row in enumerate(self.credits)
                if (row.user_id.data or "").isdigit() and len(row.user_id.data) < 10]
        return [(int(user_id), role) for _pos, _index, user_id, role in sorted(rows)]

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
