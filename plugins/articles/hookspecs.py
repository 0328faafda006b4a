"""Hooks the articles plugin offers to plugins that build on it (advertorial, YouTube, search).

Implement them like core hooks, with :data:`cms.api.hookimpl`, in a plugin that lists
``"articles"`` in ``requires_plugins`` or ``uses_plugins``.
"""

from __future__ import annotations

from typing import Any

from cms.api import hookspec


@hookspec
def articles_form_fields() -> dict[str, Any]:
    """Return extra WTForms fields for the article editor, ``{"name": Field(...)}``.

    Name them with your plugin's prefix; their values reach :func:`articles_save_fields`.
    """


@hookspec
def articles_form_values(article: Any) -> dict[str, Any]:
    """Return the current values of your extra fields for ``article`` (None for a new one)."""


@hookspec
def articles_save_fields(article: Any, values: dict[str, Any]) -> None:
    """Store your extra fields for ``article`` (inside the save's transaction; do not commit).

    Raise ``ValueError`` with a message for the writer to refuse the save.
    """


@hookspec
def articles_check_publish(article: Any) -> str | None:
    """Return a message to refuse publishing ``article`` (e.g. an unlabelled advertorial)."""


@hookspec
def articles_changing(article: Any, action: str) -> None:
    """Called inside the transaction of a change to ``article``, just before its commit.

    Rows added here commit or roll back with the change itself, so an outbox of events
    holds exactly the changes that happened. An exception rolls the whole change back:
    guard your own writes (a savepoint) when they must never cost the editor a save.
    ``action`` is as for :func:`articles_changed` (all but ``"deleted"``).

    .. versionadded:: 2.2
    """


@hookspec
def articles_changed(article: Any, action: str) -> None:
    """Called after a commit that changed ``article``.

    :param action: ``"saved"``, ``"published"``, ``"unpublished"``, ``"archived"``,
        ``"withdrawn"``, ``"updated"`` (a notice, not a text edit) or ``"deleted"``.
    """


@hookspec
def articles_bulk_changed(article_ids: list[int], action: str) -> None:
    """Called after a commit that changed many articles at once (one import batch).

    Implement it alongside :func:`articles_changed` when per-article work would be slow.
    """


@hookspec
def articles_import_fields(article: Any, record: dict[str, Any]) -> None:
    """Take what belongs to you from one bulk-import record (inside the import's transaction).

    Raise ``ValueError`` with a message to reject the line.
    """


@hookspec
def articles_import_batch(articles: list[Any], records: list[dict[str, Any]]
                          ) -> dict[int, dict[str, Any]] | None:
    """Take what belongs to you from a whole batch of bulk-import records at once.

    The bulk form of :func:`articles_import_fields` and :func:`articles_revision_fields`,
    for imports: one query for the batch instead of one per article. ``articles[i]`` was
    written from ``records[i]`` and has its id; called inside the batch's transaction,
    after :func:`articles_import_fields` of the plugins that do not implement this hook.
    A plugin that implements it is asked neither of the per-article hooks for the batch.

    Return ``{article id: {"<your plugin's name>": fields}}``, ``fields`` being what
    :func:`articles_revision_fields` would return for that article now (the import's
    revision keeps them), or None if you keep nothing in revisions. Raise ``ValueError``
    with a message to reject the batch.

    .. versionadded:: 2.3
    """


@hookspec
def articles_check_import(record: dict[str, Any]) -> str | None:
    """Return what is wrong with your fields of one bulk-import record, or None.

    Called while every line is checked, before anything is written, so a bad value is
    reported with its line number and never fails the batch it would have been written in.
    Name the field and the problem, in English like the rest of the importer's report,
    e.g. ``"'sponsor' is longer than 150 characters"``. Only lines whose core fields are
    valid reach you.
    """


@hookspec
def articles_revision_fields(article: Any) -> dict[str, Any]:
    """Return ``{"<your plugin's name>": fields}``: what of ``article`` a revision keeps.

    Called whenever a revision is taken (a save, a workflow step, an import), inside that
    transaction. ``fields`` must be JSON (a dict of strings, numbers, booleans, None,
    lists); the revision comparison shows each changed key as ``<plugin>.<key>``. Return
    fields for an article that has none of your data too (e.g. ``{"marked": False}``), so
    restoring that revision removes it.
    """


@hookspec
def articles_restore_fields(article: Any, fields: dict[str, Any]) -> None:
    """Bring back your fields from a revision being restored (inside its transaction).

    :param fields: plugin name → the fields :func:`articles_revision_fields` returned
        when that revision was taken. Revisions older than your hook have no entry for
        you: leave the article's fields as they are then.

    Raise ``ValueError`` with a message to refuse the restore (nothing is changed).
    """


@hookspec
def articles_editor_scripts() -> list[str]:
    """Return URLs of scripts loaded in the editor page (e.g. a toolbar button).

    A script adds a button with ``window.wartaEditor.plugins.push(editor => ...)``.
    """


@hookspec
def articles_item_labels(articles: list[Any], surface: str) -> dict[int, str]:
    """Return ``{article_id: label}`` for items that must carry a label on ``surface``.

    :param surface: ``"card"`` (readers' pages: cards, links and the article page itself,
        through the ``article_label`` template global), ``"feed"`` (the label prefixes the
        RSS title) or ``"news_sitemap"`` (labelled items are left out of the Google News
        sitemap).
    """


@hookspec
def articles_can_write(user: Any) -> bool | None:
    """Return True to let ``user``, below journalist rank, write articles (e.g. a sponsor's
    partner). The newsroom's own pages stay journalist-only; the plugin serves such users
    its own pages, which save through the newsroom's services.
    """


@hookspec
def articles_exclude_from(block: str) -> Any:
    """Return a SELECT of article ids to keep out of a home-page block, or None.

    :param block: ``"headline"`` (the home page's lead story) or ``"most_read"``.
    """


@hookspec
def articles_admin_filters() -> dict[str, tuple[str, Any]]:
    """Return filters for the newsroom's article list: ``{name: (label, ids)}``.

    ``ids`` is a SELECT of the ids of the articles the filter is about (an advertorial
    plugin's: every advertorial). The list offers "only these" and "all but these"
    (``?x_<name>=only`` or ``without``); ``name`` is a short ASCII word.

    .. versionadded:: 2.2
    """


@hookspec(firstresult=True)
def articles_missing(slug: str, article: Any) -> Any:
    """Answer for an article address readers may not see (first non-None answer wins).

    :param article: the article with that slug, if one exists (draft, withdrawn…), else None.
    :return: a Flask response (e.g. a 410 page for a withdrawn story), or None for a 404.
    """


@hookspec
def articles_filter_body(html: str, context: dict[str, Any]) -> str:
    """*Filter* the stored body HTML before it is shown (e.g. turn video blocks into players)."""
