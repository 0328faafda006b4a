"""Articles as listings show them: what a card needs, read with one statement, no ORM.

A listing page shows twenty to forty cards. Loading each as an ORM ``Article`` (with its
rubrik and image by ``selectinload``) costs four statements whose building, cache keys
and row-to-object work were a third of a cold page's time (docs/speed.md, "Cold pages").
A :class:`Card` is filled from one Core statement built once; it has the attributes the
card templates read, and anything else a theme or plugin asks of it (``item.tags``,
``item.author``) loads the article itself, so a template written for ``Article`` keeps
working, only slower.
"""

from __future__ import annotations

from typing import Any

from flask import g
from sqlalchemy import bindparam, select

from cms.api import User, db
from plugins.articles import models
from plugins.articles.models import Article, Category, Media

_ARTICLE = Article.__table__
_PERSON = User.__table__
_RUBRIK = Category.__table__
_IMAGE = Media.__table__

#: Every card's columns, for the ids a listing chose; built once (plain Core, so no ORM
#: compilation per request), joined on primary keys only so the plan stays a lookup.
_CARDS = (
    select(_ARTICLE.c.id, _ARTICLE.c.slug, _ARTICLE.c.title, _ARTICLE.c.lead,
           _ARTICLE.c.status, _ARTICLE.c.published_at, _ARTICLE.c.updated_at,
           _ARTICLE.c.category_id, _ARTICLE.c.image_id, _ARTICLE.c.image_alt,
           _ARTICLE.c.author_id,
           _RUBRIK.c.name.label("rubrik_name"), _RUBRIK.c.slug.label("rubrik_slug"),
           _IMAGE.c.path.label("image_path"), _IMAGE.c.variants.label("image_variants"),
           _IMAGE.c.width.label("image_width"), _IMAGE.c.height.label("image_height"),
           _IMAGE.c.alt.label("image_default_alt"))
    .outerjoin(_RUBRIK, _RUBRIK.c.id == _ARTICLE.c.category_id)
    .outerjoin(_IMAGE, _IMAGE.c.id == _ARTICLE.c.image_id)
    .where(_ARTICLE.c.id.in_(bindparam("ids", expanding=True)))
)

#: A feed's items: the cards' columns with the body and the author's name.
_FEED_ITEMS = (_CARDS.add_columns(_ARTICLE.c.body, _PERSON.c.name.label("author_name"))
               .outerjoin(_PERSON, _PERSON.c.id == _ARTICLE.c.author_id))

#: The rubrik navigation lists, in the desk's order; built once.
_NAVIGATION = (select(_RUBRIK.c.id, _RUBRIK.c.name, _RUBRIK.c.slug)
               .order_by(_RUBRIK.c.position, _RUBRIK.c.name).limit(bindparam("limit")))

#: Where a request keeps the cards it has read, ``{article_id: Card}``: labels are asked
#: for all of them at once (see :func:`plugins.articles.labels.article_label`).
_READ = "articles_cards"


class _Loaded:
    """A row's columns as attributes; any other attribute comes from the ORM object
    (one ``session.get``, usually answered by the identity map)."""

    __slots__ = ("_object",)
    _model: type

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)  # copy and pickle probe for these: no query for them
        found = object.__getattribute__(self, "_object")
        if found is None:
            found = db.session.get(self._model, self.id)
            object.__setattr__(self, "_object", found)
        return getattr(found, name)


class CardRubrik(_Loaded):
    __slots__ = ("id", "name", "slug")
    _model = Category

    def __init__(self, rubrik_id: int, name: str, slug: str) -> None:
        self._object = None
        self.id, self.name, self.slug = rubrik_id, name, slug


class CardPerson(_Loaded):
    __slots__ = ("id", "name")
    _model = User

    def __init__(self, person_id: int, name: str) -> None:
        self._object = None
        self.id, self.name = person_id, name


class CardImage(_Loaded):
    __slots__ = ("id", "path", "width", "height", "alt", "variants_json", "_variants")
    _model = Media

    def __init__(self, row: Any) -> None:
        self._object = None
        self._variants: dict[int, str] | None = None
        self.id = row.image_id
        self.path, self.width, self.height = row.image_path, row.image_width, row.image_height
        self.alt, self.variants_json = row.image_default_alt, row.image_variants

    @property
    def variants(self) -> dict[int, str]:
        """The same mapping as :attr:`Media.variants`, parsed once per card."""
        if self._variants is None:
            self._variants = models.parse_variants(self.variants_json)
        return self._variants


class Card(_Loaded):
    """An article on a listing; compares equal to nothing but itself, like an ORM row.
    A feed's items also have their ``body`` and ``author`` (see :func:`load_feed_items`)."""

    __slots__ = ("id", "slug", "title", "lead", "status", "published_at", "updated_at",
                 "category_id", "image_id", "image_alt", "author_id", "category", "image",
                 "body", "author")
    _model = Article

    def __init__(self, row: Any, *, full: bool = False) -> None:
        self._object = None
        (self.id, self.slug, self.title, self.lead, self.status, self.published_at,
         self.updated_at, self.category_id, self.image_id, self.image_alt,
         self.author_id) = row[:11]
        self.category = (CardRubrik(row.category_id, row.rubrik_name, row.rubrik_slug)
                         if row.category_id is not None else None)
        self.image = CardImage(row) if row.image_id is not None else None
        if full:
            self.body = row.body
            self.author = (CardPerson(row.author_id, row.author_name)
                           if row.author_id is not None else None)

    @property
    def is_public(self) -> bool:
        return models.public_at(self, models.utcnow())

    def __repr__(self) -> str:
        return f"<Card {self.id} {self.slug!r}>"


def load_cards(ids: list[int]) -> list[Card]:
    """The cards of ``ids`` in that order, those readers may not see (now) left out."""
    shown = _load(_CARDS, ids, full=False)
    read: dict[int, Card] = g.setdefault(_READ, {})
    read.update((card.id, card) for card in shown)
    return shown


def load_feed_items(ids: list[int]) -> list[Card]:
    """As :func:`load_cards`, with each article's body and author, for feeds."""
    return _load(_FEED_ITEMS, ids, full=True)


def _load(statement: Any, ids: list[int], *, full: bool) -> list[Card]:
    if not ids:
        return []
    rows = db.session.connection().execute(statement, {"ids": list(set(ids))})
    found = {card.id: card for card in (Card(row, full=full) for row in rows)}
    now = models.utcnow()
    return [found[i] for i in ids if i in found and models.public_at(found[i], now)]


def navigation(limit: int) -> list[CardRubrik]:
    """The first ``limit`` rubrik in the desk's order, as the menu and home page show them."""
    return [CardRubrik(*row)
            for row in db.session.connection().execute(_NAVIGATION, {"limit": limit})]


def read_this_request() -> dict[int, Card]:
    """The cards this request has read, by article id."""
    return g.get(_READ, {})
