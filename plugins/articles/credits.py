"""Who is credited on a story: its co-authors with their roles, and the photo credit.

An article's ``author`` is its main author; the others who worked on it (reporter,
writer, photographer, editor) are :class:`~plugins.articles.models.ArticleAuthor` rows,
shown in the byline and the JSON-LD in their order. The editor, the importer and
revisions hand them over as ``(user id, role)`` pairs, in byline order.

Pages write a photo credit after their own "Foto:", so a credit typed as "Foto: bsr1"
(the habit of print captions) would read "(Foto: Foto: bsr1)": the prefix is dropped
when an article is saved, and again when the page is drawn, for credits saved before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cms.api import User, absolute_url, db
from plugins.articles.models import Article, ArticleAuthor, CreditRole

#: "Foto:", "FOTO :", "Foto oleh:", "Photo:"; "Dok. Warga" is a credit and stays whole.
PREFIX = re.compile(r"^\s*(?:foto|photo)(?:\s+(?:oleh|by))?\s*:\s*", re.IGNORECASE)
#: Co-authors one article may credit.
MAX_CREDITS = 12
#: Each role in the newsroom's words, in the order the editor offers them.
ROLE_LABELS = {
    CreditRole.REPORTER: _l("Reporter"),
    CreditRole.WRITER: _l("Penulis"),
    CreditRole.PHOTOGRAPHER: _l("Fotografer"),
    CreditRole.EDITOR: _l("Editor"),
}


class CreditError(ValueError):
    """A co-author the article cannot credit; the message says which and why."""


def bare_credit(text: str) -> str:
    """``"Foto: bsr1"`` → ``"bsr1"``; a credit without such a prefix is returned as is."""
    return PREFIX.sub("", text or "", count=1).strip()


def role_label(role: str) -> str:
    """The role in the newsroom's words (``"photographer"`` → "Fotografer")."""
    try:
        return str(ROLE_LABELS[CreditRole(role)])
    except ValueError:
        return role


def pairs_of(article: Article) -> list[tuple[int, str]]:
    """The article's co-authors as ``(user id, role)`` pairs, in byline order."""
    return [(row.user_id, row.role) for row in article.credits]


def set_credits(article: Article, pairs: Iterable[tuple[int, str]]) -> None:
    """Credit exactly ``pairs`` (in that order) on ``article``; a pair repeated counts once.

    :raises CreditError: for an unknown role, an unknown person, or too many credits.
    """
    wanted: list[tuple[int, str]] = []
    for user_id, role in pairs:
        if role not in {r.value for r in CreditRole}:
            raise CreditError(_("Peran penulis tidak dikenal: %(role)s", role=str(role)[:40]))
        if (int(user_id), role) not in wanted:
            wanted.append((int(user_id), role))
    if len(wanted) > MAX_CREDITS:
        raise CreditError(_("Paling banyak %(num)d penulis lain.", num=MAX_CREDITS))
    known = set(db.session.scalars(db.select(User.id).where(
        User.id.in_([user_id for user_id, _role in wanted])))) if wanted else set()
    if any(user_id not in known for user_id, _role in wanted):
        raise CreditError(_("Penulis lain itu tidak ditemukan."))
    kept = {(row.user_id, row.role): row for row in article.credits}
    rows = []
    for position, key in enumerate(wanted):
        row = kept.get(key) or ArticleAuthor(user_id=key[0], role=key[1])
        row.position = position
        rows.append(row)
    article.credits = rows


def parse_import(value: Any) -> list[dict[str, str]]:
    """An import record's ``"authors"``: names (or e-mails), each with an optional role.

    ``["Rina", {"name": "Budi", "role": "photographer"}]``; a bare name is a writer.

    :raises ValueError: naming what is wrong, for the importer's line report.
    """
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_CREDITS:
        raise ValueError(_("'authors' harus daftar paling banyak %(num)d nama", num=MAX_CREDITS))
    found = []
    for item in value:
        entry = {"name": item} if isinstance(item, str) else item
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) \
                or not entry["name"].strip() or len(entry["name"]) > 120:
            raise ValueError(_("setiap isi 'authors' harus nama atau {\"name\", \"role\"}"))
        role = entry.get("role", CreditRole.WRITER.value)
        if role not in {r.value for r in CreditRole}:
            roles = ", ".join(r.value for r in CreditRole)
            raise ValueError(_("'role' seorang penulis harus salah satu dari %(roles)s",
                               roles=roles))
        found.append({"name": entry["name"].strip(), "role": role})
    return found


def import_credits(article: Article, record: dict[str, Any],
                   person: Callable[[str], User]) -> None:
    """Credit the co-authors an import record lists (checked by :func:`parse_import`); with
    no ``"author"``, the first of them is the main author.

    :param person: finds or makes the user for a name, as the importer does for
        ``"author"``.
    """
    if "authors" not in record:
        return
    people = [(person(entry["name"]), entry["role"]) for entry in parse_import(
        record["authors"])]
    if article.author is None and people:
        article.author = people.pop(0)[0]
    db.session.add_all(user for user, _role in people)
    db.session.flush()  # people made by the import get their ids
    set_credits(article, [(user.id, role) for user, role in people])


def credit_groups(article: Article) -> list[tuple[str, list[User]]]:
    """The byline's co-authors, grouped by role in order of first mention:
    ``[("Fotografer", [Budi]), ...]``."""
    groups: dict[str, list[User]] = {}
    for row in article.credits:
        groups.setdefault(role_label(row.role), []).append(row.user)
    return list(groups.items())


def authors_schema(article: Article) -> Any:
    """NewsArticle's ``author``: one Person, or a list when others are credited too."""
    people: dict[int, User] = {article.author.id: article.author} if article.author else {}
    for row in article.credits:
        people.setdefault(row.user_id, row.user)
    found = [{"@type": "Person", "name": person.name,
              "url": absolute_url("articles.author", author_id=person.id)}
             for person in people.values()]
    if len(found) > 1:
        return found
    return found[0] if found else None
