"""Old WordPress addresses answer 301 to their new page, which answers 200."""

from __future__ import annotations

from sqlalchemy import select

from cms.extensions import db
from plugins.articles.models import Article
from tests.wordpress.conftest import SITE, item


def follow(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 301, (path, response.status_code)
    target = response.headers["Location"]
    assert client.get(target).status_code == 200, (path, target)
    return target


def test_every_old_address_answers_301_to_a_200(app, client, write_export, import_wp):
    result = import_wp(write_export(
        item(10, "Banjir", tags=("Banjir",)),
        item(11, "Redaksi", post_type="page", slug="redaksi"),
        item(12, "Gempa", link=f"{SITE}/gempa-bumi-guncang/"),
    ))
    assert result.exit_code == 0, result.output + result.stderr
    assert follow(client, "/2024/05/12/berita-10/").endswith("/berita/berita-10")
    assert follow(client, "/2024/05/12/berita-10").endswith("/berita/berita-10")
    assert follow(client, "/?p=10").endswith("/berita/berita-10")
    assert follow(client, "/gempa-bumi-guncang/").endswith("/berita/berita-12")
    assert follow(client, "/?page_id=11").endswith("/halaman/redaksi")
    assert follow(client, "/category/daerah/kediri/").endswith("/rubrik/kediri/")
    assert follow(client, "/?cat=4").endswith("/rubrik/kediri/")
    assert "/penulis/" in follow(client, "/author/budi/")
    assert follow(client, "/feed/").endswith("/feed.xml")
    assert client.get("/tag/banjir/").status_code == 200
    assert client.get("/2024/05/").status_code == 200
    assert client.get("/tidak-pernah-ada/").status_code == 404
    assert client.get("/?p=999").status_code == 200  # the home page, as before


def test_redirects_follow_a_later_slug_change(app, client, write_export, import_wp):
    import_wp(write_export(item(10, "Banjir")))
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == "berita-10"))
        article.slug = "banjir-kediri"
        db.session.commit()
    assert follow(client, "/2024/05/12/berita-10/").endswith("/berita/banjir-kediri")


def test_a_draft_is_not_revealed_by_its_old_address(app, client, write_export, import_wp):
    import_wp(write_export(item(10, "Draf", status="draft")))
    assert client.get("/?p=10").status_code == 200  # the home page
    assert client.get("/2024/05/12/berita-10/").status_code == 404


def test_a_second_run_adds_no_redirects(app, write_export, import_wp):
    from plugins.wordpress.models import WordpressRedirect

    path = write_export(item(10, "Banjir"), item(11, "Hal", post_type="page"))
    import_wp(path)
    with app.app_context():
        before = db.session.scalars(select(WordpressRedirect.path)).all()
    import_wp(path)
    with app.app_context():
        assert sorted(db.session.scalars(select(WordpressRedirect.path)).all()) == sorted(before)


def test_old_addresses_work_behind_the_page_cache(make_app, write_export):
    from tests.conftest import CmsRunner

    app = make_app(PAGE_CACHE=True)
    client = app.test_client()
    assert client.get("/?p=10").status_code == 200  # the home page, before the move
    assert client.get("/2024/05/12/berita-10/").status_code == 404
    result = CmsRunner(app).invoke(["import", "wordpress", str(write_export(item(10, "A")))])
    assert result.exit_code == 0, result.output
    assert client.get("/?p=10").status_code == 301
    assert client.get("/2024/05/12/berita-10/").status_code == 301
