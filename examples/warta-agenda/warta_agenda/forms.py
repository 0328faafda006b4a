"""Forms: an event (editors) and the plugin's settings (admins)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class EventForm(FlaskForm):
    title = StringField("Nama kegiatan", validators=[DataRequired(), Length(max=200)])
    starts_at = DateTimeLocalField("Waktu (WIB)", validators=[DataRequired()],
                                   format="%Y-%m-%dT%H:%M")
    place = StringField("Tempat", validators=[DataRequired(), Length(max=200)])
    organiser = StringField("Penyelenggara", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Keterangan", validators=[Optional(), Length(max=5000)])


class SettingsForm(FlaskForm):
    upcoming = IntegerField("Jumlah agenda mendatang di blok",
                            validators=[DataRequired(), NumberRange(min=1, max=20)])
