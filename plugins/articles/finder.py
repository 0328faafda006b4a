"""Finding an article in the newsroom's list: words, filters and sorts, read from the query
string and turned into one SQL query that the list paginates.

Words match the title and the body in the database, for every status (drafts are never in
the search index). When a search plugin runs, the articles its analyzer matches (stemmed
words, so "banjir" finds "kebanjiran") are added, through the public search interface.
Other plugins add filters of their own with the ``articles_admin_filters`` hook; the
advertorial plugin's "advertorial or not" is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select
from werkzeug.datastructures import MultiDict

from cms.api import SORT_RELEVANCE, User, call_hook, get_search_service
from plugins.articles import permissions
from plugins.articles.models import Article, Status, has_status, worked_on

#: The list's orders; the first is the default (what changed last is what the desk needs).
SORTS = {
    "modified": (_l("Terakhir diubah"), (Article.updated_at.desc(), Article.id.desc())),
    "newest": (_l("Terbaru ditulis"), (Article.created_at.desc(), Article.id.desc())),
    "oldest": (_l("Terlama ditulis"), (Article.created_at.asc(), Article.id.asc())),
    "title": (_l("Judul A–Z"), (Article.title.asc(), Article.id.asc())),
}
#: A query longer than this is cut: nobody types more into a newsroom's search box.
MAX_QUERY_CHARS = 200
#: Pages of search-index hits added to the database's matches.
SEARCH_PAGES = 3
#: Values of a plugin filter (``?x_<name>=``).
PLUGIN_FILTER_VALUES = ("only", "without")


@dataclass
class Finder:
    """What the desk asked the list for; every field is already checked."""

    query: str = ""
    status: str = ""
    category_id: int | None = None
    author_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "modified"
    plugin_filters: dict[str, str] = field(default_factory=dict)

    def args(self, **changes: Any) -> dict[str, Any]:
        """The query string for this search (with ``changes``), for links to other pages."""
        values = {
            "q": self.query, "status": self.status, "category": self.category_id,
            "author": self.author_id, "from": self.date_from, "to": self.date_to,
            "sort": self.sort if self.sort != "modified" else None,
            **{f"x_{name}": value for name, value in self.plugin_filters.items()},
        } | changes
        return {name: value for name, value in values.items() if value not in (None, "")}


def plugin_filters() -> dict[str, tuple[str, Select]]:
    """Every plugin's filter: ``{name: (label, SELECT of the article ids it keeps)}``."""
    found: dict[str, tuple[str, Select]] = {}
    for answer in call_hook("articles_admin_filters"):
        found.update(answer or {})
    return found


def _whole_number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 10 else None


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def from_args(args: MultiDict) -> Finder:
    """The desk's search from ``request.args``; a value that makes no sense is ignored."""
    status = args.get("status", "")
    sort = args.get("sort", "")
    known = plugin_filters()
    return Finder(
        query=" ".join(args.get("q", "").split())[:MAX_QUERY_CHARS],
        status=status if status in {s.value for s in Status} else "",
        category_id=_whole_number(args.get("category")),
        author_id=_whole_number(args.get("author")),
        date_from=_day(args.get("from")), date_to=_day(args.get("to")),
        sort=sort if sort in SORTS else "modified",
        plugin_filters={name: value for name in known
                        if (value := args.get(f"x_{name}", "")) in PLUGIN_FILTER_VALUES},
    )


def _start_of(day: date) -> datetime:
    """Midnight of ``day`` in the site's zone, in UTC as the database keeps times."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time(), zone).astimezone(UTC).replace(tzinfo=None)


def _like(words: str) -> str:
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _indexed_matches(words: str) -> list[int]:
    """Ids of the articles the search plugin's analyzer matches (its first pages)."""
    service = get_search_service()
    if service is None:
        return []
    ids: list[int] = []
    for page in range(1, SEARCH_PAGES + 1):
        try:
            results = service.search(words, None, page, sort=SORT_RELEVANCE)
        except ValueError:  # a query the backend refuses (too long, only stop words)
            return ids
        ids.extend(int(hit.id) for hit in results.hits if hit.id.isdigit())
        if page * max(len(results.hits), 1) >= results.total or not results.hits:
            break
    return ids


def _text_condition(words: str):
    pattern = _like(words)
    matches = [Article.title.ilike(pattern, escape="\\"),
               Article.body.ilike(pattern, escape="\\")]
    indexed = _indexed_matches(words)
    if indexed:
        matches.append(Article.id.in_(indexed))
    return or_(*matches)


def build_query(finder: Finder, user: User) -> Select:
    """The list's query for ``user``: a journalist sees only their own articles."""
    query = select(Article)
    if not permissions.is_editor(user):
        query = query.where(worked_on(user.id))
    if finder.query:
        query = query.where(_text_condition(finder.query))
    if finder.status:
        query = query.where(has_status(Status(finder.status)))
    if finder.category_id is not None:
        query = query.where(Article.category_id == finder.category_id)
    if finder.author_id is not None:
        query = query.where(worked_on(finder.author_id))
    if finder.date_from is not None:
        query = query.where(Article.created_at >= _start_of(finder.date_from))
    if finder.date_to is not None:
        query = query.where(Article.created_at < _start_of(finder.date_to + timedelta(days=1)))
    known = plugin_filters()
    for name, value in finder.plugin_filters.items():
        ids = known[name][1]
        query = query.where(Article.id.in_(ids) if value == "only" else Article.id.not_in(ids))
    return query.order_by(*SORTS[finder.sort][1])
