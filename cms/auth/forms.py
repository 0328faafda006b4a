"""Login and account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length


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
