"""What both search backends share: how a search may be asked, and what it answers.

The Whoosh (:mod:`plugins.search.whoosh`) and PostgreSQL (:mod:`plugins.search.postgres`)
backends take the same filters, sorts and pages and return the same results, so the
views never need to know which one answered.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cms.api import SearchHit, SearchResults
from plugins.search.documents import FACETS

PER_PAGE = 10
#: Deeper pages are not offered: nobody reads result 500, and each page deeper is more
#: hits to rank and sort.
MAX_PAGE = 50
#: "Did you mean" is offered when a query finds fewer articles than this.
SUGGEST_BELOW = 3
#: Filter values longer than this cannot be a rubrik slug, a year or a kind.
MAX_FILTER_LENGTH = 100


@dataclass(frozen=True)
class ArticleHit(SearchHit):
    """A hit plus the stored fields a results page shows without a database query."""

    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ArticleResults(SearchResults):
    """Results plus what the page must tell the reader about how they were found."""

    per_page: int = PER_PAGE
    #: False when no article had every word and articles with some of them are shown.
    all_words: bool = True
    #: Words beyond the limit were ignored.
    truncated: bool = False
    #: The time limit cut the search short; counts and hits may be incomplete.
    timed_out: bool = False
    #: Nothing searchable was typed (only symbols or stop words, or nothing).
    empty_query: bool = False

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, math.ceil(self.total / self.per_page))


def clean_filters(filters: Mapping[str, Any] | None) -> dict[str, str]:
    """Known facets with plausible values only; anything else is ignored, not an error."""
    return {name: value for name, value in (filters or {}).items()
            if name in FACETS and isinstance(value, str) and 0 < len(value) <= MAX_FILTER_LENGTH}
