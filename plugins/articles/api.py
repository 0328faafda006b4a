"""What other plugins may use of the articles plugin: its declared, stable surface.

The articles plugin is the platform the newsroom plugins (advertorial, youtube, search,
redaksi, a partner's) build on. They import it only from this module; everything else in
``plugins/articles/`` is private and may change. A plugin that uses these names lists
``"articles"`` in ``requires_plugins`` (or ``uses_plugins`` and checks
``cms.api.is_plugin_loaded("articles")`` first). ``docs/plugins.md`` lists this module,
generated from the docstrings; ``tests/test_plugin_boundaries.py`` keeps plugins to it.
"""

from __future__ import annotations

from plugins.articles.media import (
    ImageRejected,
    ImageTooLarge,
    save_upload,
    srcset_for,
    url_for_media,
)
from plugins.articles.models import (
    Article,
    Category,
    Media,
    SlugRedirect,
    Status,
    Tag,
    ViewCount,
    public_at,
    visible_filter,
)
from plugins.articles.queries import public_articles
from plugins.articles.services import (
    ArticleError,
    ArticleInput,
    PermissionDenied,
    input_from_snapshot,
    record_update,
    save_article,
    snapshot,
    submit_for_review,
    withdraw,
)

__all__ = [
    "Article",
    "ArticleError",
    "ArticleInput",
    "Category",
    "ImageRejected",
    "ImageTooLarge",
    "Media",
    "PermissionDenied",
    "SlugRedirect",
    "Status",
    "Tag",
    "ViewCount",
    "input_from_snapshot",
    "public_articles",
    "public_at",
    "record_update",
    "save_article",
    "save_upload",
    "snapshot",
    "srcset_for",
    "submit_for_review",
    "url_for_media",
    "visible_filter",
    "withdraw",
]
