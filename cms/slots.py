"""Named places in templates where plugins add markup: the slot API.

Themes call ``{{ slot("article.after_body", article=article) }}``. A plugin contributes
with ``ctx.add_slot(name, render)`` where ``render(**context)`` returns text: plain
strings are escaped, only ``markupsafe.Markup`` passes through as HTML. A contribution
that raises is logged and renders nothing, so one plugin cannot break a page (under
DEBUG or TESTING the error is raised so that it gets fixed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, url_for
from markupsafe import Markup, escape

from cms.hooks import report_or_raise

#: Every slot a theme may offer, with the context it passes. Adding a slot is part of
#: the public API: document it here and the plugin guide picks it up.
SLOTS: dict[str, str] = {
    "head": "Inside <head> of every public page. Context: none.",
    "header.after_nav": "After the main navigation of public pages. Context: none.",
    "footer": "In the footer of every public page. Context: none.",
    "home.blocks": "Blocks on the home page, after the latest news. Context: none.",
    "sidebar": "The sidebar of public pages. Context: none.",
    "article.before_body": "Above an article's body. Context: article.",
    "article.after_body": "Below an article's body. Context: article.",
    "admin.dashboard": "Widgets on the newsroom dashboard. Context: user.",
    "admin.head": "Inside <head> of newsroom pages. Context: none.",
}

SlotRenderer = Callable[..., Any]


class UnknownSlotError(KeyError):
    """A template or plugin named a slot that :data:`SLOTS` does not declare."""


@dataclass(frozen=True)
class SlotContribution:
    plugin: str
    render: SlotRenderer


def check_slot_name(name: str) -> None:
    if name not in SLOTS:
        raise UnknownSlotError(
            f"no slot named {name!r}; the slots are: {', '.join(sorted(SLOTS))}"
        )


def add_contribution(app: Flask, name: str, contribution: SlotContribution) -> None:
    check_slot_name(name)
    app.extensions["warta.slots"].setdefault(name, []).append(contribution)


def slot(name: str, **context: Any) -> Markup:
    """Render every contribution to slot ``name``, in the order plugins were loaded."""
    check_slot_name(name)
    parts = []
    for contribution in current_app.extensions["warta.slots"].get(name, ()):
        try:
            rendered = contribution.render(**context)
        except Exception:
            report_or_raise("slot %s: plugin %s failed to render", name, contribution.plugin)
            continue
        if rendered is not None:
            parts.append(escape(rendered))
    return Markup("".join(parts))  # each part is escaped already: no second pass


class Stylesheet:
    """A plugin's stylesheet link for the ``head`` slot (``ctx.add_stylesheet``).

    The link is the same on every page, so it is built once per application root rather
    than on every request.
    """

    def __init__(self, endpoint: str, filename: str, pages: Iterable[str] | None) -> None:
        self.endpoint = endpoint
        self.filename = filename
        self.pages = frozenset(pages) if pages is not None else None
        self._links: dict[str, Markup] = {}

    def __call__(self) -> Markup | None:
        if self.pages is not None and request.endpoint not in self.pages:
            return None
        link = self._links.get(request.script_root)
        if link is None:
            link = Markup('<link rel="stylesheet" href="{}">').format(
                url_for(self.endpoint, filename=self.filename))
            self._links[request.script_root] = link
        return link


def init_app(app: Flask) -> None:
    app.extensions["warta.slots"] = {}
    app.add_template_global(slot, "slot")
