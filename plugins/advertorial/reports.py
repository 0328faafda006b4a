"""Proof of publication ("bukti tayang"): what ran for a sponsor, where, when and how often
it was read, as a printable page and as CSV.

Only articles readers can see now are listed, each at its public address. Views are the
server-side counts of ``articles_view_count`` (views still in a worker's memory appear
after the next flush), and the totals are computed from the same rows that are listed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import format_datetime, get_timezone, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select

from cms.api import absolute_url, db, timezone_abbreviation
from plugins.advertorial.models import AdvertorialArticle, Contract, Sponsor, shown_label
from plugins.articles.api import Article, ViewCount, visible_filter

#: Spreadsheets run cells that start with these as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ReportRow:
    title: str
    url: str
    published_at: datetime
    label: str
    views: int

    @property
    def published_local(self) -> str:
        """Publication time in the site's zone, e.g. ``2025-06-13 09:30 WIB``."""
        text = format_datetime(self.published_at, "yyyy-MM-dd HH:mm")
        zone = timezone_abbreviation()
        return f"{text} {zone}" if zone else text


@dataclass
class Report:
    sponsor: Sponsor
    contract: Contract | None
    start: date | None
    end: date | None
    rows: list[ReportRow] = field(default_factory=list)

    @property
    def total_views(self) -> int:
        return sum(row.views for row in self.rows)


def _utc_start_of(day: date) -> datetime:
    """Midnight of a local day, as the naive UTC the database stores."""
    zone = get_timezone()
    naive = datetime.combine(day, time.min)
    # flask-babel hands out pytz zones, which need localize() for the right offset.
    local = zone.localize(naive) if hasattr(zone, "localize") else naive.replace(tzinfo=zone)
    return local.astimezone(UTC).replace(tzinfo=None)


def build_report(sponsor: Sponsor, contract: Contract | None = None, start: date | None = None,
                 end: date | None = None) -> Report:
    """The sponsor's visible advertorials published from ``start`` to ``end`` (local days,
    both included); a contract without dates means the contract's own period."""
    if contract is not None and start is None and end is None:
        start, end = contract.starts_on, contract.ends_on
    views = (select(ViewCount.article_id, func.sum(ViewCount.count).label("views"))
             .group_by(ViewCount.article_id).subquery())
    query = (
        select(Article, AdvertorialArticle.label, func.coalesce(views.c.views, 0))
        .join(AdvertorialArticle, AdvertorialArticle.article_id == Article.id)
        .outerjoin(views, views.c.article_id == Article.id)
        .where(AdvertorialArticle.sponsor_id == sponsor.id, visible_filter())
        .order_by(Article.published_at, Article.id)
    )
    if contract is not None:
        query = query.where(AdvertorialArticle.contract_id == contract.id)
    if start is not None:
        query = query.where(Article.published_at >= _utc_start_of(start))
    if end is not None:
        query = query.where(Article.published_at < _utc_start_of(end + timedelta(days=1)))
    report = Report(sponsor, contract, start, end)
    for article, label, count in db.session.execute(query):
        report.rows.append(ReportRow(
            title=article.title, url=absolute_url("articles.article", slug=article.slug),
            published_at=article.published_at, label=shown_label(label), views=int(count)))
    return report


def _cell(value: object) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def report_csv(report: Report) -> str:
    """CSV with a header row, one row per article and a closing total row.

    It starts with a byte-order mark so spreadsheet programs read the text as UTF-8.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Judul"), _("Alamat"), _("Waktu terbit"), _("Label"), _("Dilihat")])
    for row in report.rows:
        writer.writerow([_cell(row.title), row.url, row.published_local, row.label, row.views])
    total = ngettext("%(num)d artikel", "%(num)d artikel", len(report.rows))
    writer.writerow([_("Jumlah"), total, "", "", report.total_views])
    return "\ufeff" + out.getvalue()
