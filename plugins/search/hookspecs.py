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


@hookspec
def search_documents_fields(articles: list[Any]) -> dict[int, dict[str, Any]]:
    """The bulk form of :func:`search_document_fields`: ``{article id: fields}`` for many
    articles at once (a batch of an import, a rebuild or ``cms search check``).

    Implement it to answer with one query where the per-article hook would make one per
    article; a plugin that implements it is not asked :func:`search_document_fields` for
    these articles. Leave out the articles you add nothing to.

    .. versionadded:: 2.3
    """
