"""Dates on pages read as Babel writes them, in the reader's language and the site's zone:
the site's own patterns are written out field by field (for speed), so they are held
equal to Babel's formatting here, across languages, zones, days and years."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from babel.dates import get_timezone
from flask import g
from flask_babel import format_datetime

from cms.dates import DAY, LONG, SHORT, day_date, long_date, short_date
from cms.site import TIMEZONES, timezone_abbreviation

MOMENTS = [datetime(2022, 6, 13, 2, 30) + timedelta(days=37 * n, minutes=611 * n)
           for n in range(40)] + [datetime(999, 1, 1, 0, 5), datetime(2026, 12, 31, 23, 59)]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("zone", sorted(TIMEZONES))
def test_site_patterns_read_as_babel_writes_them(app, language, zone):
    with app.test_request_context(f"/?lang={language}"):
        g.babel_tzinfo = get_timezone(zone)
        suffix = f" {timezone_abbreviation()}"
        assert format_datetime(MOMENTS[0], "HH") != format_datetime(MOMENTS[0], "HH",
                                                                    rebase=False)
        for moment in MOMENTS:
            assert long_date(moment) == format_datetime(moment, LONG) + suffix
            assert short_date(moment) == format_datetime(moment, SHORT) + suffix
            assert day_date(moment) == format_datetime(moment, DAY)


def test_other_patterns_still_go_through_babel(app):
    with app.test_request_context("/?lang=id"):
        g.babel_tzinfo = get_timezone("Asia/Jakarta")
        assert long_date(datetime(2022, 6, 13, 2, 30), "d/M/yy") == "13/6/22"
        assert long_date(None) == ""
