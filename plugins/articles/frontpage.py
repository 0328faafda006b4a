"""The front page the editor controls: stories pinned to the top of the home page and of
each rubrik page, and breaking news shown on every public page.

A change applies at once (readers see it on their next request, every cache follows)
rather than waiting in a draft: the desk works against the clock, a breaking story is
only worth something live, and a pending order nobody saves is a front page nobody
meant. The newsroom page shows the resulting order and links to the page itself.
Without a pin a page stays automatic, newest first; a pinned story readers may no
longer see (withdrawn, taken back to draft) is skipped silently, and a pin or banner
past its expiry is gone by the clock (``warta_next_change`` names the moment).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask import render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import ColumnElement, Select, bindparam, delete, func, select
from sqlalchemy.exc import IntegrityError

from cms.api import User, db, depends_on, invalidate, remembered, utcnow
from plugins.articles import queries
from plugins.articles.dependencies import article_dep
from plugins.articles.frontpage_models import HOME, Breaking, Placement, in_force
from plugins.articles.models import Article, Category, visible_filter
from plugins.articles.newsroom import to_local, to_utc

#: Stories an editor may pin to one page: the home page shows thirteen in its top blocks.
MAX_PINS = 10
#: How a browser's ``datetime-local`` field sends a time (in the site's zone).
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
RUBRIK_PREFIX = "rubrik:"


class FrontPageError(ValueError):
    """The change was refused; the message tells the editor what to fix."""


# -- pages ---------------------------------------------------------------------------

def rubrik_key(category_id: int) -> str:
    return f"{RUBRIK_PREFIX}{category_id}"


def page_category(key: str) -> Category | None:
    """The rubrik a page key names (None for the home page); refuses an unknown key."""
    if key == HOME:
        return None
    number = key.removeprefix(RUBRIK_PREFIX)
    category = None
    if key.startswith(RUBRIK_PREFIX) and number.isdigit() and len(number) < 10:
        category = db.session.get(Category, int(number))
    if category is None:
        raise FrontPageError(_("Halaman itu tidak ada: pilih beranda atau salah satu rubrik."))
    return category


def page_url(key: str) -> str:
    """Where readers see the page ``key`` names: the editor's preview."""
    category = page_category(key)
    if category is None:
        return url_for("public.home")
    return url_for("articles.category", slug=category.slug)


# -- what an editor submits ----------------------------------------------------------

def parse_expiry(text: str | None) -> datetime | None:
    """A ``datetime-local`` value in the site's zone as stored UTC; empty means never."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        local = datetime.strptime(text[:16], LOCAL_FORMAT)
    except ValueError:
        raise FrontPageError(_("Waktu berakhir tidak terbaca: isi tanggal dan jam, "
                               "misalnya 2026-12-31T17:00.")) from None
    moment = to_utc(local)
    if moment <= utcnow():
        raise FrontPageError(_("Waktu berakhir sudah lewat: pilih waktu yang akan datang."))
    return moment


def parse_position(text: str | None, largest: int) -> int | None:
    """A 1-based place from the form as a 0-based position; empty means last."""
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= largest:
        raise FrontPageError(_("Urutan harus angka 1 sampai %(n)d.", n=largest))
    return int(text) - 1


def public_article(article_id: str | int | None) -> Article:
    """The story an editor named, if readers may see it now."""
    text = str(article_id or "").strip()
    article = db.session.get(Article, int(text)) if text.isdigit() and len(text) < 10 else None
    if article is None:
        raise FrontPageError(_("Artikel itu tidak ada: pilih dari daftar."))
    if not article.is_public:
        raise FrontPageError(_("Hanya berita yang sudah terbit yang bisa ditampilkan di "
                               "halaman depan."))
    return article


# -- pins ----------------------------------------------------------------------------

def pins_of(key: str) -> list[Placement]:
    """The pins in force on a page, in order."""
    return list(db.session.scalars(
        select(Placement).where(Placement.page_key == key, in_force(Placement, utcnow()))
        .order_by(Placement.position, Placement.id)))


def _pins_to_change(key: str) -> list[Placement]:
    """The pins in force on an existing page (else :class:`FrontPageError`), before a
    change that renumbers them: expired rows go first, so none keeps a stale place."""
    page_category(key)
    db.session.execute(delete(Placement).where(
        Placement.page_key == key, ~in_force(Placement, utcnow())))
    return pins_of(key)


def _place(rows: list[Placement]) -> None:
    for number, row in enumerate(rows):
        row.position = number


def _save(refusal: str) -> None:
    """Commit, then let every cache follow; a concurrent editor's clash is refused."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise FrontPageError(refusal) from None
    invalidate()


def pin(user: User, key: str, article: Article, *, expires_at: datetime | None = None,
        position: int | None = None) -> Placement:
    """Pin ``article`` to the page ``key`` at ``position`` (0 is the headline, None the
    end); a story pinned already keeps its row and takes the new place and expiry."""
    rows = _pins_to_change(key)
    row = next((r for r in rows if r.article_id == article.id), None)
    if row is None:
        if len(rows) >= MAX_PINS:
            raise FrontPageError(_("Paling banyak %(n)d berita disematkan di satu halaman: "
                                   "lepas salah satu dulu.", n=MAX_PINS))
        row = Placement(article_id=article.id, page_key=key)
        db.session.add(row)
    else:
        rows.remove(row)
    row.expires_at = expires_at
    row.placed_by = user.id
    row.placed_at = utcnow()
    rows.insert(len(rows) if position is None else min(position, len(rows)), row)
    _place(rows)
    _save(_("Berita itu baru saja disematkan oleh redaktur lain; muat ulang halaman."))
    return row


def _pinned(rows: list[Placement], article_id: int) -> Placement:
    row = next((r for r in rows if r.article_id == article_id), None)
    if row is None:
        raise FrontPageError(_("Berita itu tidak disematkan di halaman ini."))
    return row


def unpin(key: str, article_id: int) -> None:
    rows = _pins_to_change(key)
    row = _pinned(rows, article_id)
    rows.remove(row)
    db.session.delete(row)
    _place(rows)
    _save(_("Halaman depan baru saja diubah; muat ulang halaman."))


def move(key: str, article_id: int, step: int) -> None:
    """Move a pin ``step`` places (−1 up, 1 down), as far as the list goes."""
    rows = _pins_to_change(key)
    row = _pinned(rows, article_id)
    index = rows.index(row)
    rows.insert(max(0, min(len(rows) - 1, index + step)), rows.pop(index))
    _place(rows)
    _save(_("Halaman depan baru saja diubah; muat ulang halaman."))


def reorder(key: str, article_ids: Iterable[int]) -> None:
    """Put a page's pins in the order given (the dragged list): every pin, once each."""
    rows = _pins_to_change(key)
    wanted = list(article_ids)
    by_article = {r.article_id: r for r in rows}
    if sorted(wanted) != sorted(by_article):
        raise FrontPageError(_("Urutan tidak cocok dengan berita yang disematkan; muat ulang "
                               "halaman lalu coba lagi."))
    _place([by_article[i] for i in wanted])
    _save(_("Halaman depan baru saja diubah; muat ulang halaman."))


# -- breaking news -------------------------------------------------------------------

def breaking_in_force() -> list[Breaking]:
    return list(db.session.scalars(select(Breaking).where(in_force(Breaking, utcnow()))
                                   .order_by(Breaking.placed_at.desc())))


def set_breaking(user: User, article: Article, expires_at: datetime | None) -> Breaking:
    """Show ``article`` as breaking news on every public page until ``expires_at``
    (banners that ran out are removed on the way)."""
    db.session.execute(delete(Breaking).where(~in_force(Breaking, utcnow())))
    row = db.session.scalar(select(Breaking).where(Breaking.article_id == article.id))
    if row is None:
        row = Breaking(article_id=article.id)
        db.session.add(row)
    row.expires_at = expires_at
    row.placed_by = user.id
    row.placed_at = utcnow()
    _save(_("Berita itu baru saja dijadikan berita terkini oleh redaktur lain."))
    return row


def end_breaking(article_id: int) -> None:
    row = db.session.scalar(select(Breaking).where(Breaking.article_id == article_id))
    if row is None:
        raise FrontPageError(_("Berita itu bukan berita terkini."))
    db.session.delete(row)
    _save(_("Berita terkini baru saja diubah; muat ulang halaman."))


def next_expiry() -> datetime | None:
    """When the next pin or breaking banner runs out: caches must drop at that moment."""
    now = utcnow()
    moments = [db.session.scalar(select(func.min(model.expires_at)).where(
        model.expires_at > now)) for model in (Placement, Breaking)]
    return min((m for m in moments if m is not None), default=None)


def local_time(moment: datetime | None) -> str:
    """A stored time as the form's ``datetime-local`` value, in the site's zone."""
    return to_local(moment).strftime(LOCAL_FORMAT) if moment else ""


# -- what readers see ----------------------------------------------------------------

def pinned_ids(key: str) -> list[int]:
    """The ids pinned to a page, in order; remembered until content (or the clock) moves."""

    def find() -> list[int]:
        ids = list(db.session.scalars(
            select(Placement.article_id)
            .where(Placement.page_key == key, in_force(Placement, utcnow()))
            .order_by(Placement.position, Placement.id)))
        # Pins change through the desk (the whole site is emptied) or by the clock; an
        # edit or withdrawal of a pinned story must reach the pages showing it.
        depends_on(*(article_dep(article_id) for article_id in ids))
        return ids

    return remembered("front_page.pins", key, compute=find)


def pinned_cards(key: str) -> list[Article]:
    """The pinned stories readers may see now, loaded for cards, in the editor's order."""
    return queries.cards(pinned_ids(key))


def put_pins_first(key: str, headline: Article | None, rest: list[Article], size: int,
                   barred: list[ColumnElement[bool]]) -> tuple[Article | None, list[Article]]:
    """A page's automatic headline and list with its pins first, nothing twice.

    The headline is the first pin the ``barred`` conditions allow there (an advertorial is
    never the headline); without one the automatic headline stays.
    """
    pins = pinned_cards(key)
    if not pins:
        return headline, rest
    allowed = {p.id for p in pins}
    if barred:
        allowed = set(db.session.scalars(select(Article.id).where(
            Article.id.in_(allowed), *barred)))
    lead = next((p for p in pins if p.id in allowed), None)
    pinned = {p.id for p in pins}
    automatic = [a for a in (headline, *rest) if a is not None and a.id not in pinned]
    if lead is None:
        lead = automatic.pop(0) if automatic and automatic[0] is headline else None
    return lead, [*(p for p in pins if p is not lead), *automatic][:size]


class Pins:
    """A rubrik page's pins, read only if the page is rendered (its cached fragment
    usually answers): they lead the first page and are left out of the automatic list."""

    def __init__(self, key: str) -> None:
        self.key = key
        self._ids: list[int] | None = None

    def ids(self) -> list[int]:
        """The pinned ids, read once per page (the list and its pins both need them)."""
        if self._ids is None:
            self._ids = pinned_ids(self.key)
        return self._ids

    def left_out_of(self, query: Select) -> Select:
        ids = self.ids()
        return query.where(Article.id.not_in(ids)) if ids else query

    def first(self, page: Any) -> list[Article]:
        """The listing page's items, after the pins on page one."""
        return [*queries.cards(self.ids()), *page.items] if page.page == 1 else page.items


#: Every page asks it (usually to hear there is no banner): built once, the clock a value.
_BANNERS_IN_FORCE = (select(Breaking.article_id)
                     .where(in_force(Breaking, bindparam("now")))
                     .order_by(Breaking.placed_at.desc()))


def breaking_items() -> list[tuple[str, str]]:
    """(title, slug) of the breaking stories readers may see, newest first."""

    def find() -> list[tuple[str, str]]:
        now = utcnow()
        # The banners first, then their stories: joined in one statement, SQLite (which
        # has no statistics) walks every public article to find the few with a banner.
        placed = db.session.scalars(_BANNERS_IN_FORCE, {"now": now}).all()
        found = {row.id: row for row in db.session.execute(
            select(Article.id, Article.title, Article.slug)
            .where(Article.id.in_(placed), visible_filter(now)))} if placed else {}
        rows = [found[i] for i in placed if i in found]
        # Every page shows the banner: it depends on its stories only, never on the rest.
        depends_on(*(article_dep(row.id) for row in rows))
        return [(row.title, row.slug) for row in rows]

    return remembered("front_page.breaking", compute=find)


def breaking_banner() -> Markup | None:
    """The ``header.after_nav`` slot: the breaking-news banner, when there is news."""
    items = breaking_items()
    if not items:
        return None
    return Markup(render_template("plugins/articles/front_page_breaking.html", items=items))
