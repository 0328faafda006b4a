"""Search for Warta: Indonesian full-text search over public articles.

A built-in plugin on the same public API a partner uses (:mod:`cms.api`,
:mod:`plugins.articles.api`). It provides the core's :class:`cms.api.SearchService`, the
reader's search page (``/search`` and ``/search.json``), the ``cms search`` commands,
and the hook ``search_document_fields`` through which other plugins add to what is
indexed.

Its layout: one backend interface (:mod:`plugins.search.base`) with two
implementations, :mod:`plugins.search.whoosh` (an index on the local disk, the default)
and :mod:`plugins.search.postgres` (``SEARCH_BACKEND = "postgres"``), and the modules
both share: :mod:`~plugins.search.settings` (read once, here), :mod:`~plugins.search.analysis`,
:mod:`~plugins.search.documents`, :mod:`~plugins.search.querying`,
:mod:`~plugins.search.queue`, :mod:`~plugins.search.results`,
:mod:`~plugins.search.snippets`,
:mod:`~plugins.search.views` and :mod:`~plugins.search.cli`.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

from cms.api import (
    CMS_VERSION,
    Plugin,
    SearchDocument,
    SetupContext,
    get_search_service,
    hookimpl,
    set_search_service,
)
from plugins.search import cli, hookspecs, views
from plugins.search.backends import create_backend
from plugins.search.models import MODELS
from plugins.search.settings import read_settings, settings_of


class SearchPlugin(Plugin):
    name = "search"
    version = CMS_VERSION
    title = "Pencarian"
    description = ("Pencarian teks lengkap berbahasa Indonesia dengan sorotan, saringan dan "
                   "saran ejaan.")
    requires_cms = ">=0.1"
    requires_plugins = ("articles",)

    def setup(self, ctx: SetupContext) -> None:
        # Every setting is read and checked here, once: a backend the database cannot
        # run or a mistyped stemmer stops the plugin, with the fix in the message shown
        # on /admin/plugins and in the log, before anything is registered.
        read_settings(current_app)

        ctx.add_hookspecs(hookspecs)
        ctx.add_models(*MODELS)
        ctx.add_migrations()
        ctx.add_blueprint(views.bp)
        ctx.add_stylesheet("search.static", "search.css")
        ctx.add_slot("header.after_nav", views.search_form)
        ctx.add_cli(cli.search_group)

    @hookimpl
    def warta_app_ready(self, app: Flask) -> None:
        set_search_service(app, create_backend(app, settings_of(app)))

    @hookimpl
    def articles_changed(self, article: Any, action: str) -> None:
        """Hand the change to the search service (Whoosh applies it after the response).

        Only the id is passed: the backend re-reads the article when it writes. Never
        raises: the article is saved whatever happens to the index.
        """
        service = get_search_service()
        if service is None:
            return
        if action == "deleted":
            service.delete(str(article.id))
        else:
            service.index(SearchDocument(id=str(article.id), fields={}))

    @hookimpl
    def articles_bulk_changed(self, article_ids: list[int], action: str) -> None:
        """A whole import batch, through the service's bulk path: one queue transaction
        and one write, where one per article would make an import crawl."""
        service = get_search_service()
        if service is not None:
            service.index_many([str(article_id) for article_id in article_ids])


plugin = SearchPlugin()
