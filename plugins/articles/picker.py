"""The media picker's service: searching the library and editing an image's words.

The picker (in the editor and beside the featured-image field) shows the same images
as the media library page, :func:`plugins.articles.media.library_query`'s rule: a
journalist sees their own uploads and the images already public, an editor sees all
(docs/media.md says why). Every refusal is a :class:`PickerInputError` whose text the
JSON answer carries to the journalist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select

from cms.api import User, db, iso_datetime
from plugins.articles.credits import bare_credit
from plugins.articles.finder import _like, _start_of
from plugins.articles.media import library_query, url_for_media
from plugins.articles.models import Media
from plugins.articles.permissions import is_editor

PAGE_SIZE = 24
MAX_PAGE = 10_000
MAX_QUERY_CHARS = 200
#: The longest of each word an image carries, as the library's columns hold them.
DETAIL_LIMITS = {"alt": 300, "caption": 500, "credit": 200}
DETAIL_LABELS = {"alt": _l("Teks alternatif"), "caption": _l("Keterangan"),
                 "credit": _l("Kredit foto")}
#: The copy the editor inserts: wide enough for the article column, far lighter than
#: an original; readers' browsers pick another through ``srcset`` anyway.
INSERT_WIDTH = 1024
THUMB_WIDTH = 320


class PickerInputError(ValueError):
    """A search or an edit the picker cannot carry out; ``str(exc)`` says why."""


@dataclass(frozen=True)
class LibrarySearch:
    """What the journalist typed into the picker's search fields."""

    text: str = ""
    credit: str = ""
    uploader: str = ""
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1


def _words(args: Mapping[str, str], name: str) -> str:
    value = " ".join((args.get(name) or "").split())
    if len(value) > MAX_QUERY_CHARS:
        raise PickerInputError(_("Kata pencarian paling panjang %(num)d karakter.",
                                 num=MAX_QUERY_CHARS))
    return value


def _day(args: Mapping[str, str], name: str) -> date | None:
    text = (args.get(name) or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PickerInputError(_("Tanggal harus ditulis TTTT-BB-HH, misalnya 2026-08-17."))\
            from None


def parse_search(args: Mapping[str, str]) -> LibrarySearch:
    """The search a query string asks for; :class:`PickerInputError` for a bad field."""
    page_text = (args.get("page") or "1").strip()
    if not page_text.isdigit() or not 1 <= int(page_text) <= MAX_PAGE:
        raise PickerInputError(_("Nomor halaman harus bilangan bulat 1 sampai %(num)d.",
                                 num=MAX_PAGE))
    search = LibrarySearch(text=_words(args, "q"), credit=_words(args, "credit"),
                           uploader=_words(args, "uploader"), date_from=_day(args, "from"),
                           date_to=_day(args, "to"), page=int(page_text))
    if search.date_from and search.date_to and search.date_from > search.date_to:
        raise PickerInputError(_("Tanggal awal harus sebelum tanggal akhir."))
    return search


def search_query(user: User, search: LibrarySearch) -> Select:
    """The images *user* may pick that match *search*, newest first.

    The text matches the caption or the alternative text (what a journalist remembers
    of a photo); the uploader matches a name or an email address.
    """
    query = library_query(user).order_by(Media.id.desc())
    if search.text:
        query = query.where(or_(Media.caption.ilike(_like(search.text), escape="\\"),
                                Media.alt.ilike(_like(search.text), escape="\\")))
    if search.credit:
        query = query.where(Media.credit.ilike(_like(search.credit), escape="\\"))
    if search.uploader:
        people = select(User.id).where(or_(User.name.ilike(_like(search.uploader), escape="\\"),
                                           User.email.ilike(_like(search.uploader), escape="\\")))
        query = query.where(Media.uploader_id.in_(people))
    if search.date_from is not None:
        query = query.where(Media.created_at >= _start_of(search.date_from))
    if search.date_to is not None:
        query = query.where(Media.created_at < _start_of(search.date_to + timedelta(days=1)))
    return query


def can_edit(user: User, item: Media) -> bool:
    """The uploader looks after their photo's words; editors after everyone's."""
    return is_editor(user) or (item.uploader_id is not None and item.uploader_id == user.id)


def visible_media(user: User, media_id: int) -> Media | None:
    """The image if *user* may see it in the picker, else None (a 404, as if absent)."""
    return db.session.scalar(library_query(user).where(Media.id == media_id))


def item_json(item: Media, user: User) -> dict[str, Any]:
    """One image as the picker draws and inserts it."""
    return {
        "id": item.id,
        "src": url_for_media(item.variants.get(INSERT_WIDTH, item.path)),
        "thumb": url_for_media(item.variants.get(THUMB_WIDTH, item.path)),
        "width": item.width,
        "height": item.height,
        "alt": item.alt,
        "caption": item.caption,
        "credit": item.credit,
        "uploader": item.uploader.name if item.uploader else "",
        "created_at": iso_datetime(item.created_at),
        "details_url": url_for("articles_picker.details", number=item.id)
        if can_edit(user, item) else None,
    }


def search_page(user: User, search: LibrarySearch) -> dict[str, Any]:
    """One page of results with what the picker needs to page through them."""
    found = db.paginate(search_query(user, search), page=search.page, per_page=PAGE_SIZE,
                        error_out=False, count=True)
    return {"items": [item_json(item, user) for item in found.items], "page": search.page,
            "pages": found.pages, "total": found.total, "has_next": found.has_next,
            "has_prev": search.page > 1}


def update_details(item: Media, values: Mapping[str, Any]) -> Media:
    """Change the alternative text, caption and credit given in *values*, and commit.

    A field left out keeps its words; a credit loses a typed "Foto:" prefix as on the
    article form.
    """
    for name, limit in DETAIL_LIMITS.items():
        if name not in values:
            continue
        value = values[name]
        if not isinstance(value, str):
            raise PickerInputError(_("%(name)s harus berupa teks.", name=DETAIL_LABELS[name]))
        value = " ".join(value.split())
        if len(value) > limit:
            raise PickerInputError(_("%(name)s paling panjang %(num)d karakter.",
                                     name=DETAIL_LABELS[name], num=limit))
        setattr(item, name, bare_credit(value) if name == "credit" else value)
    db.session.commit()
    return item
