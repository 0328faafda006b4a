"""Webhooks with a real receiver on 127.0.0.1 that checks every signature: each event
arrives once per change, after the receiver was down too, and never inside the save."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cms.extensions import db
from cms.models import User
from cms.models.user import utcnow
from plugins.api import webhooks
from plugins.api.models import WebhookDelivery
from plugins.articles import services
from plugins.articles.models import Article
from tests.articles.conftest import login_as
from tests.conftest import CmsRunner


class Receiver:
    """A partner's endpoint: verifies signatures, keeps each event id once, and can be
    down (stopped) or failing (answers 500 after taking the event)."""

    def __init__(self) -> None:
        self.secret = ""
        self.events: dict[str, dict] = {}
        self.attempts: list[str] = []
        self.bad_signatures = 0
        self.fail_next = 0
        self.delay = 0.0
        self.port = 0
        self.server: ThreadingHTTPServer | None = None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                event_id = self.headers["webhook-id"]
                stamp = self.headers["webhook-timestamp"]
                key = base64.b64decode(receiver.secret.removeprefix("whsec_"))
                expected = base64.b64encode(hmac.new(
                    key, f"{event_id}.{stamp}.{body}".encode(), hashlib.sha256).digest()).decode()
                signatures = [s.split(",", 1)[1] for s in
                              self.headers["webhook-signature"].split()]
                if expected not in signatures or abs(time.time() - int(stamp)) > 300:
                    receiver.bad_signatures += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                time.sleep(receiver.delay)
                receiver.attempts.append(event_id)
                receiver.events.setdefault(event_id, json.loads(body))
                failing = receiver.fail_next > 0
                receiver.fail_next -= failing
                self.send_response(500 if failing else 204)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        return Handler

    def start(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/warta"

    def types(self) -> list[str]:
        return [event["type"] for event in self.events.values()]


@pytest.fixture
def receiver():
    found = Receiver()
    found.start()
    yield found
    found.stop()


@pytest.fixture
def app_config(app_config):
    return {**app_config, "API_WEBHOOK_THREAD": False, "API_WEBHOOK_RETRY_SECONDS": 0.3}


@pytest.fixture
def register(app, make_user, receiver):
    """Register the receiver through the admin page, as an admin does; keeps its secret."""

    def factory(events=webhooks.EVENTS) -> None:
        admin = login_as(app, make_user(role="admin", name="Admin"))
        page = admin.post("/admin/api/webhooks", data={"url": receiver.url,
                                                       "events": list(events)})
        assert page.status_code == 200, page.get_data(as_text=True)
        text = page.get_data(as_text=True)
        receiver.secret = text.split('<code id="new-secret">', 1)[1].split("</code>", 1)[0]

    return factory


def as_editor(app, editor, article_id: int, action) -> None:
    with app.test_request_context():
        user = db.session.get(User, editor.id)
        action(user, db.session.get(Article, article_id))


def deliver(app) -> str:
    result = CmsRunner(app).invoke(["webhooks", "deliver"])
    assert result.exit_code == 0, result.output
    return result.output


def test_each_change_arrives_once_signed(app, register, receiver, make_article, editor):
    from plugins.redaksi import services as redaksi

    register()
    article_id = make_article(author=editor, title="Banjir Melanda Desa Kras")
    deliver(app)
    assert receiver.events == {}  # a draft is nobody's business
    as_editor(app, editor, article_id, lambda u, a: services.publish(u, a))
    as_editor(app, editor, article_id, lambda u, a: services.save_article(
        u, services.ArticleInput(title="Banjir Melanda Dua Desa", body=a.body), a))
    as_editor(app, editor, article_id,
              lambda u, a: redaksi.add_correction(u, a, "ralat", "40 rumah, bukan 400."))
    as_editor(app, editor, article_id,
              lambda u, a: redaksi.withdraw(u, a, "Narasumber mencabut keterangannya."))
    deliver(app)
    assert receiver.bad_signatures == 0
    assert receiver.types() == ["article.published", "article.updated", "article.updated",
                                "article.corrected", "article.withdrawn"]
    published, edited = list(receiver.events.values())[:2]
    assert published["data"]["id"] == article_id
    assert edited["data"]["title"] == "Banjir Melanda Dua Desa"
    assert published["timestamp"].endswith("+07:00")
    withdrawn = list(receiver.events.values())[-1]["data"]
    assert withdrawn["reason"] == "Narasumber mencabut keterangannya."
    assert len(receiver.attempts) == 5
    assert "0 pengiriman dicoba" in deliver(app)


def test_an_advertorial_is_announced_as_such(app, register, receiver, make_advertorial,
                                            sponsor, editor):
    register(events=["advertorial.published"])
    article_id = make_advertorial(sponsor, status="draft", author=editor)
    as_editor(app, editor, article_id, lambda u, a: services.publish(u, a))
    deliver(app)
    [event] = receiver.events.values()
    assert event["type"] == "advertorial.published"
    assert event["data"]["advertorial"]["sponsor"]["slug"] == "diskominfo-kabupaten-kediri"


def test_a_receiver_down_gets_the_event_when_it_is_back(app, register, receiver,
                                                       make_article, editor, make_user):
    register()
    receiver.stop()
    article_id = make_article(author=editor)
    as_editor(app, editor, article_id, lambda u, a: services.publish(u, a))
    deliver(app)
    with app.app_context():
        row = db.session.scalars(db.select(WebhookDelivery)).one()
        assert (row.status, row.attempts) == ("retrying", 1)
        assert row.last_error
    admin = login_as(app, make_user(role="admin", name="Admin Dua"))
    page = admin.get("/admin/api/webhooks/1").get_data(as_text=True)
    assert "retrying" in page and row.event_id in page
    receiver.start()  # the same port: the partner's server is back
    time.sleep(0.35)
    deliver(app)
    assert receiver.types() == ["article.published"]
    with app.app_context():
        row = db.session.scalars(db.select(WebhookDelivery)).one()
        assert (row.status, row.attempts, row.last_status_code) == ("delivered", 2, 204)


def test_a_retry_after_a_failed_answer_keeps_its_event_id(app, register, receiver,
                                                         make_article, editor, make_user):
    register()
    receiver.fail_next = 1  # takes the event, then answers 500
    article_id = make_article(author=editor)
    as_editor(app, editor, article_id, lambda u, a: services.publish(u, a))
    deliver(app)
    time.sleep(0.35)
    deliver(app)
    assert len(receiver.attempts) == 2 and len(set(receiver.attempts)) == 1
    assert receiver.types() == ["article.published"]
    admin = login_as(app, make_user(role="admin", name="Admin Dua"))
    admin.post("/admin/api/deliveries/1/redeliver")
    deliver(app)
    assert len(receiver.attempts) == 3 and receiver.types() == ["article.published"]


def test_scheduled_news_is_announced_when_readers_can_see_it(app, register, receiver,
                                                            make_article, editor):
    register()
    article_id = make_article(author=editor)
    when = utcnow() + timedelta(seconds=1)
    as_editor(app, editor, article_id, lambda u, a: services.publish(u, a, when))
    deliver(app)
    assert receiver.events == {}
    time.sleep(1.1)
    deliver(app)
    assert receiver.types() == ["article.published"]


def test_the_background_thread_delivers_without_slowing_the_save(make_app, register,
                                                                 receiver, make_user):
    app = make_app(API_WEBHOOK_THREAD=True, API_WEBHOOK_POLL_SECONDS=0.2,
                   API_WEBHOOK_RETRY_SECONDS=0.3)
    editor = make_user(role="editor", name="Redaktur Malam")
    with app.test_request_context():
        user = db.session.get(User, editor.id)
        article = services.save_article(user, services.ArticleInput(title="Pasar Pare"))
        article_id = article.id
    admin = login_as(app, make_user(role="admin", name="Admin"))
    text = admin.post("/admin/api/webhooks", data={
        "url": receiver.url, "events": ["article.published"]}).get_data(as_text=True)
    receiver.secret = text.split('<code id="new-secret">', 1)[1].split("</code>", 1)[0]
    receiver.delay = 6.0  # a slow partner
    started = time.monotonic()
    as_editor(app, editor, article_id, lambda u, a: services.publish(u, a))
    assert time.monotonic() - started < 5  # the publish did not wait for the partner
    deadline = time.monotonic() + 10
    while not receiver.events and time.monotonic() < deadline:
        time.sleep(0.05)
    webhooks.stop_worker(app)
    assert receiver.types() == ["article.published"]


def test_plain_http_is_refused_outside_tests(app, register):
    app.testing = False
    try:
        with app.test_request_context():
            assert webhooks.check_url("http://127.0.0.1:9/x")
            assert webhooks.check_url("http://partner.example/x")
            assert webhooks.check_url("https://partner.example/x") is None
            app.config["API_WEBHOOK_ALLOW_LOCAL_HTTP"] = True
            assert webhooks.check_url("http://127.0.0.1:9/x") is None
    finally:
        app.testing = True


def test_an_event_is_queued_only_with_the_change_that_commits(app, register, receiver,
                                                              make_article, editor):
    """The outbox row is written in the change's own transaction: a change that fails at
    the last moment leaves no event behind, and the next one that commits has its event."""
    from cms.api import hookimpl
    from cms.testing import register_temporarily

    class FailsLast:
        @hookimpl(trylast=True)
        def articles_changing(self, article, action):
            raise RuntimeError("the database went away")

    register(events=["article.published"])
    article_id = make_article(author=editor, title="Jembatan Kras Diresmikan")
    with register_temporarily(app, FailsLast()), pytest.raises(RuntimeError):
        as_editor(app, editor, article_id, lambda u, a: services.publish(u, a))
    with app.app_context():
        assert db.session.get(Article, article_id).published_at is None
        assert db.session.query(WebhookDelivery).count() == 0
    as_editor(app, editor, article_id, lambda u, a: services.publish(u, a))
    deliver(app)
    assert receiver.types() == ["article.published"]


def test_a_new_webhooks_secret_is_shown_once_in_the_page_not_its_title(app, make_user,
                                                                       receiver):
    admin = login_as(app, make_user(role="admin", name="Admin"))
    text = admin.post("/admin/api/webhooks", data={"url": receiver.url,
                                                   "events": ["article.published"]}
                      ).get_data(as_text=True)
    title = text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "whsec_" not in title
    assert text.count('<code id="new-secret">whsec_') == 1
    assert text.count(receiver.url) == 1
