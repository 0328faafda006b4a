"""Hooks the search plugin offers to plugins that build on it (advertorial, YouTube).

Implement them with :data:`cms.api.hookimpl` in a plugin that lists ``"search"`` in
``requires_plugins`` or ``uses_plugins``.
"""

from __future__ import annotations

from typing import Any

from cms.api import hookspec


@hookspec
def search_document_fields(article: Any) -> dict[str, Any]:
    """Add what only your plugin knows to ``article``'s search document.

    Called while the index is written (after the request that changed the article, or by
    ``cms search reindex``), never inside a reader's request. Recognised keys:

    - ``"advertorial"`` (bool): the article is paid content; search labels it and offers
      the "advertorial / berita" facet.
    - ``"has_video"`` (bool): the article carries a video; search marks it and offers the
      video facet.
    - ``"text"`` (str): more searchable plain text, e.g. a video's title.

    Other keys are ignored. When your data changes without the article being saved, run
    ``cms search reindex`` (or ``cms search check --fix``) so the index follows.
    """
