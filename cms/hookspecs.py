"""The behaviour hooks a plugin may implement: Warta's versioned public API.

Implement a hook by defining a method of the same name on your ``Plugin`` subclass,
decorated with :data:`hookimpl`. An implementation may accept fewer arguments than the
specification names, so new arguments can be added without breaking plugins. A method
marked ``@hookimpl`` whose name matches no specification fails the plugin at start-up, so
a typo never goes unnoticed.

Pluggy calls the implementations (see :mod:`cms.hooks`): ``tryfirst`` first, ``trylast``
last, otherwise the plugin started last first; a ``firstresult`` hook stops at the first
answer that is not None, and ``@hookimpl(wrapper=True)`` runs around the others. Call a
hook with :func:`cms.api.call_hook`. Hooks marked *filter* are chained: each
implementation receives the value returned by the previous one; run one with
:func:`cms.api.apply_filter`. Warta refuses old-style ``hookwrapper=True``
implementations and ``historic=True`` specifications at start-up.

Changes to this API (:data:`HOOKSPEC_VERSION`):

- 2.3: the articles plugin's ``articles_import_batch`` takes a whole import batch at once
  (bulk form of ``articles_import_fields`` and ``articles_revision_fields``), and the
  search plugin's ``search_documents_fields`` many search documents (bulk form of
  ``search_document_fields``);
  ``cms.api.call_hook`` takes ``skip_plugins``, and ``cms.api.hook_implementers`` names
  the plugins implementing a hook.

- 2.2: ``warta_health_checks`` adds a plugin's checks to ``/healthz`` and ``cms doctor``;
  the articles plugin's ``articles_admin_filters`` adds filters to the newsroom's article list,
  and ``articles_changing`` writes rows in the same transaction as an article's change.

- 2.1: ``warta_backup_folders`` and ``warta_restored``, for plugins that keep files of
  their own or data derived from the database (``cms backup`` and ``cms restore``);
  ``warta_not_found`` answers an address no page answers (an old site's links).

- 2.0: ``warta_filter_body_html`` is gone: it was declared but never called. Change an
  article's body with the articles plugin's ``articles_filter_body`` filter. ``firstresult``
  hooks now stop at the first answer and ``wrapper=True`` implementations run as pluggy
  wrappers, as pluggy documents them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pluggy

PROJECT_NAME = "warta"
#: Bumped when a hook is added (minor) or changed or removed incompatibly (major).
HOOKSPEC_VERSION = "2.3"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def warta_app_ready(app: Any) -> None:
    """Called once when the site has finished starting, after every plugin's setup.

    :param app: the Flask application. Use it for work that needs the whole site, such as
        reading another plugin's state; never to register routes (use ``setup``).
    """


@hookspec(firstresult=True)
def warta_not_found(path: str) -> Any:
    """Answer a GET for an address no page answers, before the 404 page is shown.

    For addresses that moved: a site imported from WordPress answers its old permalinks
    with a 301 to the new page. Keep it to one indexed lookup: every 404 asks.

    :param path: the request's path (``/2024/05/judul-berita/``).
    :return: a Flask response (first non-None answer wins), or None for the 404 page.

    .. versionadded:: 2.1
    """


@hookspec
def warta_sanitizer_allowlist() -> dict[str, Any]:
    """Widen the HTML allowlist of stored bodies.

    Return ``{"tags": [...], "attributes": {"tag": [...]}}``. Requests for ``script``,
    ``style``, ``iframe``, event handlers or other dangerous items are refused at start-up.
    """


@hookspec
def warta_content_security_policy(policy: dict[str, list[str]]) -> None:
    """Add sources to the Content-Security-Policy, e.g. ``policy["frame-src"].append(...)``.

    :param policy: directive name → list of sources; mutate it in place.
    """


@hookspec
def warta_template_context() -> dict[str, Any]:
    """Return names to make available in every template."""


@hookspec
def warta_instance_created(app: Any) -> str | None:
    """Create what every new site needs (called once by ``cms init``, in an app context).

    :return: a short summary shown to the person running the command.
    """


@hookspec
def warta_demo_content(app: Any) -> str | None:
    """Add demo content for ``cms init --demo`` (called inside an app context).

    :return: a short summary shown to the person running the command, e.g. ``"5 artikel"``.
    """


@hookspec
def warta_sitemaps() -> list[str]:
    """Return absolute URLs of sitemaps to announce in ``robots.txt``."""


@hookspec
def warta_next_change() -> datetime | None:
    """Return when readers' pages will next change by the clock alone, if ever.

    For content that appears at a set time, such as a scheduled article: cached pages and
    fragments are dropped at the earliest moment any plugin returns. Asked again after
    every change (``cms.api.invalidate``) and after each such moment.
    """



@hookspec
def warta_backup_folders(app: Any) -> dict[str, str] | None:
    """Name the folders of files your plugin keeps outside the database.

    ``cms backup`` stores each folder's files (the site's media, settings and theme
    overrides are already kept) and ``cms restore`` writes them back to the folder the
    same key names on the restored site. Leave out what can be rebuilt, such as caches.

    :return: key → folder, e.g. ``{"agenda-attachments": "/srv/warta/instance/agenda"}``;
        keys must be unique across plugins, so start them with your plugin's name.

    .. versionadded:: 2.1
    """


@hookspec
def warta_restored(app: Any, manifest: dict[str, Any]) -> None:
    """Called by ``cms restore`` after the rows and files are back and migrations ran.

    Rebuild what your plugin derives from the database and does not back up (an index, a
    cache on disk). The core has already rebuilt the search index through the search
    service.

    :param manifest: the archive's manifest (``created_at``, ``cms_version``, ``plugins``
        with their versions, ``heads``), to tell what the data came from.

    .. versionadded:: 2.1
    """


@hookspec
def warta_health_checks(app: Any) -> Any:
    """Report whether what your plugin relies on works, for ``GET /healthz`` and
    ``cms doctor``.

    Load balancers ask every few seconds: keep it to one indexed query or a file's
    metadata, never a scan. For a problem you can describe, return a failed check that
    names the fix rather than raising: an exception fails the health check too, but only
    the log says why.

    :return: a :class:`cms.api.HealthCheck`, or a list of them, e.g.
        ``HealthCheck("agenda-feed", ok=False, detail="last fetch 3 h ago",
        fix="check AGENDA_FEED_URL")``.

    .. versionadded:: 2.2
    """
