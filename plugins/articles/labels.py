"""Labels other plugins put on articles ("Advertorial", "Diralat"): one path for every surface.

Templates ask through the ``article_label`` global (cards, links, the article page), feeds
and the news sitemap through :func:`item_labels`; both run the ``articles_item_labels``
hook, so a plugin that labels articles implements that hook and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import g
from sqlalchemy import inspect

from cms.api import call_hook, db
from plugins.articles.cards import read_this_request
from plugins.articles.models import Article

#: Where a request keeps the labels it has asked for, ``{(surface, article_id): label}``.
_ASKED = "articles_labels"


def item_labels(articles: Sequence[Article], surface: str) -> dict[int, str]:
    """``{article_id: label}`` for the labelled ones among ``articles`` on ``surface``.

    Labels are merged in pluggy's call order: a later plugin's label replaces an earlier
    one's for the same article.
    """
    if not articles:
        return {}
    labels: dict[int, str] = {}
    for found in call_hook("articles_item_labels", articles=list(articles), surface=surface):
        labels.update(found)
    return labels


def article_label(article: Article, surface: str = "card") -> str:
    """The label to show with ``article`` in a template, or ``""`` for ordinary news.

    A listing asks once per card. The first question asks the plugins about every article
    the request has loaded (the page's cards, read as :class:`~plugins.articles.cards.Card`
    or as ``Article``, related and neighbouring stories) at once, so
    a page costs the same few queries however many cards it shows; ``bench/labels.py``
    measures what that saves when a page's fragments are rendered afresh.
    """
    asked: dict[tuple[str, int], str] = g.setdefault(_ASKED, {})
    key = (surface, article.id)
    if key not in asked:
        loaded = {article.id: article}
        loaded.update((article_id, card) for article_id, card in read_this_request().items()
                      if (surface, article_id) not in asked)
        for identity, instance in db.session.identity_map.items():
            # Expired rows (after a commit) are left out: reading them costs a query each.
            if (identity[0] is Article and (surface, identity[1][0]) not in asked
                    and not inspect(instance).expired):
                loaded[identity[1][0]] = instance
        found = item_labels(list(loaded.values()), surface)
        asked.update({(surface, article_id): found.get(article_id, "") for article_id in loaded})
    return asked[key]


def forget_labels() -> None:
    """Drop the labels this request has asked for, after a change that may alter them."""
    g.pop(_ASKED, None)
