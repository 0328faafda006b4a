"""Everything a plugin may use from the core, in one place: Warta's public plugin API.

A plugin (built-in, partner package or folder in ``plugins/``) imports the core only from
here and from :mod:`cms.testing` in its tests. Every other ``cms`` module is private and
may change between releases; ``tests/test_plugin_boundaries.py`` fails when a plugin
reaches past this list, and ``docs/plugins.md`` lists it, generated from the docstrings.

Objects that carry no docstring of their own:

- ``db``: Flask-SQLAlchemy; ``db.Model`` for a plugin's tables, ``db.session`` to query.
- ``csrf``: the site's CSRF protection; ``csrf.exempt`` for an endpoint that must take
  posts without a form token (a beacon that changes nothing a reader relies on).
- ``hookimpl`` and ``hookspec``: pluggy's markers for implementing and declaring hooks.
- ``User``: a user account (``name``, ``email``, ``role``, ``has_role()``).
- ``timezone_abbreviation``: ``"WIB"``, ``"WITA"``, ``"WIT"`` (or ``""``) for the site's
  zone, to write after a time readers see.
- ``limiter``: the site's Flask-Limiter; ``@limiter.limit("10 per minute")`` (or
  ``shared_limit``) on a view, counted in the store every worker shares.
- ``MAX_HTML_CHARS``: the longest HTML :func:`clean_html` takes (6 M characters); a form
  field for HTML should allow no more (see :func:`check_html_size` for the other limits).
- ``LARGEST_ID``: the largest id an integer column holds on every supported database; a
  number beyond it (in a query string, a form, a cursor) names nothing: answer 400 or 404.
- ``SORTS``: the orders :meth:`SearchService.search` takes, ``SORT_RELEVANCE`` (best
  matches first, the default) and ``SORT_NEWEST`` (most recently published first).
"""

from __future__ import annotations

from cms import __version__
from cms.auth.permissions import role_required
from cms.cachetags import depends_on, invalidate_tags
from cms.clock import utcnow
from cms.config import ConfigurationError
from cms.dates import iso_datetime
from cms.errors import LARGEST_ID
from cms.extensions import csrf, db, limiter
from cms.fragments import cached, remembered
from cms.health import HealthCheck
from cms.hooks import apply_filter, call_hook, hook_implementers
from cms.hookspecs import hookimpl, hookspec
from cms.mail import MailError, mail_configured, send_mail
from cms.models import Role, User
from cms.pagecache import do_not_store, invalidate
from cms.pagination import page_number
from cms.plugin import Plugin, SetupContext
from cms.plugin_settings import plugin_settings
from cms.pluginmanager import is_plugin_loaded
from cms.sanitize import MAX_HTML_CHARS, HtmlTooLarge, check_html_size, clean_html
from cms.search import (
    SORT_NEWEST,
    SORT_RELEVANCE,
    SORTS,
    SearchDocument,
    SearchHit,
    SearchResults,
    SearchService,
    get_search_service,
    set_search_service,
)
from cms.security import extend_csp_for_request
from cms.site import site_settings, timezone_abbreviation
from cms.slugs import make_slug, unique_slug
from cms.storage import InvalidMediaPath, MediaStorage, StoredFile, get_media_storage
from cms.timedcache import TimedCache
from cms.urls import absolute_address, absolute_url, site_origin

#: The version of Warta itself, for a plugin's ``version`` or ``requires_cms`` checks.
CMS_VERSION = __version__

__all__ = [
    "CMS_VERSION",
    "LARGEST_ID",
    "MAX_HTML_CHARS",
    "SORTS",
    "SORT_NEWEST",
    "SORT_RELEVANCE",
    "ConfigurationError",
    "HealthCheck",
    "HtmlTooLarge",
    "Plugin",
    "Role",
    "SearchDocument",
    "SearchHit",
    "SearchResults",
    "SearchService",
    "SetupContext",
    "TimedCache",
    "User",
    "absolute_address",
    "absolute_url",
    "apply_filter",
    "cached",
    "call_hook",
    "check_html_size",
    "clean_html",
    "csrf",
    "db",
    "do_not_store",
    "extend_csp_for_request",
    "get_search_service",
    "hook_implementers",
    "hookimpl",
    "hookspec",
    "invalidate",
    "is_plugin_loaded",
    "iso_datetime",
    "limiter",
    "make_slug",
    "page_number",
    "plugin_settings",
    "remembered",
    "role_required",
    "set_search_service",
    "site_origin",
    "site_settings",
    "timezone_abbreviation",
    "unique_slug",
    "utcnow",
    "MailError",
    "mail_configured",
    "send_mail",
    "MediaStorage",
    "StoredFile",
    "InvalidMediaPath",
    "get_media_storage",
    "depends_on",
    "invalidate_tags",
]
