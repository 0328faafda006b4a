"""What the read API's operations accept: each parameter's schema for the OpenAPI
document, and the parser that turns its text into a value or a message for the client."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from flask_babel import get_timezone
from flask_babel import gettext as _

from cms.api import LARGEST_ID, SORT_NEWEST, SORT_RELEVANCE
from plugins.api.listing import DEFAULT_LIMIT, MAX_LIMIT, parse_cursor
from plugins.api.openapi import Param
from plugins.api.serialize import decode_cursor

#: The longest search query, as the search page takes it.
MAX_QUERY = 200
#: How the routes take an id: anything else is a 404 before the view runs.
ID_CONVERTER = "int(min=1, max=2147483647)"


def parse_moment(text: str, *, end_of_day: bool = False) -> datetime:
    """ISO 8601 date or date-time → naive UTC; without an offset it is the site's time."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day, time.max if end_of_day else time.min)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(_("Tulis tanggal sebagai ISO 8601, mis. 2026-12-05 atau "
                           "2026-12-05T09:30:00+07:00.")) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=get_timezone())
    try:
        return moment.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        raise ValueError(_("Tanggal di luar jangkauan.")) from None


def parse_limit(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise ValueError(_("Bilangan bulat 1 sampai %(max)d.", max=MAX_LIMIT))
    return int(text)


def parse_flag(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(_("Isi dengan true atau false."))
    return text == "true"


def parse_id(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= LARGEST_ID:
        raise ValueError(_("Bilangan bulat positif."))
    return int(text)


def parse_slug(text: str) -> str:
    if len(text) > 200 or not all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in text):
        raise ValueError(_("Slug hanya memuat huruf, angka dan tanda hubung."))
    return text


def _query(text: str) -> str:
    text = "".join(ch for ch in text if ch >= " ").strip()
    if len(text) > MAX_QUERY:
        raise ValueError(_("Paling banyak %(num)d karakter.", num=MAX_QUERY))
    return text


def _page_number(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise ValueError(_("Bilangan bulat 1 sampai %(max)d.", max=100))
    return int(text)


def _year(text: str) -> str:
    if not (text.isdigit() and len(text) == 4):
        raise ValueError(_("Tahun empat angka, mis. 2026."))
    return text


SORTS = {"relevance": SORT_RELEVANCE, "newest": SORT_NEWEST}
#: The API's English kinds → the search index's facet values (as ``/search?jenis=``).
SEARCH_KINDS = {"news": "berita", "advertorial": "advertorial"}


def _sort(text: str) -> str:
    if text not in SORTS:
        raise ValueError(_("Isi dengan relevance atau newest."))
    return SORTS[text]


def _choice(text: str, *allowed: str) -> str:
    if text not in allowed:
        raise ValueError(_("Isi dengan salah satu dari: %(values)s.",
                           values=", ".join(allowed)))
    return text


def _id_cursor(text: str) -> int:
    return decode_cursor(text, int)[0]


ID_CURSOR = Param("cursor", {"type": "string"}, "next_cursor of the previous page.",
                  _id_cursor)



def path(name: str, schema: dict[str, Any], text: str) -> Param:
    return Param(name, schema, text, location="path")



CURSOR = Param("cursor", {"type": "string"}, "next_cursor of the previous page.",
               parse_cursor)
LIMIT = Param("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                        "default": DEFAULT_LIMIT}, "Items per page.", parse_limit)
SLUG_SCHEMA = {"type": "string", "pattern": "^[A-Za-z0-9-]{1,200}$"}
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 2147483647}
ARTICLE_FILTERS = (
    CURSOR, LIMIT,
    Param("rubrik", SLUG_SCHEMA, "A rubrik's slug (its sub-rubrik included).", parse_slug),
    Param("tag", SLUG_SCHEMA, "A tag's slug.", parse_slug),
    Param("author", ID_SCHEMA, "An author's id.", parse_id),
    Param("since", {"type": "string", "format": "date-time"},
          "Published at or after (ISO 8601 date or date-time; no offset: the site's time).",
          parse_moment),
    Param("until", {"type": "string", "format": "date-time"},
          "Published at or before (a date alone counts to its end).",
          lambda text: parse_moment(text, end_of_day=True)),
    Param("updated_since", {"type": "string", "format": "date-time"},
          "Changed at or after: for clients that keep a copy in step.", parse_moment),
    Param("advertorial", {"type": "string", "enum": ["true", "false"]},
          "Only advertorials (true), or only news (false).", parse_flag),
    Param("sponsor", SLUG_SCHEMA, "Only advertorials of this sponsor.", parse_slug),
)


ID_CURSOR = Param("cursor", {"type": "string"}, "next_cursor of the previous page.",
                  _id_cursor)
SEARCH_PARAMS = (Param("q", {"type": "string", "minLength": 1, "maxLength": MAX_QUERY},
                         "What to look for.", _query, required=True),
                   Param("rubrik", SLUG_SCHEMA, "A rubrik's slug.", parse_slug),
                   Param("year", {"type": "string", "pattern": "^[0-9]{4}$"},
                         "Year of publication.", _year),
                   Param("kind", {"type": "string", "enum": ["news", "advertorial"]},
                         "News or advertorials.", lambda text: _choice(text, "news",
                                                                        "advertorial")),
                   Param("video", {"type": "string", "enum": ["true"]},
                         "Only articles with a video.", lambda text: _choice(text, "true")),
                   Param("sort", {"type": "string", "enum": list(SORTS)},
                         "Best matches first (default) or newest first.", _sort),
                   Param("page", {"type": "integer", "minimum": 1, "maximum": 100},
                         "Page of results.", _page_number))
