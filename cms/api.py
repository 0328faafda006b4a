"""Everything a plugin may use from the core, in one place: Warta's public plugin API.

A plugin (built-in, partner package or folder in ``plugins/``) imports the core only from
here and from :mod:`cms.testing` in its tests. Every other ``cms`` module is private and
may change between releases; ``tests/test_plugin_boundaries.py`` fails when a plugin
reaches past this list, and ``docs/plugins.md`` lists it, generated from the docstrings.
"""

from __future__ import annotations

from cms import __version__
from cms.auth.permissions import role_required
from cms.config import ConfigurationError
from cms.extensions import csrf, db
from cms.fragments import cached, remembered
from cms.hooks import apply_filter, call_hook
from cms.hookspecs import hookimpl, hookspec
from cms.models import Role, User
from cms.models.user import utcnow
from cms.pagecache import do_not_store, invalidate
from cms.plugin import Plugin, SetupContext
from cms.pluginmanager import is_plugin_loaded, plugin_settings
from cms.sanitize import clean_html
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
from cms.urls import absolute_url

#: The version of Warta itself, for a plugin's ``version`` or ``requires_cms`` checks.
CMS_VERSION = __version__

__all__ = [
    "CMS_VERSION",
    "SORTS",
    "SORT_NEWEST",
    "SORT_RELEVANCE",
    "ConfigurationError",
    "Plugin",
    "Role",
    "SearchDocument",
    "SearchHit",
    "SearchResults",
    "SearchService",
    "SetupContext",
    "User",
    "absolute_url",
    "apply_filter",
    "cached",
    "call_hook",
    "clean_html",
    "csrf",
    "db",
    "do_not_store",
    "extend_csp_for_request",
    "get_search_service",
    "hookimpl",
    "hookspec",
    "invalidate",
    "is_plugin_loaded",
    "make_slug",
    "plugin_settings",
    "remembered",
    "role_required",
    "set_search_service",
    "site_settings",
    "timezone_abbreviation",
    "unique_slug",
    "utcnow",
]
