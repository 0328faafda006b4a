"""What other plugins may use of the pages plugin: its declared, stable surface.

Everything else in ``plugins/pages/`` is private and may change. The pages plugin is
optional for most: check ``cms.api.is_plugin_loaded("pages")`` before importing this
module (importing it declares the plugin's table), or list ``"pages"`` in
``requires_plugins``.

``GUIDELINE_SLUG`` names the press council's guideline page (Pedoman Pemberitaan Media
Siber) that ``cms init`` creates; :func:`page_url` gives a page's address if it exists.
:func:`import_page` creates or updates a page from another system (``cms import
wordpress``) and :func:`url_for_page` gives a page's address by id. ``Page`` is the
model (``slug``, ``title``, ``body``, ``updated_at``); every page is public.
"""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from cms.api import clean_html, db, make_slug, unique_slug
from plugins.pages.models import Page
from plugins.pages.starter import GUIDELINE_SLUG

__all__ = ["GUIDELINE_SLUG", "Page", "import_page", "page_url", "url_for_page"]


def page_url(slug: str) -> str | None:
    """The reader's address of the static page ``slug``, or ``None`` when there is none.

    For links to a page editors may have deleted or renamed, such as the masthead's link
    to :data:`GUIDELINE_SLUG`.
    """
    if db.session.scalar(select(Page.id).where(Page.slug == slug)) is None:
        return None
    return url_for("pages.page", slug=slug)


def import_page(title: str, body_html: str, slug: str, page_id: int | None = None) -> int:
    """Create a page (or update page ``page_id``) from an import; returns its id.

    The body goes through the same sanitizer as the editor's. A new page takes ``slug`` or,
    when another page has it, ``slug-2``…; it is not linked in the footer (imported pages
    are many). The caller commits.
    """
    page = db.session.get(Page, page_id) if page_id else None
    if page is None:
        wanted = make_slug(slug or title) or "halaman"
        page = Page(slug=unique_slug(wanted, lambda s: db.session.scalar(
            select(Page.id).where(Page.slug == s)) is not None), in_footer=False)
        db.session.add(page)
    page.title = " ".join(title.split())[:200] or page.slug
    page.body = clean_html(body_html)
    db.session.flush()
    return page.id


def url_for_page(page_id: int) -> str | None:
    """The reader's address of the page with id ``page_id``, or ``None`` when it is gone."""
    slug = db.session.scalar(select(Page.slug).where(Page.id == page_id))
    return url_for("pages.page", slug=slug) if slug else None
