"""No public or admin route answers 500 to a malformed path, query, form or JSON body.

Every route of a site with all built-in plugins is asked, anonymously and as an admin,
with ids that name nothing and ids that name something, with page numbers past any
database integer, and with forms and JSON bodies no browser would send.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from werkzeug.routing import Rule

from cms.extensions import db
from tests.conftest import STRONG_PASSWORD

HUGE = "99999999999999999999"
BAD_QUERY = (f"?page={HUGE}&halaman={HUGE}&a={HUGE}&b=-1&kontrak={HUGE}&dari=2024-13-45"
             "&sampai=kemarin&status=%00&q=%ED%A0%80&lang=xx&v=%00&next=//evil.example")
BAD_FORM = "&".join(f"{name}={value}" for name, value in {
    "title": "%00judul%ED%A0%80", "body": "%3Cp%3E%FF%FE%3C/p%3E", "action": "terbang",
    "page": HUGE, "role": "raja", "email": "bukan-email", "version": HUGE, "image_id": HUGE,
    "category_id": HUGE, "publish_at": "kemarin", "position": HUGE, "url": "%00",
    "user_id": HUGE, "draft_key": "../../etc", "number": HUGE, "note": "a" * 10_000,
    "quota": HUGE, "starts_on": "2024-02-30", "sponsor_id": HUGE, "language": "xx",
}.items())
BAD_JSON = ['{"draft_key": "kunci-uji-123", "fields": {"title": "\\ud800"}}', "[]", "{",
            '{"url": 5}', '"\\udfff"']


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": None}


@pytest.fixture
def site(app, make_user):
    """An admin, and one of each thing an address can name (id 1 of each, mostly)."""
    from plugins.advertorial.models import Contract, Sponsor
    from plugins.articles import services
    from plugins.articles.models import Category
    from plugins.pages.models import Page

    admin = make_user(email="admin@example.com", role="admin")
    with app.test_request_context():
        user = db.session.get(type(admin), admin.id)
        db.session.add(Category(name="Daerah", slug="daerah"))
        article = services.save_article(user, services.ArticleInput(title="Ada"))
        services.publish(user, article)
        sponsor = Sponsor(name="Toko Maju", slug="toko-maju")
        db.session.add(sponsor)
        db.session.flush()
        db.session.add(Contract(sponsor_id=sponsor.id, number="K-1", starts_on=date(2026, 1, 1),
                                ends_on=date(2026, 12, 31), quota=5))
        db.session.add(Page(title="Tentang", slug="tentang", body="<p>x</p>"))
        db.session.commit()
    return admin


def addresses(rule: Rule) -> Iterator[str]:
    """The rule's address with values that name nothing and values that name id 1."""
    for value in ("1", "0", "2147483647", "a" * 300, "x%00y", "%ED%A0%80"):
        url = rule.rule
        for argument in rule.arguments:
            converter = rule._converters[argument]
            kind = type(converter).__name__
            if kind == "AnyConverter":
                filled = sorted(converter.items)[0] if hasattr(converter, "items") else "enable"
            elif kind in ("IntegerConverter", "DatabaseIntConverter"):
                if not value.isdigit():
                    continue
                filled = value
            else:
                filled = value
            url = _fill(url, argument, filled)
        if "<" not in url:
            yield url


def _fill(url: str, argument: str, value: str) -> str:
    """*url* with *argument*'s placeholder replaced (an argument from defaults has none)."""
    start = url.find("<")
    while start != -1:
        end = url.index(">", start)
        if url[start + 1:end].split(":")[-1] == argument:
            return url[:start] + value + url[end + 1:]
        start = url.find("<", end)
    return url


def routes(app, method: str) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules()
            if method in rule.methods and not rule.endpoint.endswith("static")]


def server_errors(client, requests) -> list[str]:
    failures = []
    for description, call in requests:
        try:
            with call() as response:  # served files stay open until closed
                status = response.status_code
        except Exception as exc:  # TESTING propagates what would be a 500
            failures.append(f"{description}: {type(exc).__name__}: {exc}"[:300])
            continue
        if status >= 500:
            failures.append(f"{description}: {status}")
    return failures


def _login(app):
    client = app.test_client()
    client.post("/login", data={"email": "admin@example.com", "password": STRONG_PASSWORD})
    return client


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_no_get_answers_500(app, site, who):
    client = _login(app) if who == "admin" else app.test_client()
    requests = [(f"GET {url}{query}", lambda u=url + query: client.get(u))
                for rule in routes(app, "GET") for url in addresses(rule)
                for query in ("", BAD_QUERY)]
    failures = server_errors(client, requests)
    assert not failures, "\n".join(failures)


def test_no_post_of_a_malformed_form_answers_500(app, site):
    client = _login(app)
    requests = [(f"POST {url} form", lambda u=url: client.post(
                     u, data=BAD_FORM, content_type="application/x-www-form-urlencoded"))
                for rule in routes(app, "POST") if rule.endpoint != "auth.logout"
                for url in addresses(rule)]
    failures = server_errors(client, requests)
    assert not failures, "\n".join(failures)


def test_no_post_of_malformed_json_answers_500(app, site):
    client = _login(app)
    requests = [(f"POST {url} {body[:20]}",
                 lambda u=url, b=body: client.post(u, data=b, content_type="application/json"))
                for rule in routes(app, "POST") if rule.endpoint != "auth.logout"
                for url in addresses(rule) for body in BAD_JSON]
    failures = server_errors(client, requests)
    assert not failures, "\n".join(failures)
