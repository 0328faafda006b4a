"""Admin forms: users and site settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from cms.models import ROLES
from cms.site import COLOR, TIMEZONES


class UserCreateForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Nama"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Peran"), choices=[SelectChoice(r, r) for r in ROLES],
                       default="journalist")
    password = PasswordField(
        _l("Kata sandi (kosongkan untuk dibuatkan)"), validators=[Optional()]
    )


class UserInviteForm(FlaskForm):
    """The person sets their own password from the mailed link; nobody else learns it."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Nama"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Peran"), choices=[SelectChoice(r, r) for r in ROLES],
                       default="journalist")


class UserEmailForm(FlaskForm):
    email = EmailField(_l("Email baru"), validators=[DataRequired(), Length(max=254)])


class UserRoleForm(FlaskForm):
    role = SelectField(_l("Peran"), choices=[SelectChoice(r, r) for r in ROLES])


class SiteSettingsForm(FlaskForm):
    site_name = StringField(_l("Nama situs"), validators=[DataRequired(), Length(max=80)])
    tagline = StringField(_l("Slogan"), validators=[Optional(), Length(max=160)])
    language = SelectField(
        _l("Bahasa"),
        choices=[SelectChoice("id", "Bahasa Indonesia"), SelectChoice("en", "English")],
    )
    timezone = SelectField(
        _l("Zona waktu"),
        choices=[SelectChoice(zone, f"{abbreviation} ({zone})")
                 for zone, abbreviation in TIMEZONES.items()],
    )
    accent_color = StringField(
        _l("Warna utama (#rrggbb)"),
        validators=[DataRequired(),
                    Regexp(COLOR.pattern, message=_l("Tulis warna seperti #c0392b."))],
    )
    logo = FileField(_l("Logo (PNG, JPEG atau WebP)"))
    # The brand beyond the logo: header, feeds, JSON-LD publisher and social cards.
    logo_dark = FileField(
        _l("Logo untuk latar gelap"),
        description=_l("Dipakai bila perangkat pembaca memakai mode gelap."))
    favicon = FileField(_l("Ikon situs (favicon), persegi"))
    theme_color = StringField(
        _l("Warna bilah browser di ponsel (#rrggbb)"),
        validators=[Optional(), Regexp(COLOR.pattern, message=_l("Tulis warna seperti #c0392b."))],
        description=_l("Kosongkan untuk memakai warna utama."))
