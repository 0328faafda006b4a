"""The editors' forms, and the masthead ("Boks Redaksi") settings form admins fill in."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import Field, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError

from plugins.redaksi import masthead
from plugins.redaksi.models import Kind
from plugins.redaksi.services import MAX_NOTE, MAX_REASON, MAX_TEXT, log


class AtMost(Length):
    """A length limit that explains itself in Indonesian (WTForms' default is English),
    in the plural form the reader's language needs; the field keeps its ``maxlength``."""

    def __init__(self, limit: int) -> None:
        super().__init__(max=limit)

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if len(field.data or "") > self.max:
            raise ValidationError(ngettext("Paling panjang %(num)d karakter.",
                                           "Paling panjang %(num)d karakter.", num=self.max))


class CorrectionForm(FlaskForm):
    # The service checks the kind and says why in Indonesian (WTForms would in English).
    kind = SelectField(_l("Jenis"), validate_choice=False, choices=[
        SelectChoice(Kind.RALAT.value, _l("Ralat")),
        SelectChoice(Kind.KOREKSI.value, _l("Koreksi")),
        SelectChoice(Kind.HAK_JAWAB.value, _l("Hak jawab")),
    ])
    text = TextAreaField(_l("Isi yang dimuat"), validators=[
        DataRequired(_l("Isi ralat, koreksi, atau hak jawab wajib diisi.")),
        AtMost(MAX_TEXT)])


class VerificationForm(FlaskForm):
    text = TextAreaField(_l("Keterangan untuk pembaca (boleh kosong)"),
                         validators=[Optional(), AtMost(MAX_NOTE)])


class WithdrawalForm(FlaskForm):
    reason = TextAreaField(_l("Alasan pencabutan (tampil kepada publik)"),
                           validators=[DataRequired(_l("Alasan pencabutan wajib diisi.")),
                                       AtMost(MAX_REASON)])


def web_address(form: FlaskForm, field: StringField) -> None:
    """Only http(s) links: the address ends up in an ``href`` on every public page."""
    if field.data and not masthead.is_web_address(field.data):
        raise ValidationError(_l("Tuliskan alamat lengkap yang diawali https://"))


class MastheadForm(FlaskForm):
    """The masthead UU Pers article 12 asks for, on the plugin's settings page.

    Saving it is a press-law action, so a valid submission also adds an audit entry to the
    session; the settings page's commit stores both together (the core has no hook after
    a settings save).
    """

    legal_name = StringField(_l("Nama badan hukum penerbit"),
                             validators=[Optional(), AtMost(200)])
    address = TextAreaField(_l("Alamat redaksi"), validators=[Optional(), AtMost(500)])
    penanggung_jawab = StringField(_l("Penanggung jawab"),
                                   validators=[Optional(), AtMost(200)])
    editors = TextAreaField(_l("Susunan redaksi (satu per baris, mis. Pemimpin Redaksi: Nama)"),
                            validators=[Optional(), AtMost(3000)])
    press_council_status = SelectField(
        _l("Status verifikasi Dewan Pers"), validate_choice=False,
        choices=[SelectChoice(value, label) for value, label in masthead.STATUSES.items()],
        validators=[AnyOf(list(masthead.STATUSES), message=_l("Pilih salah satu status."))])
    press_council_url = StringField(_l("Tautan ke data perusahaan pers di situs Dewan Pers"),
                                    validators=[Optional(), AtMost(500), web_address])

    def validate(self, extra_validators: Any = None) -> bool:
        """Validate, and log what changed: the only moment the plugin sees a save."""
        valid = super().validate(extra_validators)
        if valid and current_user.is_authenticated:
            changed = masthead.changed_fields(self)
            if changed:
                log(current_user, "masthead", detail=", ".join(changed))
        return valid
