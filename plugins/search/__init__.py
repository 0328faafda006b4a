"""Search for Warta: Indonesian full-text search over public articles.

A built-in plugin on the same public API a partner uses. It provides the core's
:class:`cms.search.SearchService`, the reader's search page (``/search`` and
``/search.json``), the ``cms search`` commands, and the hook
``search_document_fields`` through which other plugins add to what is indexed.
The index is Whoosh's, on the local disk, or with ``SEARCH_BACKEND = "postgres"`` a
table in the site's PostgreSQL database (:mod:`plugins.search.backends`). How each is
kept right with several processes: :mod:`plugins.search.indexing` and
:mod:`plugins.search.pg_indexing`.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

import cms
from cms.hookspecs import hookimpl
from cms.plugin import Plugin, SetupContext
from cms.search import set_search_service


class SearchPlugin(Plugin):
    name = "search"
    version = cms.__version__
    title = "Pencarian"
    description = ("Pencarian teks lengkap berbahasa Indonesia dengan sorotan, saringan dan "
                   "saran ejaan.")
    requires_cms = ">=0.1"
    requires_plugins = ("articles",)

    def setup(self, ctx: SetupContext) -> None:
        from plugins.search import backends, cli, hookspecs, views
        from plugins.search.models import MODELS

        # A backend the database cannot run stops the plugin here, with the fix in the
        # message shown on /admin/plugins and in the log, before anything is registered.
        backends.configured(current_app)

        ctx.add_hookspecs(hookspecs)
        ctx.add_models(*MODELS)
        ctx.add_migrations()
        ctx.add_blueprint(views.bp)
        ctx.add_stylesheet("search.static", "search.css")
        ctx.add_slot("header.after_nav", views.search_form)
        ctx.add_cli(cli.search_group)

    @hookimpl
    def warta_app_ready(self, app: Flask) -> None:
        from plugins.search.backends import create_service

        set_search_service(app, create_service(app))

    @hookimpl
    def articles_changed(self, article: Any, action: str) -> None:
        """Queue the change and have the backend apply it (Whoosh: after the response).

        Never raises: the article is saved whatever happens to the index.
        """
        _queue_and_apply([article.id], action)

    @hookimpl
    def articles_bulk_changed(self, article_ids: list[int], action: str) -> None:
        """Queue a whole import batch in one transaction; applied like a single change."""
        _queue_and_apply(article_ids, action)


def _queue_and_apply(article_ids: list[int], action: str) -> None:
    from plugins.search import indexing
    from plugins.search.backends import maintenance

    app = current_app._get_current_object()
    if indexing.enqueue(article_ids, action):
        maintenance(app).schedule_drain(app)


plugin = SearchPlugin()
