"""Absolute URLs for canonical links, feeds and sitemaps."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request, url_for


def absolute_url(endpoint: str, **values: Any) -> str:
    """``SITE_URL`` + path when configured; otherwise the address the request came to."""
    path = url_for(endpoint, **values)
    base = current_app.config.get("SITE_URL") or request.host_url
    return base.rstrip("/") + path


def has_endpoint(endpoint: str) -> bool:
    """Whether a page exists (e.g. search), so a theme links only to what is there."""
    return endpoint in current_app.view_functions


def init_app(app: Flask) -> None:
    app.add_template_global(absolute_url, "absolute_url")
    app.add_template_global(has_endpoint, "has_endpoint")
