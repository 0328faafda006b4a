"""Publishing empties only what it changes: every page that shows a changed article
changes on the next request, and the pages that do not show it stay in the cache.

Each change a newsroom makes to a published story (a new title, an advertorial label, a
correction, a withdrawal) is made once the readers' pages are cached; then every page
showing the story must show the change, on the same server and on a second one sharing
the cache through Redis, while a story in another rubrik, by another writer, is still
answered from the cache without its view running.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask

from cms import cachetags
from cms.extensions import cache, db
from cms.models import User
from cms.models.user import utcnow
from plugins.advertorial.models import Sponsor
from plugins.articles import public, services
from plugins.articles.models import Article, Category
from plugins.redaksi import services as redaksi
from tests.conftest import IN_CI

PLUGINS = ["articles", "pages", "redaksi", "advertorial"]
NEW_TITLE = "Banjir Surut di Desa Kras"


def cached_site(make_app, **store) -> Flask:
    return make_app(PLUGINS=PLUGINS, PAGE_CACHE=True, FRAGMENT_CACHE=True, **store)


def write(app: Flask, change: Callable[[User, Article], object], article_id: int,
          email: str = "redaktur@example.com") -> None:
    """Make a change as the newsroom's services make it, in a request of ``app``."""
    with app.test_request_context():
        user = db.session.scalar(db.select(User).filter_by(email=email))
        change(user, db.session.get(Article, article_id))


def newsroom(app: Flask, make_user) -> dict:
    """Two rubrik; three stories in a row in the first, the story in the middle; another
    writer's story in the second, a month earlier. Returns the readers' addresses."""
    make_user(email="redaktur@example.com", role="editor", name="Redaktur Pagi")
    make_user(email="olahraga@example.com", role="editor", name="Wartawan Olahraga")
    with app.app_context():
        db.session.add_all([Category(name="Pemerintahan", slug="pemerintahan"),
                            Category(name="Olahraga", slug="olahraga")])
        db.session.add(Sponsor(name="Bank Daerah", slug="bank-daerah", kind="business",
                               disclosure="Artikel ini kerja sama dengan Bank Daerah."))
        db.session.commit()
    ids = {}
    now = utcnow()
    for name, title, rubrik, tag, hours, email in (
            ("older", "Jalan Desa Diaspal", 1, "jalan", 3, "redaktur@example.com"),
            ("story", "Banjir Melanda Desa Kras", 1, "banjir", 2, "redaktur@example.com"),
            ("newer", "Pasar Baru Dibuka", 1, "pasar", 1, "redaktur@example.com"),
            ("other", "Turnamen Voli Antardesa", 2, "voli", 24 * 40, "olahraga@example.com")):
        with app.test_request_context():
            user = db.session.scalar(db.select(User).filter_by(email=email))
            article = services.save_article(user, services.ArticleInput(
                title=title, body=f"<p>{title}, kata warga.</p>", category_id=rubrik,
                tags=[tag]))
            services.publish(user, article, when=now - timedelta(hours=hours))
            ids[name] = article.id
    with app.app_context():
        for article in db.session.scalars(db.select(Article)):
            article.updated_at = article.published_at  # so that any change shows in lastmod
        db.session.commit()
        story = db.session.get(Article, ids["story"])
        other = db.session.get(Article, ids["other"])
        slugs = {name: db.session.get(Article, i).slug for name, i in ids.items()}
        month = f"/{story.published_at.year}/{story.published_at.month}/"
        other_month = f"/{other.published_at.year}/{other.published_at.month}/"
        author, other_author = story.author_id, other.author_id
    return {
        "ids": ids, "slug": slugs["story"], "older": slugs["older"], "newer": slugs["newer"],
        "author": author,
        "showing": ["/", "/rubrik/pemerintahan/", "/tag/banjir/", f"/penulis/{author}/",
                    month, f"/berita/{slugs['story']}", f"/berita/{slugs['older']}",
                    f"/berita/{slugs['newer']}", "/feed.xml", "/rubrik/pemerintahan/feed.xml",
                    "/tag/banjir/feed.xml", "/sitemap-articles-1.xml"],
        "elsewhere": [f"/berita/{slugs['other']}", "/rubrik/olahraga/", "/tag/voli/",
                      f"/penulis/{other_author}/", other_month],
    }


def retitle(user: User, article: Article) -> None:
    services.save_article(user, services.ArticleInput(
        title=NEW_TITLE, body=article.body, category_id=article.category_id,
        tags=[t.name for t in article.tags]), article)


def label(user: User, article: Article) -> None:
    sponsor = db.session.scalar(db.select(Sponsor.id))
    services.save_article(user, services.ArticleInput(
        title=article.title, body=article.body, category_id=article.category_id,
        tags=[t.name for t in article.tags],
        extra={"advertorial": True, "advertorial_sponsor": str(sponsor),
               "advertorial_label": "Advertorial", "advertorial_contract": ""}), article)


def correct(user: User, article: Article) -> None:
    redaksi.add_correction(user, article, "ralat", "Air setinggi pinggang, bukan lutut.")


def withdraw(user: User, article: Article) -> None:
    redaksi.withdraw(user, article, "Narasumber menarik keterangannya.")


def showing(marker: str, *paths: str) -> dict[str, str]:
    return dict.fromkeys(paths, marker)


#: Each change: the pages where it shows with what they must (or must no longer)
#: contain, and whether every page showing the story changes with it (a sitemap only in
#: a date; a correction shows on the story and in feeds, not on cards).
CHANGES = {
    "title": (retitle, showing(NEW_TITLE, "/", "/rubrik/pemerintahan/", "/tag/banjir/",
                               "/feed.xml", "/rubrik/pemerintahan/feed.xml", "/berita/{slug}"),
              True, True),
    "label": (label, showing("Advertorial", "/", "/rubrik/pemerintahan/", "/tag/banjir/",
                             "/penulis/{author}/", "/berita/{slug}", "/berita/{older}",
                             "/berita/{newer}", "/feed.xml", "/tag/banjir/feed.xml"),
              True, True),
    "correction": (correct, {"/berita/{slug}": "Air setinggi pinggang",
                             **showing("Diralat", "/feed.xml", "/rubrik/pemerintahan/feed.xml",
                                       "/tag/banjir/feed.xml")}, True, False),
    "withdrawal": (withdraw, showing("{slug}", "/", "/rubrik/pemerintahan/", "/tag/banjir/",
                                     "/feed.xml", "/sitemap-articles-1.xml", "/berita/{older}"),
                   False, True),
}


def pages(client, paths: list[str]) -> dict[str, str]:
    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 410), (path, response.status_code)
        found[path] = response.get_data(as_text=True)
    return found


def without_views(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on any readers' page of the articles plugin that is not answered from
    the page cache fails."""
    def refuse(*args, **kwargs):
        raise AssertionError("rendered instead of answered from the page cache")

    monkeypatch.setattr(public, "render_template", refuse)


def check_change(change: str, site: dict, before: dict[str, str], after: dict[str, str]):
    _make, where, present, everywhere = CHANGES[change]
    where = {path.format(**site): marker.format(**site) for path, marker in where.items()}
    for path in site["showing"] if everywhere else where:
        assert after[path] != before[path], f"{path} still shows the story as it was"
    for path, marker in where.items():
        assert (marker in after[path]) is present, path


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_shows_on_every_page_showing_the_story_and_nowhere_else(
        make_app, make_user, monkeypatch, change):
    app = cached_site(make_app)
    site = newsroom(app, make_user)
    reader = app.test_client()
    pages(reader, site["showing"] + site["elsewhere"])
    before = pages(reader, site["showing"])
    kept = pages(reader, site["elsewhere"])

    write(app, CHANGES[change][0], site["ids"]["story"])

    after = pages(reader, site["showing"])
    check_change(change, site, before, after)
    without_views(monkeypatch)
    assert pages(reader, site["elsewhere"]) == kept


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("WARTA_TEST_REDIS_URL")
    if not url:
        if IN_CI:
            pytest.fail("CI=true but WARTA_TEST_REDIS_URL is not set")
        pytest.skip("set WARTA_TEST_REDIS_URL to test two servers sharing Redis")
    return url


@pytest.mark.parametrize("change", CHANGES)
def test_two_servers_sharing_redis_show_a_change_made_on_either(
        make_app, make_user, monkeypatch, redis_url, change):
    store = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url,
             "CACHE_KEY_PREFIX": f"warta-test-{uuid.uuid4().hex}:"}
    desk_server, reader_server = cached_site(make_app, **store), cached_site(make_app, **store)
    site = newsroom(desk_server, make_user)
    reader = reader_server.test_client()
    pages(reader, site["showing"] + site["elsewhere"])
    before = pages(reader, site["showing"])
    kept = pages(reader, site["elsewhere"])

    write(desk_server, CHANGES[change][0], site["ids"]["story"])
    time.sleep(cachetags.RECHECK_SECONDS + 0.05)  # how long a server trusts what it read

    after = pages(reader, site["showing"])
    check_change(change, site, before, after)
    without_views(monkeypatch)
    assert pages(reader, site["elsewhere"]) == kept
    with reader_server.app_context():
        cache.clear()  # this test's keys only (CACHE_KEY_PREFIX)


def test_a_new_story_shows_in_its_listings_and_next_to_its_neighbour(
        make_app, make_user, monkeypatch):
    app = cached_site(make_app)
    site = newsroom(app, make_user)
    reader = app.test_client()
    # No rubrik and a tag of its own: the newest story until now shows it only as "next".
    listings = ["/", "/feed.xml", f"/berita/{site['newer']}"]
    pages(reader, listings + site["elsewhere"])
    kept = pages(reader, site["elsewhere"])

    def publish(user: User, _article: Article) -> None:
        article = services.save_article(user, services.ArticleInput(
            title="Sekolah Baru Diresmikan", body="<p>x</p>", tags=["sekolah"]))
        services.publish(user, article)

    write(app, publish, site["ids"]["story"])

    for path, page in pages(reader, listings).items():
        assert "Sekolah Baru Diresmikan" in page, path
    without_views(monkeypatch)
    assert pages(reader, site["elsewhere"]) == kept


def rubrik_of_nine(app: Flask, make_user) -> dict[str, str]:
    """Nine stories an hour apart in one rubrik (``s1`` the oldest) and one in another;
    returns their addresses by name."""
    make_user(email="redaktur@example.com", role="editor", name="Redaktur Pagi")
    with app.app_context():
        db.session.add_all([Category(name="Pemerintahan", slug="pemerintahan"),
                            Category(name="Olahraga", slug="olahraga")])
        db.session.commit()
    now = utcnow()
    stories = {f"s{n}": (f"Kabar Desa Nomor {n}", 1, 10 - n) for n in range(1, 10)}
    stories["other"] = ("Turnamen Voli Antardesa", 2, 5)
    paths = {}
    for name, (title, rubrik, hours) in stories.items():
        with app.test_request_context():
            user = db.session.scalar(db.select(User).filter_by(email="redaktur@example.com"))
            article = services.save_article(user, services.ArticleInput(
                title=title, body=f"<p>{title}.</p>", category_id=rubrik, tags=[name]))
            services.publish(user, article, when=now - timedelta(hours=hours))
            paths[name] = f"/berita/{article.slug}"
    return paths


def related(page: str) -> list[str]:
    """The titles in the page's "related" block, in the order it shows them."""
    block = page.split('<section class="related"', 1)[1].split("</section>", 1)[0]
    titles = [f"Kabar Desa Nomor {n}" for n in range(1, 10)] + [NEW_TITLE]
    return sorted((t for t in titles if t in block), key=block.index)


def test_an_article_shows_the_stories_just_before_it_in_its_rubrik_as_related(
        make_app, make_user):
    app = cached_site(make_app)
    paths = rubrik_of_nine(app, make_user)
    reader = app.test_client()
    shown = {name: related(reader.get(path).get_data(as_text=True))
             for name, path in paths.items() if name != "other"}
    assert shown["s9"] == [f"Kabar Desa Nomor {n}" for n in (8, 7, 6, 5)]
    assert shown["s6"] == [f"Kabar Desa Nomor {n}" for n in (5, 4, 3, 2)]
    # Too few before it: the rubrik's newest fill the block.
    assert shown["s2"] == [f"Kabar Desa Nomor {n}" for n in (1, 9, 8, 7)]
    assert shown["s1"] == [f"Kabar Desa Nomor {n}" for n in (9, 8, 7, 6)]


def test_a_story_published_between_others_changes_only_the_pages_whose_related_it_joins(
        make_app, make_user, monkeypatch):
    app = cached_site(make_app)
    paths = rubrik_of_nine(app, make_user)
    reader = app.test_client()
    pages(reader, list(paths.values()))
    kept = pages(reader, [paths[name] for name in ("s5", "s6", "other")])

    def publish(user: User, _article: Article) -> None:
        article = services.save_article(user, services.ArticleInput(
            title=NEW_TITLE, body="<p>x</p>", category_id=1, tags=["banjir"]))
        services.publish(user, article, when=utcnow() - timedelta(hours=2.5))

    write(app, publish, 1)

    # Between s7 and s8: the two after it list it, and so do the oldest, which show the
    # rubrik's newest; s7 and s8 show it as previous/next.
    after = pages(reader, list(paths.values()))
    assert NEW_TITLE in related(after[paths["s9"]])
    assert NEW_TITLE in related(after[paths["s8"]])
    assert NEW_TITLE in related(after[paths["s1"]])
    assert NEW_TITLE in after[paths["s7"]]
    without_views(monkeypatch)
    assert pages(reader, [paths[name] for name in ("s5", "s6", "other")]) == kept
