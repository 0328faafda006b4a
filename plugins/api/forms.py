"""The admin's forms: a partner's API key, and a webhook endpoint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from plugins.api.webhooks import EVENTS


def _text(value: object) -> object:
    """A JSON body's number or list where a browser sends text: read as text, so the
    field's own checks answer (Flask-WTF reads JSON bodies as form data)."""
    return value if value is None or isinstance(value, str) else str(value)


#: The rate limits an admin may give a partner's key.
KEY_LIMITS = ("600 per minute", "1200 per minute", "6000 per minute")


class KeyForm(FlaskForm):
    name = StringField(_l("Nama mitra"), validators=[DataRequired(), Length(max=120)],
                       filters=[_text])
    rate_limit = SelectField(_l("Batas permintaan"),
                             choices=[SelectChoice(v, v) for v in KEY_LIMITS])


class ConfirmForm(FlaskForm):
    """A button that changes something: the form exists for its CSRF token."""


class WebhookForm(FlaskForm):
    url = StringField(_l("Alamat (https://…)"), validators=[DataRequired(), Length(max=500)],
                      filters=[_text])
    events = SelectMultipleField(_l("Peristiwa"), validators=[DataRequired()],
                                 choices=[SelectChoice(name, name) for name in EVENTS])
    description = StringField(_l("Keterangan"), validators=[Length(max=200)],
                              filters=[_text])
