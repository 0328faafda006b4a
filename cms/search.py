"""The search interface of the core; a plugin (Whoosh, PostgreSQL) provides the backend.

Views and other plugins talk to :class:`SearchService` only, so a site can change its
backend without touching them. The index is always rebuildable from the database.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

#: Best matches first (the default).
SORT_RELEVANCE = "relevance"
#: Most recently published first.
SORT_NEWEST = "newest"
#: The orders :meth:`SearchService.search` takes.
SORTS = (SORT_RELEVANCE, SORT_NEWEST)


@dataclass(frozen=True)
class SearchDocument:
    """One searchable item; ``fields`` hold what the backend indexes."""

    id: str
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class SearchHit:
    id: str
    score: float
    highlights: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    total: int
    page: int
    facets: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    suggestion: str | None = None


class SearchService(ABC):
    """What a search backend implements, and all that callers may use of it.

    Writing takes two paths. :meth:`index` and :meth:`delete` bring one item into the
    index or out of it; :meth:`index_many` is the bulk path, for changes to hundreds of
    items at once (an import batch), which a backend should apply in one write rather
    than one per item. A backend may treat all three as notices: the search plugin's
    backends queue the ids and re-read each item from the database when they write, so
    the index never holds what the database does not, and a notice applied late or twice
    is harmless. Such a backend reads only ``document.id``, and removes an item on
    :meth:`delete` only if the database no longer holds it as searchable.
    """

    @abstractmethod
    def index(self, document: SearchDocument) -> None:
        """Bring ``document`` into the index (added, or replacing its older copy)."""

    @abstractmethod
    def delete(self, document_id: str) -> None:
        """Take the item ``document_id`` out of the index."""

    @abstractmethod
    def index_many(self, document_ids: Sequence[str]) -> None:
        """The bulk path: the items ``document_ids`` changed; bring each into the index
        as the database now holds it, or out of it if it is no longer searchable.

        .. versionadded:: 0.2
        """

    @abstractmethod
    def search(self, query: str, filters: Mapping[str, Any] | None = None, page: int = 1,
               *, sort: str = SORT_RELEVANCE) -> SearchResults:
        """One page of hits for what a reader typed.

        ``filters`` maps facet names to the value to keep (unknown ones are ignored);
        ``sort`` is one of :data:`SORTS`, and any other value ranks by relevance.

        .. versionchanged:: 0.2
           ``sort``, which the search page always passed.
        """

    @abstractmethod
    def suggest(self, query: str) -> str | None: ...

    @abstractmethod
    def rebuild(self) -> int:
        """Re-index everything from the database; return how many documents."""


def set_search_service(app: Flask, service: SearchService) -> None:
    """Called by the plugin that provides search (from its ``warta_app_ready`` hook)."""
    app.extensions["warta.search"] = service


def get_search_service() -> SearchService | None:
    """The site's search backend, or None when no search plugin is enabled."""
    return current_app.extensions.get("warta.search")
