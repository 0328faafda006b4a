"""Warta's records as the read API, the JSON Feed and webhooks show them.

Only what readers may see: no e-mail addresses, no drafts, no newsroom notes. Times are
ISO 8601 in the site's zone with its offset (``2026-12-05T09:30:00+07:00``), to the
second, like the times readers see on the pages.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from cms.api import LARGEST_ID, User, absolute_address, absolute_url, call_hook, db
from plugins.articles.api import Article, Category, Tag, item_labels, srcset_for, url_for_media


def iso(moment: datetime | None) -> str | None:
    """A stored (naive UTC) time in the site's zone, with its offset, whole seconds."""
    if moment is None:
        return None
    return to_user_timezone(moment.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def rubrik_ref(category: Category) -> dict[str, Any]:
    return {"id": category.id, "slug": category.slug, "name": category.name,
            "url": absolute_url("articles.category", slug=category.slug)}


def tag_ref(tag: Tag) -> dict[str, Any]:
    return {"id": tag.id, "slug": tag.slug, "name": tag.name,
            "url": absolute_url("articles.tag", slug=tag.slug)}


def author_ref(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name,
            "url": absolute_url("articles.author", author_id=user.id)}


def _image(article: Article) -> dict[str, Any] | None:
    media = article.image
    if media is None:
        return None
    return {"url": absolute_address(url_for_media(media.path)), "width": media.width,
            "height": media.height, "alt": article.image_alt or media.alt,
            "caption": article.image_caption or media.caption,
            "credit": article.image_credit or media.credit,
            "srcset": ", ".join(absolute_address(entry) for entry in srcset_for(media).split(", "))}


def articles(items: list[Article], *, with_body: bool = False) -> list[dict[str, Any]]:
    """The JSON of a list of articles: plugins' fields and labels asked once for all."""
    if not items:
        return []
    # Every item's tags in one query, not one per article (public_articles() loads what a
    # card shows; a card shows no tags).
    db.session.scalars(select(Article).where(Article.id.in_([item.id for item in items]))
                       .options(selectinload(Article.tags))).all()
    labels = item_labels(items, "card")
    extra: dict[int, dict[str, Any]] = {}
    for found in call_hook("api_article_fields", articles=list(items)):
        for article_id, fields in found.items():
            extra.setdefault(article_id, {}).update(fields)
    return [_article(item, labels.get(item.id), extra.get(item.id, {}), with_body)
            for item in items]


def _article(item: Article, label: str | None, extra: dict[str, Any],
             with_body: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.id,
        "slug": item.slug,
        "url": absolute_url("articles.article", slug=item.slug),
        "api_url": absolute_url("api.article", article_id=item.id),
        "title": item.title,
        "dateline": item.dateline,
        "lead": item.lead,
        "byline": item.byline,
        "label": label or None,
        "published_at": iso(item.published_at),
        "updated_at": iso(max(item.updated_at, item.published_at)),
        "rubrik": rubrik_ref(item.category) if item.category else None,
        "tags": [tag_ref(tag) for tag in item.tags],
        "author": author_ref(item.author) if item.author else None,
        "image": _image(item),
    }
    if with_body:
        data["body_html"] = item.body or ""
    data.update(extra)
    return data


def encode_cursor(*values: Any) -> str:
    """An opaque position in a list: where the next page starts."""
    text = json.dumps(values, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(text: str, *types: type) -> tuple:
    """The values :func:`encode_cursor` packed; :class:`ValueError` for anything else."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValueError(_("Kursor tidak dikenal; pakai nilai next_cursor apa adanya.")) \
            from None
    if (not isinstance(values, list) or len(values) != len(types)
            or not all(type(v) is t for v, t in zip(values, types, strict=True))
            or any(type(v) is int and not 0 <= v <= LARGEST_ID for v in values)):
        raise ValueError(_("Kursor tidak dikenal; pakai nilai next_cursor apa adanya."))
    return tuple(values)


def page_link(endpoint: str, cursor: str | None, **values: Any) -> str | None:
    """The address of the next page, with the same filters."""
    if cursor is None:
        return None
    return absolute_address(url_for(endpoint, **{k: v for k, v in values.items() if v is not None},
                            cursor=cursor))
