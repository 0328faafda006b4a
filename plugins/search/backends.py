"""Which backend a site searches with: ``SEARCH_BACKEND`` picks one of two subpackages.

- ``whoosh`` (the default): an index folder on the local disk, one writer at a time
  (:mod:`plugins.search.whoosh`);
- ``postgres``: tables in the site's PostgreSQL database, shared by every app server
  (:mod:`plugins.search.postgres`).

Both are fed by the same queue and answer through the same
:class:`~plugins.search.base.SearchBackend`, which the plugin hands to the core as its
:class:`cms.api.SearchService`.
"""

from __future__ import annotations

from flask import Flask

from plugins.search.base import SearchBackend
from plugins.search.postgres.backend import PostgresSearch
from plugins.search.settings import POSTGRES, SearchSettings
from plugins.search.whoosh.backend import WhooshSearch


def create_backend(app: Flask, settings: SearchSettings) -> SearchBackend:
    """The backend ``settings`` name, for ``app``."""
    if settings.backend == POSTGRES:
        return PostgresSearch(app, settings)
    return WhooshSearch(app, settings)


def backend_of(app: Flask) -> SearchBackend:
    """The backend ``app`` searches with (set when the application is ready)."""
    return app.extensions["warta.search"]
