"""The rubrik tree: which rubrik sits inside which, kept free of loops."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from cms.api import db, depends_on, remembered
from plugins.articles.models import Category


class RubrikCycle(ValueError):
    """The parent is the rubrik itself or lies below it; ``str(exc)`` tells the editor."""


def _parents() -> dict[int, int | None]:
    return dict(db.session.execute(select(Category.id, Category.parent_id)).all())


def descendant_ids(category_id: int, parents: dict[int, int | None] | None = None) -> set[int]:
    """Every rubrik below ``category_id``, however deep; loops in old data end the walk."""
    parents = _parents() if parents is None else parents
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    found: set[int] = set()
    todo = [category_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found and child != category_id:
                found.add(child)
                todo.append(child)
    return found


def ancestor_ids(category_id: int) -> list[int]:
    """The rubrik itself and every rubrik above it, nearest first (their pages list it);
    a loop in old data ends the walk."""
    parents = _parents()
    found = [category_id]
    while (parent := parents.get(found[-1])) is not None and parent not in found:
        found.append(parent)
    return found


def set_parent(category: Category, parent: Category | None) -> None:
    """Put ``category`` under ``parent`` (None: at the top), refusing a loop.

    :raises RubrikCycle: ``parent`` is ``category`` itself or lies below it.
    """
    if parent is not None:
        db.session.flush()  # new rubrik need their ids to be compared
        if parent.id == category.id:
            raise RubrikCycle(_("Rubrik tidak dapat menjadi induk dirinya sendiri."))
        if parent.id in descendant_ids(category.id):
            raise RubrikCycle(_("Rubrik %(parent)s berada di bawah %(name)s; pilih induk lain "
                                "agar tidak berputar.", parent=parent.name, name=category.name))
    category.parent = parent
    category.parent_id = parent.id if parent is not None else None


def listed_ids(category_id: int) -> tuple[int, ...]:
    """The rubrik whose articles a rubrik's page lists: itself and all below it.

    Only an edit of the rubrik moves rubrik (and it empties every cache), so each process
    remembers the answer per content generation.
    """

    def compute() -> tuple[int, ...]:
        depends_on()  # no article changes it
        return (category_id, *sorted(descendant_ids(category_id)))

    return remembered("rubrik.listed", category_id, compute=compute)
