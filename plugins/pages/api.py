"""What other plugins may use of the pages plugin: its declared, stable surface.

Everything else in ``plugins/pages/`` is private and may change. The pages plugin is
optional for most: check ``cms.api.is_plugin_loaded("pages")`` before importing this
module (importing it declares the plugin's table), or list ``"pages"`` in
``requires_plugins``.

``GUIDELINE_SLUG`` names the press council's guideline page (Pedoman Pemberitaan Media
Siber) that ``cms init`` creates; :func:`page_url` gives a page's address if it exists.
"""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from cms.api import db
from plugins.pages.models import Page
from plugins.pages.starter import GUIDELINE_SLUG

__all__ = ["GUIDELINE_SLUG", "page_url"]


def page_url(slug: str) -> str | None:
    """The reader's address of the static page ``slug``, or ``None`` when there is none.

    For links to a page editors may have deleted or renamed, such as the masthead's link
    to :data:`GUIDELINE_SLUG`.
    """
    if db.session.scalar(select(Page.id).where(Page.slug == slug)) is None:
        return None
    return url_for("pages.page", slug=slug)
