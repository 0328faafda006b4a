"""Forms of the advertorial plugin: sponsors, contracts, partner accounts, the partner's
draft, and the site's setting."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from plugins.advertorial.models import OverQuota, SponsorKind


def _web_address(form: FlaskForm, field: StringField) -> None:
    value = (field.data or "").strip()
    if value and (urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc):
        raise ValidationError(_l("Tulis alamat lengkap, misalnya https://kedirikab.go.id"))


class SponsorForm(FlaskForm):
    name = StringField(_l("Nama sponsor"), validators=[DataRequired(), Length(max=150)])
    kind = SelectField(_l("Jenis"), choices=[
        SelectChoice(kind.value, kind.display_name) for kind in SponsorKind])
    website = StringField(_l("Situs web"), validators=[Optional(), Length(max=300),
                                                       _web_address])
    contact = StringField(_l("Kontak (nama, telepon, email)"),
                          validators=[Optional(), Length(max=300)])
    disclosure = TextAreaField(
        _l("Teks pengungkapan"), validators=[Optional(), Length(max=2000)],
        description=_l("Tampil di atas isi setiap advertorialnya, misalnya \"Artikel ini "
                       "hasil kerja sama dengan Diskominfo Kabupaten Kediri.\""))
    logo_id = IntegerField(_l("Logo (nomor media)"), validators=[Optional()])
    logo_upload = FileField(_l("…atau unggah logo"))


class ContractForm(FlaskForm):
    number = StringField(_l("Nomor kontrak/SPK"), validators=[DataRequired(), Length(max=80)])
    starts_on = DateField(_l("Mulai"), validators=[DataRequired()])
    ends_on = DateField(_l("Selesai"), validators=[DataRequired()])
    quota = IntegerField(_l("Kuota artikel"), validators=[DataRequired(), NumberRange(min=1,
                                                                                    max=10000)])
    price_note = StringField(_l("Catatan harga"), validators=[Optional(), Length(max=300)])
    over_quota = SelectField(
        _l("Artikel melebihi kuota"), default=OverQuota.REFUSE.value,
        choices=[SelectChoice(choice.value, choice.display_name) for choice in OverQuota],
        description=_l("Tolak: artikel di luar kuota tidak bisa terbit kecuali redaktur "
                       "mengizinkannya di editor, dan izin itu tercatat di riwayat revisi."))

    def validate_ends_on(self, field: DateField) -> None:
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Tanggal selesai tidak boleh sebelum tanggal mulai."))


class PartnerLinkForm(FlaskForm):
    email = EmailField(_l("Email akun mitra"), validators=[DataRequired(), Length(max=254)])


class PartnerArticleForm(FlaskForm):
    """A partner's draft: plain text in paragraphs, one photo; the desk does the rest."""

    title = StringField(_l("Judul"), validators=[DataRequired(), Length(max=300)])
    dateline = StringField(_l("Dateline (tempat)"), validators=[Optional(), Length(max=80)])
    lead = TextAreaField(_l("Ringkasan"), validators=[Optional(), Length(max=2000)])
    body = TextAreaField(
        _l("Isi"), validators=[Optional(), Length(max=200_000)],
        description=_l("Pisahkan paragraf dengan satu baris kosong."))
    image = FileField(_l("Foto utama"))
    image_caption = StringField(_l("Keterangan foto"), validators=[Optional(), Length(max=500)])


class AdvertorialSettingsForm(FlaskForm):
    keep_out_of_top_blocks = BooleanField(
        _l("Jangan jadikan advertorial berita utama atau bagian dari Terpopuler"),
        description=_l("Advertorial tetap tampil berlabel di daftar berita terbaru, di "
                       "rubriknya dan di blok Advertorial."))


DEFAULT_SETTINGS = {"keep_out_of_top_blocks": True}
