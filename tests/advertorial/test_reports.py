"""Proof of publication: the listed articles are exactly the sponsor's advertorials that
ran in the period, with their views, and the totals are the sum of what is listed."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from cms.extensions import db
from cms.models.user import utcnow
from plugins.advertorial.models import AdvertorialArticle
from plugins.articles.models import Article, ViewCount, visible_filter
from tests.articles.conftest import login_as
from tests.conftest import CmsRunner


@pytest.fixture
def campaign(app, sponsor, make_sponsor, make_contract, make_advertorial, make_article,
             editor):
    """Three June advertorials (one under the contract), one published on 1 July in WIB,
    and what must never be listed: a draft, a scheduled one, another sponsor's, news."""
    contract = make_contract(sponsor, quota=5, starts_on=date(2025, 6, 10),
                             ends_on=date(2025, 6, 20))
    other = make_sponsor("PT Gudang Garam", slug="pt-gudang-garam")

    def ran(title: str, when: datetime, **fields) -> int:
        return make_advertorial(sponsor, title=title, published_at=when, **fields)

    ids = {
        "early": ran("Pembinaan KIM Mlancu", datetime(2025, 6, 2, 3, 0)),
        "contracted": ran("Sosialisasi Konten Positif", datetime(2025, 6, 13, 2, 30),
                          contract_id=contract, label="Iklan"),
        "late": ran("=HYPERLINK(\"x\") Festival Kelud", datetime(2025, 6, 29, 10, 0)),
        # 18:00 UTC on 30 June is 01:00 WIB on 1 July: a July article for the sponsor.
        "july": ran("Gebyar UMKM", datetime(2025, 6, 30, 18, 0)),
        "draft": make_advertorial(sponsor, status="draft", title="Masih Draf"),
        "scheduled": ran("Belum Tayang", utcnow() + timedelta(days=3), status="scheduled"),
        "other": make_advertorial(other, title="Sponsor Lain",
                                  published_at=datetime(2025, 6, 5)),
        "news": make_article(author=editor, status="published", title="Berita Biasa",
                             published_at=datetime(2025, 6, 6)),
    }
    with app.app_context():
        for key, day, count in (("early", 2, 120), ("early", 3, 30), ("contracted", 13, 75),
                                ("other", 5, 999), ("news", 6, 500)):
            db.session.add(ViewCount(article_id=ids[key], day=date(2025, 6, day), count=count))
        db.session.commit()
    return {**ids, "contract": contract, "sponsor": sponsor, "other_sponsor": other}


def expected(app, sponsor: int, start: datetime, end: datetime) -> tuple[set[str], int]:
    """Straight from the tables: the titles and the views the report must show."""
    with app.app_context():
        ids = db.session.scalars(
            select(Article.id).join(AdvertorialArticle, AdvertorialArticle.article_id ==
                                    Article.id)
            .where(AdvertorialArticle.sponsor_id == sponsor, visible_filter(),
                   Article.published_at >= start, Article.published_at < end)).all()
        titles = set(db.session.scalars(select(Article.title).where(Article.id.in_(ids))))
        views = db.session.scalar(select(func.coalesce(func.sum(ViewCount.count), 0))
                                  .where(ViewCount.article_id.in_(ids)))
        return titles, views


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


JUNE = {"dari": "2025-06-01", "sampai": "2025-06-30"}
# June in WIB (UTC+7), in the naive UTC the database stores
JUNE_UTC = (datetime(2025, 5, 31, 17, 0), datetime(2025, 6, 30, 17, 0))


def test_csv_lists_exactly_the_articles_that_ran_and_totals_them(app, editor, campaign):
    client = login_as(app, editor)
    response = client.get(f"/admin/advertorial/laporan/{campaign['sponsor']}.csv",
                          query_string=JUNE)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows, total = read_csv(response)
    assert header == ["Judul", "Alamat", "Waktu terbit", "Label", "Dilihat"]
    titles, views = expected(app, campaign["sponsor"], *JUNE_UTC)
    assert {row[0].removeprefix("'") for row in rows} == titles
    assert len(rows) == len(titles) == 3
    assert sum(int(row[4]) for row in rows) == views == 225
    assert total == ["Jumlah", "3 artikel", "", "", "225"]
    by_title = {row[0]: row for row in rows}
    assert by_title["Pembinaan KIM Mlancu"][1:] == [
        "http://localhost/berita/pembinaan-kim-mlancu", "2025-06-02 10:00 WIB", "Advertorial",
        "150"]
    assert by_title["Sosialisasi Konten Positif"][3] == "Iklan"
    # A title a spreadsheet would run as a formula is written as text.
    assert "'=HYPERLINK(\"x\") Festival Kelud" in by_title


def test_printable_page_shows_the_same_rows_and_totals(app, editor, campaign):
    client = login_as(app, editor)
    page = client.get(f"/admin/advertorial/laporan/{campaign['sponsor']}",
                      query_string=JUNE).get_data(as_text=True)
    titles, views = expected(app, campaign["sponsor"], *JUNE_UTC)
    for title in titles:
        assert title.replace('"', "&#34;") in page
    assert "Jumlah: 3 artikel" in page
    assert f'id="report-views">{views}<' in page
    assert "Gebyar UMKM" not in page  # 1 July in the site's time zone
    for never in ("Masih Draf", "Belum Tayang", "Sponsor Lain", "Berita Biasa"):
        assert never not in page
    assert "Bukti Tayang Advertorial" in page and "Warta" in page  # the site's masthead
    assert "dari=2025-06-01" in page and ".csv" in page  # the same report as CSV
    assert "robot, dan skrip tidak dihitung" in page  # the sponsor reads what a view is


def test_without_dates_every_visible_article_is_listed(app, editor, campaign):
    client = login_as(app, editor)
    header, *rows, total = read_csv(client.get(
        f"/admin/advertorial/laporan/{campaign['sponsor']}.csv"))
    assert len(rows) == 4
    assert total[1] == "4 artikel"


def test_contract_report_covers_the_contract_and_its_period(app, editor, campaign):
    client = login_as(app, editor)
    header, *rows, total = read_csv(client.get(
        f"/admin/advertorial/laporan/{campaign['sponsor']}.csv",
        query_string={"kontrak": campaign["contract"]}))
    assert [row[0] for row in rows] == ["Sosialisasi Konten Positif"]
    assert total[4] == "75"


def test_report_refuses_foreign_contracts_and_bad_dates(app, editor, campaign, make_contract):
    other_contract = make_contract(campaign["other_sponsor"])
    client = login_as(app, editor)
    path = f"/admin/advertorial/laporan/{campaign['sponsor']}"
    assert client.get(path, query_string={"kontrak": other_contract}).status_code == 404
    assert client.get(path, query_string={"dari": "kemarin"}).status_code == 400
    assert client.get("/admin/advertorial/laporan/999").status_code == 404


def test_partner_report_matches_the_editors(app, editor, campaign, make_partner):
    partner = make_partner(campaign["sponsor"])
    path = f"/admin/advertorial/laporan/{campaign['sponsor']}.csv"
    assert read_csv(login_as(app, partner).get(path, query_string=JUNE)) == read_csv(
        login_as(app, editor).get(path, query_string=JUNE))


def test_command_line_report_is_the_same_csv(app, editor, campaign, tmp_path):
    app.config["SITE_URL"] = "https://kabarkediri.example"  # as `cms init` writes it
    target = tmp_path / "bukti.csv"
    result = CmsRunner(app).invoke([
        "advertorial", "report", "--sponsor", "Diskominfo Kabupaten Kediri", "--from",
        "2025-06-01", "--to", "2025-06-30", "--format", "csv", "--output", str(target)])
    assert result.exit_code == 0, result.output
    web = login_as(app, editor).get(f"/admin/advertorial/laporan/{campaign['sponsor']}.csv",
                                    query_string=JUNE)
    assert target.read_bytes() == web.get_data()
    assert "https://kabarkediri.example/berita/pembinaan-kim-mlancu" in target.read_text()
    missing = CmsRunner(app).invoke(["advertorial", "report", "--sponsor", "Tidak Ada"])
    assert missing.exit_code != 0
    assert "tidak ada sponsor bernama 'Tidak Ada'" in missing.output


def test_command_line_report_needs_the_sites_address(app, campaign):
    result = CmsRunner(app).invoke(["advertorial", "report", "--sponsor",
                                    "Diskominfo Kabupaten Kediri"])
    assert result.exit_code != 0
    assert "SITE_URL belum diatur" in result.output
    assert "localhost" not in result.output
