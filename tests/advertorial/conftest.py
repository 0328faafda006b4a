"""Fixtures for the advertorial tests: every app here runs articles and advertorial.

Advertorials are made through the newsroom's services with the editor's fields, so the
plugin's hooks run as they do on a live site.
"""

from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser

import pytest

from cms.extensions import db
from cms.models.user import utcnow
from plugins.advertorial.models import Contract, PartnerUser, Sponsor
from tests.articles import conftest as articles_fixtures

# The newsroom's fixtures, shared rather than copied.
category = articles_fixtures.category
make_article = articles_fixtures.make_article

SPONSOR_NAME = "Diskominfo Kabupaten Kediri"
SPONSOR_SITE = "https://kedirikab.go.id"
DISCLOSURE = "Artikel ini hasil kerja sama dengan Diskominfo Kabupaten Kediri."


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles", "advertorial"]}


@pytest.fixture
def make_sponsor(app):
    """``make_sponsor("Name", **fields)`` → the sponsor's id."""

    def factory(name: str = SPONSOR_NAME, slug: str | None = None, **fields) -> int:
        fields = {"kind": "government", "website": SPONSOR_SITE, "disclosure": DISCLOSURE,
                  **fields}
        with app.app_context():
            row = Sponsor(name=name, slug=slug or name.lower().replace(" ", "-"), **fields)
            db.session.add(row)
            db.session.commit()
            return row.id

    return factory


@pytest.fixture
def sponsor(make_sponsor) -> int:
    return make_sponsor()


@pytest.fixture
def make_contract(app):
    """``make_contract(sponsor_id, quota=2, starts_on=…, ends_on=…, over_quota="refuse")``
    → the contract's id."""

    def factory(sponsor_id: int, number: str = "SPK/027/418.54/2025", quota: int = 2,
                starts_on: date | None = None, ends_on: date | None = None,
                over_quota: str = "refuse") -> int:
        today = utcnow().date()
        with app.app_context():
            row = Contract(sponsor_id=sponsor_id, number=number, quota=quota,
                           over_quota=over_quota,
                           starts_on=starts_on or today - timedelta(days=30),
                           ends_on=ends_on or today + timedelta(days=30))
            db.session.add(row)
            db.session.commit()
            return row.id

    return factory


def marking(sponsor_id: int | None, label: str = "Advertorial",
            contract_id: int | None = None) -> dict:
    """The editor's advertorial fields as ``ArticleInput.extra``."""
    return {"advertorial": True, "advertorial_sponsor": str(sponsor_id or ""),
            "advertorial_label": label, "advertorial_contract": str(contract_id or "")}


@pytest.fixture
def make_advertorial(make_article, editor):
    """``make_advertorial(sponsor_id, status="published", **fields)`` → the article's id."""

    def factory(sponsor_id: int | None, status: str = "published", label: str = "Advertorial",
                contract_id: int | None = None, **fields) -> int:
        fields.setdefault("author", editor)
        return make_article(status=status, extra=marking(sponsor_id, label, contract_id),
                            **fields)

    return factory


@pytest.fixture
def make_partner(app, make_user):
    """``make_partner(sponsor_id)`` → a user of role partner linked to that sponsor."""

    def factory(sponsor_id: int, email: str | None = None, name: str = "Humas Diskominfo"):
        user = make_user(email=email, role="partner", name=name)
        with app.app_context():
            db.session.add(PartnerUser(user_id=user.id, sponsor_id=sponsor_id))
            db.session.commit()
        return user

    return factory


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class TreeBuilder(HTMLParser):
    """A small DOM of a page, enough to ask which container a link sits in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def tree(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def containers_of(html: str, href: str) -> list[Node]:
    """For each link to ``href`` inside ``<main>``: the card (``<article>``) or list item
    (``<li>``) it stands in, or the link itself where it stands alone (previous/next)."""
    found = []
    for node in tree(html).walk():
        if node.tag == "a" and node.attrs.get("href") == href and any(
                a.tag == "main" for a in node.ancestors()):
            found.append(next((a for a in node.ancestors() if a.tag in ("article", "li")),
                              node))
    return found
