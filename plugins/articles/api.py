"""What other plugins may use of the articles plugin: its declared, stable surface.

The articles plugin is the platform the newsroom plugins (advertorial, youtube, search,
redaksi, a partner's) build on. They import it only from this module; everything else in
``plugins/articles/`` is private and may change. A plugin that uses these names lists
``"articles"`` in ``requires_plugins`` (or ``uses_plugins`` and checks
``cms.api.is_plugin_loaded("articles")`` before importing this module, which declares the
plugin's tables). ``tests/test_plugin_boundaries.py`` keeps plugins to it and checks that
every name here is documented.

The model and its statuses
    ``Article`` (a story; other plugins key their rows on ``Article.id``), ``Status`` (its
    workflow state), ``Category`` (a rubrik), ``Tag``, ``Media`` (an image of the media
    library), ``SlugRedirect`` (an old address of a story) and ``ViewCount`` (readers'
    views per day, for reports).

The rubrik tree
    A ``Category`` may sit under a parent rubrik (``Category.parent_id``); its parent's page
    lists its articles too. ``set_category_parent()`` places one under another (or at the
    top), refusing a loop with ``RubrikCycle``; never set ``parent_id`` yourself.

The visibility rule
    ``visible_filter()`` is the SQL condition "readers may see it now" and ``public_at()``
    the same rule for one loaded article: never write your own, scheduled stories count.

Public queries
    ``public_articles()``: readers' articles newest first, with what a card shows loaded;
    add ``.where(...)`` to narrow it. ``in_category()`` narrows it to a rubrik and the
    rubrik below it (as the rubrik's page lists them) and ``with_tag`` to a tag's
    articles, each with ``with_body=True`` for readers of the whole text (feeds).
    ``listed_cards(query, limit)`` reads the first ``limit`` articles of such a statement
    as cards: the attributes the card templates show (title, slug, lead, dates, rubrik,
    image) from one statement, no ORM objects; any other attribute loads the article.
    ``last_change()`` is when any public article last changed.

Media
    ``url_for_media()`` and ``srcset_for()`` give an image's addresses; ``save_upload()``
    stores an upload in the library, refusing it with ``ImageRejected`` or
    ``ImageTooLarge``; ``import_image()`` does the same for a file an import brings (no
    uploader, no quota, committed with the import's batch).

The save service
    ``save_article()`` creates or changes an article from an ``ArticleInput`` (every
    plugin's fields and checks included), ``submit_for_review()`` sends a draft to the
    editors, ``record_update()`` marks a visible change that is not an edit (a correction)
    and ``withdraw()`` takes a story down; each refuses with ``ArticleError`` (or its
    ``PermissionDenied``). ``snapshot()`` and ``input_from_snapshot()`` turn an article into
    an ``ArticleInput`` that keeps what a form does not show. ``MAX_TAGS`` and
    ``MAX_TAG_LENGTH`` are the tag limits every save and import keeps to.

Bulk import
    ``import_group`` is the ``cms import`` command group: a plugin that reads another
    format adds its command to it (``cms import wordpress``). Such a command reuses the
    pipeline of ``cms import jsonl``: ``check_import_record()`` checks one record (a dict
    in the JSON-lines format, every plugin's ``articles_check_import`` included) and gives
    an ``ImportRecord``, refusing with ``ImportLineError``; an ``ArticleImporter`` writes
    a batch of them in one transaction (``write()``), creating articles, or updating the
    one named by ``ImportRecord.article_id``, with their fixed dates and status, and hands
    every plugin its fields (``articles_import_batch`` once for the batch, or
    ``articles_import_fields`` per article). ``ArticleImporter.free_slug()``
    gives an address no article uses.

Cached pages
    A block a plugin renders from an article's data says so with
    ``cms.api.depends_on(article_dep(article_id))``: saving, withdrawing or correcting the
    article then empties it, and nothing else does.

Labels on articles (an advertorial's "Advertorial") are not imported: implement the
``articles_item_labels`` hook, and templates show them through ``article_label(item)``.
Code outside templates asks ``item_labels(articles, surface)`` for ``{article_id:
label}`` of a whole list at once (``surface`` as the hook names it).
"""

from __future__ import annotations

from plugins.articles import cli as _cli
from plugins.articles.dependencies import article_dep
from plugins.articles.importer import Importer as ArticleImporter
from plugins.articles.importer import ImportLineError
from plugins.articles.importer import Record as ImportRecord
from plugins.articles.importer import check_record as check_import_record
from plugins.articles.labels import item_labels
from plugins.articles.media import (
    ImageRejected,
    ImageTooLarge,
    import_image,
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
from plugins.articles.queries import (
    in_category,
    last_change,
    listed_cards,
    public_articles,
    with_tag,
)
from plugins.articles.rubrik import RubrikCycle
from plugins.articles.rubrik import set_parent as set_category_parent
from plugins.articles.services import (
    MAX_TAG_LENGTH,
    MAX_TAGS,
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

#: The ``cms import`` command group: a plugin reading another format adds its command here.
import_group = _cli.import_group

__all__ = [
    "article_dep",
    "MAX_TAGS",
    "MAX_TAG_LENGTH",
    "Article",
    "ArticleError",
    "ArticleImporter",
    "ArticleInput",
    "Category",
    "ImageRejected",
    "ImageTooLarge",
    "ImportLineError",
    "ImportRecord",
    "Media",
    "PermissionDenied",
    "RubrikCycle",
    "SlugRedirect",
    "Status",
    "Tag",
    "ViewCount",
    "check_import_record",
    "import_group",
    "import_image",
    "in_category",
    "input_from_snapshot",
    "item_labels",
    "last_change",
    "listed_cards",
    "public_articles",
    "public_at",
    "record_update",
    "save_article",
    "save_upload",
    "set_category_parent",
    "snapshot",
    "srcset_for",
    "submit_for_review",
    "url_for_media",
    "visible_filter",
    "with_tag",
    "withdraw",
]
