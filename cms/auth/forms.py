"""Login and account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from cms.auth.twofactor import MAX_REMEMBER_DAYS
from cms.models import ROLES


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(), Length(max=1024)])
    remember = BooleanField(_l("Ingat saya"))
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Kata sandi sekarang"), validators=[DataRequired()])
    new_password = PasswordField(_l("Kata sandi baru"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[DataRequired(), EqualTo("new_password", _l("Kata sandi tidak sama."))],
    )


def _code_field(label: str) -> StringField:
    return StringField(label, validators=[DataRequired(), Length(max=64)],
                       render_kw={"inputmode": "text", "autocomplete": "one-time-code",
                                  "spellcheck": "false", "autocapitalize": "none"})


class TwoFactorLoginForm(FlaskForm):
    """The second login step: a code from the app, or one recovery code."""

    code = _code_field(_l("Kode dari aplikasi autentikator atau kode pemulihan"))
    remember = BooleanField(_l("Ingat browser ini"))


class TwoFactorEnableForm(FlaskForm):
    code = _code_field(_l("Kode 6 angka dari aplikasi"))


class TwoFactorConfirmForm(FlaskForm):
    """Proof that the person at the keyboard holds the account: a current code or the password."""

    code = StringField(_l("Kode dari aplikasi"), validators=[Optional(), Length(max=64)],
                       render_kw={"autocomplete": "one-time-code"})
    password = PasswordField(_l("atau kata sandi"), validators=[Optional(), Length(max=1024)])


class TwoFactorPolicyForm(FlaskForm):
    required_roles = SelectMultipleField(
        _l("Wajib verifikasi dua langkah untuk peran"),
        choices=[SelectChoice(role, role) for role in ROLES],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validate_choice=True,
    )
    remember_days = IntegerField(
        _l("Ingat browser selama (hari, 0 = tidak pernah)"),
        validators=[InputRequired(), NumberRange(min=0, max=MAX_REMEMBER_DAYS)],
    )
