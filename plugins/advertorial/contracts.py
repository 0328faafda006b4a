"""What a contract has used and what an article would do to it.

A period problem is a warning: the desk must know before it publishes. Past the quota, a
contract refuses (the default) or only warns, as the desk set it; an editor may let one
article run past a refusing contract, and that override is kept in the article's
revisions. An article uses the quota once it is published or scheduled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask_babel import format_date, get_timezone, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select

from cms.api import db, utcnow
from plugins.advertorial.models import AdvertorialArticle, Contract
from plugins.articles.api import Article, Status

#: Statuses that take a place in the quota.
COUNTED = (Status.PUBLISHED.value, Status.SCHEDULED.value)


def local_day(moment: datetime) -> date:
    """The site's calendar day of a stored (naive UTC) time: contracts run on local days."""
    return moment.replace(tzinfo=UTC).astimezone(get_timezone()).date()


def used(contract: Contract, excluding: int | None = None) -> int:
    """How many articles of ``contract`` are published or scheduled."""
    query = (select(func.count()).select_from(AdvertorialArticle).join(Article)
             .where(AdvertorialArticle.contract_id == contract.id, Article.status.in_(COUNTED)))
    if excluding is not None:
        query = query.where(Article.id != excluding)
    return db.session.scalar(query) or 0


@dataclass
class ContractArticle:
    article: Article
    outside_period: bool
    over_quota: bool


@dataclass
class Usage:
    contract: Contract
    used: int
    articles: list[ContractArticle]

    @property
    def remaining(self) -> int:
        return max(self.contract.quota - self.used, 0)

    @property
    def over(self) -> int:
        return max(self.used - self.contract.quota, 0)


def usage(contract: Contract) -> Usage:
    """The contract's articles, oldest first, each flagged when it breaks the contract."""
    articles = db.session.scalars(
        select(Article).join(AdvertorialArticle)
        .where(AdvertorialArticle.contract_id == contract.id)
        .order_by(Article.published_at.is_(None), Article.published_at, Article.id)).all()
    rows, counted = [], 0
    for article in articles:
        counts = article.status in COUNTED
        counted += counts
        rows.append(ContractArticle(
            article,
            outside_period=counts and not contract.covers(local_day(article.published_at)),
            over_quota=counts and counted > contract.quota,
        ))
    return Usage(contract, counted, rows)


def over_quota(article: Article, contract: Contract) -> bool:
    """Would ``article`` take a place beyond the contract's quota?"""
    return used(contract, excluding=article.id) + 1 > contract.quota


def quota_refusal(article: Article, contract: Contract, overridden: bool) -> str | None:
    """Why ``article`` may not run under ``contract``, or ``None`` when it may."""
    if not contract.refuses_over_quota or overridden or not over_quota(article, contract):
        return None
    return _(
        "Kuota kontrak %(number)s sudah habis (%(used)d dari %(num)d artikel) dan kontrak "
        "ini menolak artikel melebihi kuota. Pilih kontrak lain, atau redaktur mencentang "
        "\"Izinkan melebihi kuota\" (tercatat di riwayat revisi).",
        number=contract.number, used=used(contract, excluding=article.id), num=contract.quota)


def warnings_for(article: Article, contract: Contract) -> list[str]:
    """What the desk should know before ``article`` runs under ``contract``."""
    found = []
    when = article.published_at if article.status in COUNTED else None
    day = local_day(when or utcnow())
    if not contract.covers(day):
        found.append(_(
            "Tanggal terbit %(day)s di luar periode kontrak %(number)s (%(start)s – %(end)s).",
            day=format_date(day, "d MMM yyyy"), number=contract.number,
            start=format_date(contract.starts_on, "d MMM yyyy"),
            end=format_date(contract.ends_on, "d MMM yyyy")))
    others = used(contract, excluding=article.id)
    if others + 1 > contract.quota:
        found.append(ngettext(
            "Kuota kontrak %(number)s sudah terpakai %(used)d dari %(num)d artikel: "
            "artikel ini melebihi kuota.",
            "Kuota kontrak %(number)s sudah terpakai %(used)d dari %(num)d artikel: "
            "artikel ini melebihi kuota.",
            contract.quota, number=contract.number, used=others))
    return found
