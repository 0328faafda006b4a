"""Hooks the api plugin offers: how other plugins put their fields and filters into the read
API, the JSON Feed and webhook payloads.

Implement them with :data:`cms.api.hookimpl` marked ``optionalhook=True`` (the api plugin
may be switched off). Every answer must be JSON: strings, numbers, booleans, None, lists
and dicts; times as ISO 8601 strings with the site's offset.
"""

from __future__ import annotations

from typing import Any

from cms.api import hookspec


@hookspec
def api_article_fields(articles: list[Any]) -> dict[int, dict[str, Any]]:
    """Return ``{article_id: {field: value}}``: your fields of each of ``articles``.

    Asked once per list (one query for all, not one per article). The fields are merged
    into the article's JSON, so name them after what they are (``"advertorial"``,
    ``"video"``, ``"corrections"``) and declare their schema in
    :func:`api_article_schema`. Leave out articles that have none of your data.
    """


@hookspec
def api_article_schema() -> dict[str, Any]:
    """Return ``{field: JSON Schema}`` of the fields :func:`api_article_fields` adds.

    The OpenAPI document is built from these, and clients validate against it: a field
    that may be missing or ``null`` must say so (``{"type": ["object", "null"]}``).
    """


@hookspec
def api_article_selection(name: str, value: str) -> Any:
    """Return a SELECT of the ids of the articles the filter ``name=value`` keeps, or None.

    :param name: ``"advertorial"`` (value ``"true"`` or ``"false"``), ``"video"``
        (``"true"``) or ``"sponsor"`` (a sponsor's slug).
    """


@hookspec
def api_sponsors() -> list[dict[str, Any]]:
    """Return the sponsors readers may see, each ``{"slug", "name", "kind", "website",
    "disclosure", "logo", "url"}`` (``url``: the sponsor's public page)."""


@hookspec(firstresult=True)
def api_withdrawal(article: Any) -> dict[str, Any] | None:
    """Return ``{"reason": str, "withdrawn_at": ISO 8601}`` for a withdrawn ``article``:
    what its 410 answer tells clients (first answer wins)."""


@hookspec
def api_article_events(article: Any, action: str) -> list[str]:
    """Return webhook events of yours that this change of ``article`` is, besides the
    articles plugin's own (``article.published``, ``article.updated``,
    ``article.withdrawn``); e.g. ``["article.corrected"]`` or
    ``["advertorial.published"]``. Called after the change's commit."""
