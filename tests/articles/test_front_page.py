"""The front page the editor controls: pins on the home and rubrik pages, breaking news on
every page, each gone by the clock, and readers seeing every change at once."""

from __future__ import annotations

import re
import sys
from datetime import timedelta

import pytest

from cms import clock as clock_module
from cms.extensions import db
from cms.hookspecs import hookimpl
from cms.models.user import utcnow
from cms.testing import register_temporarily
from plugins.articles import frontpage, services
from plugins.articles.models import Article, Category
from tests.articles.conftest import login_as

EXPIRY_FIELD = "%Y-%m-%dT%H:%M"


@pytest.fixture
def clock(monkeypatch):
    """Move Warta's one clock forward: ``clock(timedelta(hours=2))``. Every module that
    took ``utcnow`` from :mod:`cms.clock` sees the moved time."""
    real = clock_module.utcnow
    offset = [timedelta(0)]

    def moved():
        return real() + offset[0]

    for module in list(sys.modules.values()):
        if getattr(module, "__dict__", {}).get("utcnow") is real:
            monkeypatch.setattr(module, "utcnow", moved)

    def advance(delta: timedelta) -> None:
        offset[0] += delta

    return advance


@pytest.fixture
def rubrik(app) -> tuple[int, str]:
    with app.app_context():
        row = Category(name="Ekonomi", slug="ekonomi")
        db.session.add(row)
        db.session.commit()
        return row.id, f"rubrik:{row.id}"


@pytest.fixture
def stories(make_article, rubrik) -> dict[str, int]:
    """Three published stories in the rubrik, "Lama" the oldest and "Baru" the newest."""
    now = utcnow()
    return {title: make_article(status="published", title=title, category_id=rubrik[0],
                                published_at=now - timedelta(hours=hours))
            for title, hours in (("Lama", 3), ("Tengah", 2), ("Baru", 1))}


@pytest.fixture
def desk(app, editor):
    return login_as(app, editor)


def local(app, delta: timedelta) -> str:
    """A time ``delta`` from now as the form's field takes it (the site's zone)."""
    with app.test_request_context():
        return frontpage.local_time(utcnow() + delta)


def pin(desk, article_id: int, page: str = "home", **fields):
    return desk.post("/admin/front-page/pin", data={"page": page, "article_id": article_id,
                                                    **fields})


def order_on(client, path: str, *titles: str) -> list[str]:
    """``titles`` in the order the page shows their cards (each once, or the test fails);
    on the home page, in its top block (the headline and the latest news)."""
    html = client.get(path).get_data(as_text=True)
    if path == "/":
        html = html.split('class="home__top"', 1)[1].split('class="home__columns"', 1)[0]
    found = re.findall(r'class="card__title"><a href="[^"]*">([^<]*)</a>', html)
    shown = [t for t in found if t in titles]
    assert len(shown) == len(set(shown)), f"a story is listed twice: {shown}"
    return shown


def pins_table(desk, page: str = "home") -> str:
    """The pinned stories' rows on the newsroom's front-page desk ("" when none)."""
    html = desk.get(f"/admin/front-page/?page={page}").get_data(as_text=True)
    return html.split("data-front-pins", 1)[1].split("</tbody>", 1)[0] if (
        "data-front-pins" in html) else ""


def headline(client) -> str:
    html = client.get("/").get_data(as_text=True)
    block = html.split('class="home__headline"', 1)[1]
    return re.search(r'class="card__title"><a href="[^"]*">([^<]*)</a>', block).group(1)


def test_without_pins_the_pages_stay_newest_first(client, stories):
    assert headline(client) == "Baru"
    assert order_on(client, "/rubrik/ekonomi/", "Lama", "Tengah", "Baru") == [
        "Baru", "Tengah", "Lama"]


def test_pins_lead_the_home_page_in_the_editors_order(client, desk, stories):
    assert pin(desk, stories["Lama"]).status_code == 302
    assert pin(desk, stories["Tengah"], position="1").status_code == 302
    assert headline(client) == "Tengah"
    assert order_on(client, "/", "Lama", "Tengah", "Baru") == ["Tengah", "Lama", "Baru"]
    pinned = pins_table(desk)
    assert pinned.index("Tengah") < pinned.index("Lama")
    assert "Utama" in pinned


def test_pins_lead_a_rubrik_page_without_listing_a_story_twice(client, desk, stories, rubrik):
    assert pin(desk, stories["Lama"], page=rubrik[1]).status_code == 302
    assert order_on(client, "/rubrik/ekonomi/", "Lama", "Tengah", "Baru") == [
        "Lama", "Baru", "Tengah"]
    assert headline(client) == "Baru"  # a rubrik's pin leaves the home page alone


def test_unpinning_gives_the_place_back_to_the_automatic_order(client, desk, stories):
    pin(desk, stories["Lama"])
    assert headline(client) == "Lama"
    response = desk.post("/admin/front-page/unpin", data={"page": "home",
                                                          "article_id": stories["Lama"]})
    assert response.status_code == 302
    assert headline(client) == "Baru"


def test_up_down_buttons_and_the_dragged_order_reorder_pins(client, desk, stories, rubrik):
    for title in ("Lama", "Tengah", "Baru"):
        pin(desk, stories[title], page=rubrik[1])
    path = "/rubrik/ekonomi/"
    move = {"page": rubrik[1], "article_id": stories["Baru"], "direction": "up"}
    assert desk.post("/admin/front-page/move", data=move).status_code == 302
    assert order_on(client, path, "Lama", "Tengah", "Baru") == ["Lama", "Baru", "Tengah"]
    move = {**move, "article_id": stories["Lama"], "direction": "down"}
    assert desk.post("/admin/front-page/move", data=move).status_code == 302
    assert order_on(client, path, "Lama", "Tengah", "Baru") == ["Baru", "Lama", "Tengah"]
    dragged = ",".join(str(stories[t]) for t in ("Tengah", "Baru", "Lama"))
    response = desk.post("/admin/front-page/order", data={"page": rubrik[1], "order": dragged})
    assert response.status_code == 302
    assert order_on(client, path, "Lama", "Tengah", "Baru") == ["Tengah", "Baru", "Lama"]


def test_a_pin_runs_out_by_the_clock(app, client, desk, stories, clock):
    pin(desk, stories["Lama"], expires_at=local(app, timedelta(hours=1)))
    assert headline(client) == "Lama"
    with app.app_context():
        assert frontpage.next_expiry() is not None
    clock(timedelta(hours=2))
    assert headline(client) == "Baru"
    assert "Lama" not in pins_table(desk)


def test_a_withdrawn_pinned_story_falls_back_to_the_automatic_order(app, client, desk,
                                                                    stories, editor):
    pin(desk, stories["Lama"])
    with app.test_request_context():
        services.withdraw(db.session.get(type(editor), editor.id),
                          db.session.get(Article, stories["Lama"]), "Salah data")
    assert headline(client) == "Baru"
    assert order_on(client, "/", "Lama", "Tengah", "Baru") == ["Baru", "Tengah"]
    assert "tidak tampil" in pins_table(desk)


def breaking_banner(html: str) -> str | None:
    found = re.search(r'<section class="breaking-news".*?</section>', html, re.S)
    return found.group(0) if found else None


def test_breaking_news_shows_on_every_public_page_until_it_expires(app, client, desk,
                                                                   stories, clock):
    response = desk.post("/admin/front-page/breaking", data={
        "article_id": stories["Tengah"], "expires_at": local(app, timedelta(minutes=30))})
    assert response.status_code == 302
    with app.app_context():
        slug = db.session.get(Article, stories["Baru"]).slug
    paths = ("/", "/rubrik/ekonomi/", f"/berita/{slug}", "/halaman-yang-tidak-ada")
    for path in paths:
        banner = breaking_banner(client.get(path).get_data(as_text=True))
        assert banner is not None, path
        assert 'role="region"' in banner and 'aria-labelledby="breaking-news-title"' in banner
        assert ">Tengah</a>" in banner
        assert "marquee" not in banner
    assert breaking_banner(desk.get("/admin/").get_data(as_text=True)) is None
    clock(timedelta(hours=1))
    for path in paths:
        assert breaking_banner(client.get(path).get_data(as_text=True)) is None, path


def test_an_editor_ends_breaking_news(client, desk, stories):
    desk.post("/admin/front-page/breaking", data={"article_id": stories["Baru"]})
    assert breaking_banner(client.get("/").get_data(as_text=True))
    response = desk.post("/admin/front-page/breaking/end",
                         data={"article_id": stories["Baru"]})
    assert response.status_code == 302
    assert breaking_banner(client.get("/").get_data(as_text=True)) is None


@pytest.fixture
def cached(make_app, make_user):
    """The site as it runs live: page cache and fragments on; an editor and a reader."""
    app = make_app(PLUGINS=["articles"], FRAGMENT_CACHE=True, PAGE_CACHE=True)
    with app.app_context():
        rubrik = Category(name="Ekonomi", slug="ekonomi")
        db.session.add(rubrik)
        db.session.commit()
        rubrik_id = rubrik.id
    editor = make_user(role="editor")
    with app.test_request_context():
        user = db.session.get(type(editor), editor.id)
        ids = {}
        for title in ("Lama", "Tengah", "Baru"):
            article = services.save_article(user, services.ArticleInput(
                title=title, body="<p>Isi.</p>", category_id=rubrik_id))
            services.publish(user, article)
            ids[title] = article.id
    return app, login_as(app, editor), ids, f"rubrik:{rubrik_id}"


def test_the_page_cache_follows_every_change(cached, clock):
    app, desk, stories, rubrik_key = cached
    reader = app.test_client()
    assert headline(reader) == "Baru"
    assert order_on(reader, "/rubrik/ekonomi/", "Lama", "Baru")[0] == "Baru"
    assert breaking_banner(reader.get("/").get_data(as_text=True)) is None
    pin(desk, stories["Lama"], expires_at=local(app, timedelta(hours=1)))
    pin(desk, stories["Lama"], page=rubrik_key)
    assert headline(reader) == "Lama"
    assert order_on(reader, "/rubrik/ekonomi/", "Lama", "Baru")[0] == "Lama"
    desk.post("/admin/front-page/breaking", data={
        "article_id": stories["Tengah"], "expires_at": local(app, timedelta(minutes=30))})
    assert breaking_banner(reader.get("/rubrik/ekonomi/").get_data(as_text=True))
    clock(timedelta(minutes=45))
    assert breaking_banner(reader.get("/rubrik/ekonomi/").get_data(as_text=True)) is None
    assert headline(reader) == "Lama"
    clock(timedelta(minutes=30))
    assert headline(reader) == "Baru"


def test_only_editors_reach_the_front_page_desk(app, client, make_user, stories):
    journalist = login_as(app, make_user(role="journalist"))
    assert journalist.get("/admin/front-page/").status_code == 403
    for action in ("pin", "unpin", "move", "order", "breaking", "breaking/end"):
        response = journalist.post(f"/admin/front-page/{action}",
                                   data={"page": "home", "article_id": stories["Lama"]})
        assert response.status_code == 403, action
    assert client.get("/admin/front-page/").status_code == 302  # to the login page
    assert "Halaman depan" not in journalist.get("/admin/").get_data(as_text=True)
    editor = login_as(app, make_user(role="editor"))
    assert "Halaman depan" in editor.get("/admin/").get_data(as_text=True)


def test_a_form_without_its_token_is_refused(make_app, make_user):
    app = make_app(PLUGINS=["articles"], WTF_CSRF_ENABLED=True)
    editor = make_user(role="editor")
    with app.test_request_context():
        user = db.session.get(type(editor), editor.id)
        article = services.save_article(user, services.ArticleInput(title="Pasar Murah"))
        services.publish(user, article)
        article_id = article.id
    desk = app.test_client()
    login = desk.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login) or re.search(
        r'name="csrf_token" value="([^"]+)"', login)
    from tests.conftest import STRONG_PASSWORD

    desk.post("/login", data={"email": editor.email, "password": STRONG_PASSWORD,
                              "csrf_token": token.group(1)})
    refused = desk.post("/admin/front-page/pin", data={"page": "home", "article_id": article_id})
    assert refused.status_code == 400
    page = desk.get("/admin/front-page/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = desk.post("/admin/front-page/pin", data={
        "page": "home", "article_id": article_id, "csrf_token": token})
    assert response.status_code == 302
    assert "Pasar Murah" in app.test_client().get("/").get_data(as_text=True)


@pytest.mark.parametrize(("action", "fields", "message"), [
    ("pin", {"article_id": "999999"}, "Artikel itu tidak ada"),
    ("pin", {"article_id": "abc"}, "Artikel itu tidak ada"),
    ("pin", {"article_id": "draft"}, "Hanya berita yang sudah terbit"),
    ("pin", {"expires_at": "past"}, "sudah lewat"),
    ("pin", {"expires_at": "besok pagi"}, "tidak terbaca"),
    ("pin", {"position": "0"}, "Urutan harus angka 1 sampai 1"),
    ("pin", {"position": "7"}, "Urutan harus angka 1 sampai 1"),
    ("pin", {"position": "satu"}, "Urutan harus angka"),
    ("pin", {"page": "rubrik:99999"}, "Halaman itu tidak ada"),
    ("pin", {"page": "sidebar"}, "Halaman itu tidak ada"),
    ("unpin", {}, "tidak disematkan"),
    ("move", {"direction": "samping"}, "naik atau turun"),
    ("order", {"order": "1,2,x"}, "Urutan tidak terbaca"),
    ("order", {"order": "424242"}, "Urutan tidak cocok"),
    ("breaking", {"expires_at": "past"}, "sudah lewat"),
    ("breaking", {"article_id": "999999"}, "Artikel itu tidak ada"),
    ("breaking/end", {}, "bukan berita terkini"),
])
def test_bad_input_is_refused_with_a_message(app, desk, stories, make_article, action,
                                             fields, message):
    data = {"page": "home", "article_id": str(stories["Lama"]), **fields}
    if data["article_id"] == "draft":
        data["article_id"] = str(make_article(title="Masih Draf"))
    if data.get("expires_at") == "past":
        data["expires_at"] = local(app, -timedelta(minutes=5))
    response = desk.post(f"/admin/front-page/{action}", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert headline(app.test_client()) == "Baru"


def test_a_page_holds_a_limited_number_of_pins(app, desk, make_article):
    ids = [make_article(status="published", title=f"Berita {n}")
           for n in range(frontpage.MAX_PINS + 1)]
    for article_id in ids[:-1]:
        assert pin(desk, article_id).status_code == 302
    response = pin(desk, ids[-1])
    assert response.status_code == 400
    assert "Paling banyak" in response.get_data(as_text=True)


def test_a_pin_barred_from_the_headline_never_takes_it(app, client, desk, stories):
    """An advertorial (a plugin bars it from the headline) pinned first still leads the
    list below the headline, which stays the newest story allowed there."""

    class KeepOut:
        @hookimpl
        def articles_exclude_from(self, block):
            return [stories["Lama"]] if block == "headline" else None

    pin(desk, stories["Lama"])
    with register_temporarily(app, KeepOut()):
        assert headline(client) == "Baru"
        assert order_on(client, "/", "Lama", "Tengah", "Baru") == ["Baru", "Lama", "Tengah"]
        pin(desk, stories["Tengah"])
        assert headline(client) == "Tengah"
        assert order_on(client, "/", "Lama", "Tengah", "Baru") == ["Tengah", "Lama", "Baru"]
