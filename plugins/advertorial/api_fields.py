"""The advertorial's part of the read API, JSON Feed and webhooks (the api plugin's hooks).

Every advertorial reaches apps with its label and sponsor, as it reaches readers; sponsors
appear once something of theirs has run, like their public page. Mixed into the plugin
class, so the hooks are optional (without the api plugin nobody calls them), and the
plugin's modules are imported only when called: importing the models declares tables.
"""

from __future__ import annotations

from typing import Any

from cms.api import absolute_address, absolute_url, hookimpl

_SPONSOR_SCHEMA = {"type": "object", "required": ["slug", "name", "url"], "properties": {
    "slug": {"type": "string"}, "name": {"type": "string"},
    "website": {"type": "string"}, "url": {"type": "string", "format": "uri"}}}


def _sponsor_ref(sponsor: Any) -> dict[str, Any]:
    return {"slug": sponsor.slug, "name": sponsor.name, "website": sponsor.website,
            "url": absolute_url("advertorial.sponsor", slug=sponsor.slug)}


class ApiFields:
    """The api plugin's hooks, implemented for advertorials."""

    @hookimpl(optionalhook=True)
    def api_article_fields(self, articles: list[Any]) -> dict[int, dict[str, Any]]:
        from sqlalchemy import select
        from sqlalchemy.orm import selectinload

        from cms.api import db
        from plugins.advertorial.models import AdvertorialArticle

        ids = [article.id for article in articles]
        rows = {row.article_id: row for row in db.session.scalars(
            select(AdvertorialArticle).where(AdvertorialArticle.article_id.in_(ids))
            .options(selectinload(AdvertorialArticle.sponsor)))}
        return {article_id: {"advertorial": {
            "label": rows[article_id].shown_label,
            "sponsor": _sponsor_ref(rows[article_id].sponsor)
            if rows[article_id].sponsor else None,
        } if article_id in rows else None} for article_id in ids}

    @hookimpl(optionalhook=True)
    def api_article_schema(self) -> dict[str, Any]:
        return {"advertorial": {
            "description": "Paid content: its label and sponsor (null for news).",
            "oneOf": [{"type": "null"}, {
                "type": "object", "required": ["label", "sponsor"], "properties": {
                    "label": {"type": "string"},
                    "sponsor": {"oneOf": [{"type": "null"}, _SPONSOR_SCHEMA]}}}]}}

    @hookimpl(optionalhook=True)
    def api_article_selection(self, name: str, value: str) -> Any:
        from sqlalchemy import select

        from plugins.advertorial.models import AdvertorialArticle, Sponsor

        if name == "advertorial":
            return select(AdvertorialArticle.article_id)
        if name == "sponsor":
            return (select(AdvertorialArticle.article_id).join(Sponsor)
                    .where(Sponsor.slug == value))
        return None

    @hookimpl(optionalhook=True)
    def api_sponsors(self) -> list[dict[str, Any]]:
        from sqlalchemy import select

        from cms.api import db
        from plugins.advertorial.labels import sponsor_logo
        from plugins.advertorial.models import AdvertorialArticle, Sponsor
        from plugins.articles.api import Article, visible_filter

        ran = (select(AdvertorialArticle.sponsor_id).join(Article)
               .where(visible_filter(), AdvertorialArticle.sponsor_id.is_not(None)))
        sponsors = []
        for sponsor in db.session.scalars(
                select(Sponsor).where(Sponsor.id.in_(ran)).order_by(Sponsor.name)):
            logo = sponsor_logo(sponsor)
            sponsors.append({**_sponsor_ref(sponsor), "kind": sponsor.kind,
                             "disclosure": sponsor.disclosure,
                             "logo": absolute_address(logo) if logo else None})
        return sponsors

    @hookimpl(optionalhook=True)
    def api_article_events(self, article: Any, action: str) -> list[str]:
        from cms.api import db
        from plugins.advertorial.models import AdvertorialArticle

        if action == "published" and db.session.get(AdvertorialArticle, article.id):
            return ["advertorial.published"]
        return []
