"""Which search backend a site runs, and the maintenance functions that go with it.

``SEARCH_BACKEND`` (``WARTA_SEARCH_BACKEND``) chooses:

- ``whoosh`` (the default): an index folder on the local disk, one writer at a time
  (:mod:`plugins.search.backend`, :mod:`plugins.search.indexing`);
- ``postgres``: tables in the site's PostgreSQL database, shared by every app server
  (:mod:`plugins.search.pg_backend`, :mod:`plugins.search.pg_indexing`).

Both are fed by the same queue and answer the same :class:`cms.search.SearchService`;
the commands and the plugin's hooks reach the right one through :func:`maintenance`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from flask import Flask
from sqlalchemy.engine import make_url

from cms.config import ConfigurationError
from cms.search import SearchService
from plugins.search.indexing import CheckReport, DrainReport

WHOOSH = "whoosh"
POSTGRES = "postgres"
BACKENDS = (WHOOSH, POSTGRES)


class Maintenance(Protocol):
    """What :mod:`plugins.search.indexing` and :mod:`plugins.search.pg_indexing` offer."""

    REBUILD_WAIT_SECONDS: float

    def schedule_drain(self, app: Flask) -> None: ...

    def drain(self, app: Flask, wait: float = 0.0) -> DrainReport: ...

    def rebuild(self, app: Flask, progress: Callable[[int], None] | None = None,
                wait: float = ...) -> int: ...

    def check(self, app: Flask, progress: Callable[[int], None] | None = None) -> CheckReport: ...


def configured(app: Flask) -> str:
    """The backend ``app`` is configured for; raises :class:`ConfigurationError` naming
    the fix when it is unknown or cannot run on the site's database."""
    name = str(app.config.get("SEARCH_BACKEND") or WHOOSH).strip().lower()
    if name not in BACKENDS:
        raise ConfigurationError(
            f"SEARCH_BACKEND is {name!r}; choose one of: {', '.join(BACKENDS)}")
    if name == POSTGRES:
        database = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()
        if database != "postgresql":
            raise ConfigurationError(
                f'SEARCH_BACKEND = "postgres" needs a PostgreSQL database, but this site '
                f"uses {database}: set DATABASE_URL to a PostgreSQL server, or remove "
                f"SEARCH_BACKEND to search with Whoosh")
    return name


def maintenance(app: Flask) -> Maintenance:
    """The module that writes, rebuilds and checks ``app``'s index."""
    if configured(app) == POSTGRES:
        from plugins.search import pg_indexing

        return pg_indexing
    from plugins.search import indexing

    return indexing


def create_service(app: Flask) -> SearchService:
    """The reading side of ``app``'s backend."""
    if configured(app) == POSTGRES:
        from plugins.search.pg_backend import PostgresSearch

        return PostgresSearch(app)
    from plugins.search.backend import WhooshSearch

    return WhooshSearch(app)
