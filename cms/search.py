"""The search interface of the core; a plugin (Whoosh, PostgreSQL) provides the backend.

Views and other plugins talk to :class:`SearchService` only, so a site can change its
backend without touching them. The index is always rebuildable from the database.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app


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
    """What a search backend implements."""

    @abstractmethod
    def index(self, document: SearchDocument) -> None: ...

    @abstractmethod
    def delete(self, document_id: str) -> None: ...

    @abstractmethod
    def search(self, query: str, filters: Mapping[str, Any] | None = None,
               page: int = 1) -> SearchResults: ...

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
