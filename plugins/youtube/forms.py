"""Forms of the YouTube plugin: its editor field and the site's settings."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import Length, Optional

from plugins.youtube.urls import MAX_URL_LENGTH


def editor_fields() -> dict[str, Any]:
    """The featured-video field; it is checked on save, where a refusal keeps the text."""
    return {
        "youtube_url": StringField(
            _l("Video utama (alamat YouTube)"),
            validators=[Optional(), Length(max=MAX_URL_LENGTH)],
            description=_l("Tempel alamat satu video; kosongkan bila tidak ada."),
        )
    }


class YouTubeSettingsForm(FlaskForm):
    local_thumbnails = BooleanField(
        _l("Simpan gambar pratinjau video di server ini"),
        description=_l("Pembaca tidak menghubungi server Google sebelum menekan putar. "
                       "Bila dimatikan, browser pembaca memuat gambar dari server YouTube."),
    )


DEFAULT_SETTINGS = {"local_thumbnails": True}
