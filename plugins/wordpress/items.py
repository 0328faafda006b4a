"""One WordPress item read from the export, turned into what Warta imports.

Pure: no database. :func:`article_record` gives the record ``cms import jsonl`` takes (so
every plugin's import fields and checks apply unchanged); the advertorial rules and the
old addresses of an item are decided here too.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qs, unquote, urlsplit

from flask_babel import lazy_gettext as _l

from cms.api import make_slug
from plugins.articles.api import MAX_TAG_LENGTH, MAX_TAGS
from plugins.wordpress.content import Converted
from plugins.wordpress.wxr import Node

#: Category or tag names that mark an advertorial, compared by slug ("Iklan" = "iklan").
DEFAULT_ADVERTORIAL_NAMES = ("Advertorial", "Adv", "Iklan", "Sponsored", "Pariwara")
#: The sponsor of an advertorial nobody has named yet; editors find it in the sponsor list.
UNCONFIRMED_SPONSOR = "Sponsor (belum dikonfirmasi)"
#: WordPress's default rubrik, which says nothing about a story.
UNCATEGORIZED = frozenset({"uncategorized", "tak-berkategori", "tidak-berkategori"})
_BYLINE_ADV = re.compile(r"\(\s*[\w.\- ]{1,20}/\s*adv\s*\)", re.I)
_TITLE_ADV = re.compile(r"^\s*\[\s*(?:adv|advertorial|iklan|sponsored|pariwara)\s*\]\s*", re.I)
_TAGS = re.compile(r"<[^>]*>")
_SEO_VARIABLES = re.compile(r"%%?\w+%%?")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NO_DATE = "0000-00-00 00:00:00"
#: WordPress status → (Warta status, revision note); ``None``: not imported.
STATUSES: dict[str, tuple[str, str] | None] = {
    "publish": ("published", "Diimpor dari WordPress"),
    "future": ("published", "Diimpor dari WordPress (terjadwal)"),
    "draft": ("draft", "Diimpor dari WordPress (draf)"),
    "pending": ("draft", "Diimpor dari WordPress (menunggu tinjauan)"),
    "private": ("draft", "Diimpor dari WordPress: tulisan privat, belum boleh terbit"),
    "auto-draft": None,
    "inherit": None,
    "trash": None,
}


@dataclass
class Site:
    """What the export says before its items: authors, rubrik, tags and attachments."""

    authors: dict[str, str] = field(default_factory=dict)  # login → display name
    categories: dict[str, str] = field(default_factory=dict)  # nicename → name
    parents: dict[str, str] = field(default_factory=dict)  # nicename → parent's nicename
    category_ids: dict[str, int] = field(default_factory=dict)  # nicename → term id
    tags: dict[str, str] = field(default_factory=dict)  # slug → name
    attachments: dict[int, str] = field(default_factory=dict)  # post id → file URL

    def take(self, node: Node) -> None:
        """Remember a ``wp:author``, ``wp:category`` or ``wp:tag`` element."""
        if node.tag == "wp:author":
            login = node.get("wp:author_login")
            self.authors[login] = node.get("wp:author_display_name") or login
        elif node.tag == "wp:category":
            nicename = node.get("wp:category_nicename")
            self.categories[nicename] = node.get("wp:cat_name") or nicename
            if node.get("wp:category_parent"):
                self.parents[nicename] = node.get("wp:category_parent")
            if node.get("wp:term_id").isdigit():
                self.category_ids[nicename] = int(node.get("wp:term_id"))
        elif node.tag == "wp:tag":
            self.tags[node.get("wp:tag_slug")] = node.get("wp:tag_name") or node.get(
                "wp:tag_slug")

    def category_path(self, nicename: str) -> str:
        """``parent/child``, as WordPress puts a sub-rubrik in its address."""
        seen = [nicename]
        while seen[0] in self.parents and self.parents[seen[0]] not in seen:
            seen.insert(0, self.parents[seen[0]])
        return "/".join(seen)


@dataclass
class Advertorial:
    sponsor: str
    how: str


def meta(node: Node) -> dict[str, str]:
    """The item's ``wp:postmeta`` as key → value."""
    return {m.get("wp:meta_key"): m.raw("wp:meta_value") for m in node.findall("wp:postmeta")}


def terms(node: Node, domain: str) -> list[tuple[str, str]]:
    """The item's ``(nicename, name)`` pairs in ``domain`` ("category" or "post_tag")."""
    return [(child.attrs.get("nicename", ""), child.text.strip())
            for child in node.findall("category") if child.attrs.get("domain") == domain]


def published_at(node: Node) -> str | None:
    """ISO 8601 of the publication time: GMT when WordPress knows it, else local time."""
    gmt = node.get("wp:post_date_gmt")
    if gmt and gmt != _NO_DATE:
        return gmt.replace(" ", "T") + "+00:00"
    local = node.get("wp:post_date")
    if local and local != _NO_DATE:
        return local.replace(" ", "T")  # no offset: the importer reads the site's zone
    return None


def modified_at(node: Node) -> datetime | None:
    """When the item last changed, in UTC, for ``--since``."""
    for key in ("wp:post_modified_gmt", "wp:post_date_gmt"):
        value = node.get(key)
        if value and value != _NO_DATE:
            try:
                return datetime.fromisoformat(value).replace(tzinfo=UTC)
            except ValueError:
                continue
    return None


def _plain(markup: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", markup)).split())


def seo_text(value: str, limit: int) -> str:
    """A Yoast or Rank Math template without its ``%%variables%%``, or ``""``."""
    text = " ".join(_SEO_VARIABLES.sub(" ", value).split()).strip(" -|")
    return text[:limit].strip()


def advertorial(title: str, body: str, categories: Iterable[tuple[str, str]],
                marks: frozenset[str], sponsors: Mapping[str, str]) -> Advertorial | None:
    """Whether an item is an advertorial, who sponsors it and how it was recognised.

    :param marks: slugs of category or tag names that mark an advertorial.
    :param sponsors: category or tag slug → sponsor name (``--sponsors FILE``).
    """
    slugs = [make_slug(name) or nicename for nicename, name in categories]
    slugs += [nicename for nicename, _ in categories if nicename]
    sponsor = next((sponsors[slug] for slug in slugs if slug in sponsors), None)
    how = None
    matched = next((slug for slug in slugs if slug in marks), None)
    if matched:
        how = _l("kategori/tag '%(name)s'", name=matched)
    elif _BYLINE_ADV.search(_plain(body)[-300:]):
        how = _l("kode byline '/adv)'")
    elif _TITLE_ADV.match(title):
        how = _l("awalan judul '[ADV]'")
    elif sponsor:
        how = _l("berkas --sponsors")
    if how is None:
        return None
    return Advertorial(sponsor or UNCONFIRMED_SPONSOR, how)


def meta_values(node: Node, key: str) -> list[str]:
    """Every value of a meta key WordPress may repeat (``_wp_old_slug``, ``_wp_old_date``)."""
    return [m.get("wp:meta_value") for m in node.findall("wp:postmeta")
            if m.get("wp:meta_key") == key and m.get("wp:meta_value")]


_DATE_SEGMENT = re.compile(r"/\d{4}/\d{2}/\d{2}/")


def old_paths(node: Node, kind: str) -> list[str]:
    """The addresses readers used for this item: its permalink, ``/?p=ID``, and the
    permalinks it had before a slug or date change (WordPress keeps them as
    ``_wp_old_slug`` and ``_wp_old_date`` and answers them with a redirect too)."""
    link = redirect_key(node.get("link"))
    paths = [link] if link != "/" else []
    slug = unquote(node.get("wp:post_name")).lower()
    if paths and slug and link.endswith("/" + slug):
        stem = link[: -len(slug)]
        paths += [stem + unquote(old).lower() for old in meta_values(node, "_wp_old_slug")]
    date = _DATE_SEGMENT.search(link) if paths else None
    if date is not None:
        for old_date in meta_values(node, "_wp_old_date"):
            segment = f"/{old_date.replace('-', '/')}/"
            paths += [path.replace(date.group(0), segment, 1) for path in list(paths)]
    wp_id = node.get("wp:post_id")
    paths.append(f"/?page_id={wp_id}" if kind == "page" else f"/?p={wp_id}")
    return list(dict.fromkeys(paths))


#: Query keys WordPress answers on its front page, in the order they are tried.
QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag", "author", "m", "feed")


def redirect_key(url: str) -> str:
    """The form an old address is stored and looked up in: a lower-case path without its
    trailing slash, or ``/?key=value`` for WordPress's query addresses."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path).lower().rstrip("/") or "/"
    query = parse_qs(parts.query)
    if path == "/" or path == "/index.php":
        for key in QUERY_KEYS:
            if query.get(key):
                return f"/?{key}={query[key][0].lower()}"
        return "/"
    return path[:500]


def clean_slug(post_name: str) -> str:
    """WordPress's post name as a Warta slug, or ``""`` when it does not fit one."""
    slug = unquote(post_name).strip().lower()
    if not _SLUG.match(slug):
        slug = make_slug(slug)
    return slug[:200].strip("-")


def checksum(record: Mapping[str, object]) -> str:
    """The fingerprint that tells an edited item from one imported unchanged."""
    return hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()


def article_record(node: Node, site: Site, body: Converted) -> dict[str, object]:
    """The ``cms import jsonl`` record of a post (without advertorial or WordPress keys).

    An "[ADV]" title prefix goes: the advertorial's label says it wherever it is shown.
    """
    postmeta = meta(node)
    title = _TITLE_ADV.sub("", " ".join(html.unescape(node.get("title")).split()))
    categories = [(n, name) for n, name in terms(node, "category")
                  if n not in UNCATEGORIZED and make_slug(name)]
    tags: list[str] = []
    for _, name in terms(node, "post_tag"):
        if make_slug(name) and len(name) <= MAX_TAG_LENGTH and name not in tags:
            tags.append(name)
    creator = node.get("dc:creator")
    record: dict[str, object] = {
        "title": title[:300] or "Tanpa judul",
        "lead": _plain(node.raw("excerpt:encoded"))[:5000],
        "body_html": body.html,
        "author": site.authors.get(creator, creator)[:120],
        "category": categories[0][1][:80] if categories else "",
        "tags": tags[:MAX_TAGS],
        "published_at": published_at(node),
        "seo_title": seo_text(postmeta.get("_yoast_wpseo_title")
                              or postmeta.get("rank_math_title", ""), 200),
        "seo_description": seo_text(postmeta.get("_yoast_wpseo_metadesc")
                                    or postmeta.get("rank_math_description", ""), 300),
    }
    return record
