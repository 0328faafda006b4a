"""The search plugin's configuration, read once when the plugin is set up.

Every ``SEARCH_*`` setting is read here and nowhere else: :meth:`SearchSettings.from_config`
checks them all when the site starts (a mistyped backend or stemmer stops the plugin
with the fix in the message, rather than failing at the first save or search), and the
backend, its writer and the commands get the resulting object. As every setting, they
can come from ``instance/config.py`` or ``WARTA_SEARCH_…`` variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask
from sqlalchemy.engine import make_url

from cms.api import ConfigurationError
from plugins.search.analysis import DEFAULT_STEMMER, STEMMERS

WHOOSH = "whoosh"
POSTGRES = "postgres"
BACKENDS = (WHOOSH, POSTGRES)

#: Seconds a search may take (``SEARCH_TIME_LIMIT``); then it answers with what it found.
DEFAULT_TIME_LIMIT = 2.0
#: Answers kept per process (``SEARCH_CACHE_SIZE``; 0 turns the cache off).
DEFAULT_CACHE_SIZE = 256
#: Processes writing a Whoosh rebuild (``SEARCH_REINDEX_PROCESSES``); never more than
#: the cores.
DEFAULT_REINDEX_PROCESSES = 2
#: Below this many articles a Whoosh rebuild stays in one process
#: (``SEARCH_REINDEX_PARALLEL_MIN``): starting another and merging nothing costs more
#: than the second core gains.
DEFAULT_PARALLEL_MIN = 5_000
#: Memory for each rebuilding process's posting pool (``SEARCH_REINDEX_MEMORY_MB``). When
#: full, the pool spills sorted runs to disk and merges them when the segment is written.
DEFAULT_REINDEX_MEMORY_MB = 256

#: Where the app's settings are kept between the plugin's setup and its backend's start.
EXTENSION_KEY = "warta.search.settings"


@dataclass(frozen=True)
class SearchSettings:
    """Everything the search plugin is configured with, checked."""

    #: ``SEARCH_BACKEND``: ``whoosh`` (the default) or ``postgres``.
    backend: str
    #: ``SEARCH_STEMMER``: the stemmer new indexes are built with (see analysis.py).
    stemmer: str
    #: ``SEARCH_INDEX_PATH``: the Whoosh index folder (``<instance>/search-index``).
    index_path: Path
    time_limit: float
    cache_size: int
    reindex_processes: int
    reindex_parallel_min: int
    reindex_memory_mb: int
    #: The site's time zone (``BABEL_DEFAULT_TIMEZONE``): the year facet is the local year.
    timezone: ZoneInfo

    @classmethod
    def from_config(cls, config: Mapping[str, Any], instance_path: str) -> SearchSettings:
        """The settings in ``config``; raises :class:`ConfigurationError` naming the fix."""
        backend = str(config.get("SEARCH_BACKEND") or WHOOSH).strip().lower()
        if backend not in BACKENDS:
            raise ConfigurationError(
                f"SEARCH_BACKEND is {backend!r}; choose one of: {', '.join(BACKENDS)}")
        if backend == POSTGRES:
            database = make_url(config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()
            if database != "postgresql":
                raise ConfigurationError(
                    f'SEARCH_BACKEND = "postgres" needs a PostgreSQL database, but this site '
                    f"uses {database}: set DATABASE_URL to a PostgreSQL server, or remove "
                    f"SEARCH_BACKEND to search with Whoosh")
        stemmer = str(config.get("SEARCH_STEMMER") or DEFAULT_STEMMER)
        if stemmer not in STEMMERS:
            raise ConfigurationError(
                f"SEARCH_STEMMER is {stemmer!r}; choose one of: {', '.join(STEMMERS)}")
        index_path = config.get("SEARCH_INDEX_PATH")
        zone_name = config.get("BABEL_DEFAULT_TIMEZONE") or "UTC"
        try:
            zone = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigurationError(
                f"BABEL_DEFAULT_TIMEZONE is {zone_name!r}, which is not a time zone: use a "
                f"name such as 'Asia/Jakarta'") from None
        return cls(
            backend=backend,
            stemmer=stemmer,
            index_path=Path(index_path) if index_path else Path(instance_path) / "search-index",
            time_limit=_number(config, "SEARCH_TIME_LIMIT", DEFAULT_TIME_LIMIT, float),
            cache_size=_number(config, "SEARCH_CACHE_SIZE", DEFAULT_CACHE_SIZE, int),
            reindex_processes=_number(config, "SEARCH_REINDEX_PROCESSES",
                                      DEFAULT_REINDEX_PROCESSES, int),
            reindex_parallel_min=_number(config, "SEARCH_REINDEX_PARALLEL_MIN",
                                         DEFAULT_PARALLEL_MIN, int),
            reindex_memory_mb=_number(config, "SEARCH_REINDEX_MEMORY_MB",
                                      DEFAULT_REINDEX_MEMORY_MB, int),
            timezone=zone,
        )


def _number(config: Mapping[str, Any], name: str, default: float, kind: type) -> Any:
    value = config.get(name, default)
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise ConfigurationError(f"{name} is {value!r}; it must be a number") from None
    if number < 0:
        raise ConfigurationError(f"{name} is {value!r}; it must not be negative")
    return number


def read_settings(app: Flask) -> SearchSettings:
    """Read and check ``app``'s settings once, and keep them for its backend."""
    settings = SearchSettings.from_config(app.config, app.instance_path)
    app.extensions[EXTENSION_KEY] = settings
    return settings


def settings_of(app: Flask) -> SearchSettings:
    """The settings :func:`read_settings` kept for ``app``."""
    return app.extensions[EXTENSION_KEY]
