"""Dates as Indonesian readers write them: "Senin, 13 Juni 2022 09:30 WIB"."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime as format_datetime_rfc

from babel import Locale
from flask import Flask
from flask_babel import format_datetime, get_locale, get_timezone

from cms.clock import utcnow
from cms.site import timezone_abbreviation

LONG = "EEEE, d MMMM yyyy HH:mm"
SHORT = "d MMM yyyy HH:mm"
DAY = "EEEE, d MMMM yyyy"


def long_date(moment: datetime | None, pattern: str = LONG) -> str:
    """A stored (naive UTC) time in the site's zone, with WIB, WITA or WIT after it."""
    if moment is None:
        return ""
    quick = _QUICK.get(pattern)
    text = quick(moment) if quick is not None else format_datetime(moment, pattern)
    zone = timezone_abbreviation()
    return f"{text} {zone}" if zone and "HH" in pattern else text


def _local(moment: datetime) -> tuple[datetime, Locale]:
    """``moment`` in the reader's zone, and their locale: what Flask-Babel would use."""
    zone = get_timezone()
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
    if hasattr(zone, "normalize"):
        local = zone.normalize(local)
    return local, get_locale()


def _long(moment: datetime) -> str:
    local, locale = _local(moment)
    return (f"{locale.days['format']['wide'][local.weekday()]}, {local.day} "
            f"{locale.months['format']['wide'][local.month]} {local.year:04d} "
            f"{local.hour:02d}:{local.minute:02d}")


def _short(moment: datetime) -> str:
    local, locale = _local(moment)
    return (f"{local.day} {locale.months['format']['abbreviated'][local.month]} "
            f"{local.year:04d} {local.hour:02d}:{local.minute:02d}")


def _day(moment: datetime) -> str:
    local, locale = _local(moment)
    return (f"{locale.days['format']['wide'][local.weekday()]}, {local.day} "
            f"{locale.months['format']['wide'][local.month]} {local.year:04d}")


#: The site's own patterns, written out field by field: Babel parses and formats a
#: pattern in about 20 µs, and a home page shows some 45 dates. Each field is read from
#: the locale's data exactly as Babel reads it (``tests/test_dates.py`` holds them equal);
#: any other pattern goes through Babel.
_QUICK = {LONG: _long, SHORT: _short, DAY: _day}


def short_date(moment: datetime | None) -> str:
    return long_date(moment, SHORT)


def day_date(moment: datetime | None) -> str:
    """Just the day: "Senin, 13 Juni 2022" (a newspaper's dateline)."""
    return long_date(moment, DAY)


def iso_datetime(moment: datetime) -> str:
    """A stored (naive UTC) time for machines: ``2026-12-05T04:16:21Z``, in whole seconds.

    For ``datetime`` attributes, JSON-LD and JSON answers: the HTML checker rejects the
    six-digit fractions a bare ``isoformat()`` writes, and no reader needs them.
    """
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def rfc822(moment: datetime) -> str:
    """RSS wants RFC 822 dates; stored times are naive UTC."""
    return format_datetime_rfc(moment.replace(tzinfo=UTC))


def init_app(app: Flask) -> None:
    app.add_template_filter(rfc822, "rfc822")
    app.add_template_filter(iso_datetime, "iso")
    app.add_template_filter(long_date, "tanggal")
    app.add_template_filter(day_date, "tanggal_hari")
    app.add_template_global(utcnow, "now")
    app.add_template_filter(short_date, "tanggal_pendek")
