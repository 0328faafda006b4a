"""Webhooks: events about articles, queued in the database and delivered signed, with retries.

Inside the change's own transaction, the ``articles_changing`` hook writes one outbox row
per endpoint that wants the event (:func:`record_change`), so the outbox holds exactly the
changes that were committed; once committed, ``articles_changed`` wakes this process's
delivery thread. Delivery never runs inside the editor's request, so a slow or dead receiver never
slows or breaks a save; ``cms webhooks deliver`` does the same work from the command line
(or a service, with ``--loop``), and picks up whatever a stopped process left.

Deliveries follow the Standard Webhooks specification: headers ``webhook-id`` (the same
for every retry of one event, so receivers drop duplicates), ``webhook-timestamp`` and
``webhook-signature`` = ``v1,`` + base64 of HMAC-SHA256 over ``"{id}.{timestamp}.{body}"``
keyed with the secret (``whsec_`` + base64 of the key bytes).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import threading
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context
from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from cms.api import absolute_url, call_hook, db, utcnow
from plugins.api import serialize
from plugins.api.models import Webhook, WebhookDelivery
from plugins.articles.api import Article, Status, public_at

logger = logging.getLogger(__name__)

#: Every event an endpoint may ask for.
EVENTS = ("article.published", "article.updated", "article.withdrawn", "article.corrected",
          "advertorial.published")
#: The articles plugin's actions and the event each is (a save counts once readers see it).
ACTION_EVENTS = {"published": "article.published", "saved": "article.updated",
                 "updated": "article.updated", "withdrawn": "article.withdrawn"}
MAX_ATTEMPTS = 8
#: A delivery being sent is someone's for this long; then another worker may take it.
LEASE = timedelta(minutes=2)
TIMEOUT_SECONDS = 10
BATCH = 50
SECRET_PREFIX = "whsec_"
_WORKER = "api.webhooks.worker"
#: Set on the session when a change queued events, so its commit wakes the delivery thread.
_QUEUED = "api.webhooks.queued"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def sign(secret: str, event_id: str, timestamp: int, body: str) -> str:
    """The ``webhook-signature`` header of one attempt."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    digest = hmac.new(key, f"{event_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def check_url(url: str) -> str | None:
    """What is wrong with an endpoint's address, or None. HTTPS only, except
    ``http://127.0.0.1`` and ``http://localhost`` on a test site or where
    ``API_WEBHOOK_ALLOW_LOCAL_HTTP`` allows it (a receiver on the same machine)."""
    parts = urlsplit(url.strip())
    if parts.scheme == "https" and parts.hostname:
        return None
    local = parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost")
    if local and (current_app.testing or current_app.config.get("API_WEBHOOK_ALLOW_LOCAL_HTTP")):
        return None
    return _("Alamat webhook harus memakai https://.")


def _event_id(event: str, article: Article) -> str:
    """The same change gives the same id, however often it is reported: receivers and the
    outbox's unique key both drop a repeat."""
    seed = f"{event}|{article.id}|{article.version}"
    return "msg_" + hashlib.sha256(seed.encode()).hexdigest()[:24]


def events_of(article: Article, action: str) -> list[str]:
    """The events one change of ``article`` is, in the order receivers get them."""
    base = ACTION_EVENTS.get(action)
    if base is None:
        return []
    visible = public_at(article, utcnow())
    scheduled = article.status in (Status.PUBLISHED, Status.SCHEDULED) and not visible
    if base == "article.updated" and not visible:
        return []  # a draft's save is nobody's business outside the newsroom
    if base == "article.published" and not (visible or scheduled):
        return []
    found = [base]
    for extra in call_hook("api_article_events", article=article, action=action):
        found.extend(name for name in extra if name in EVENTS and name not in found)
    return found


def _payload(event: str, article: Article) -> str:
    if event == "article.withdrawn":
        notice = (call_hook("api_withdrawal", article=article) or [{}])[0]
        data = {"id": article.id, "slug": article.slug,
                "api_url": absolute_url("api.article", article_id=article.id),
                "reason": notice.get("reason", ""), "withdrawn_at": notice.get("withdrawn_at")}
    else:
        data = serialize.articles([article], with_body=True)[0]
    return json.dumps({"type": event, "timestamp": serialize.iso(utcnow()), "data": data},
                      ensure_ascii=False, separators=(",", ":"))


def record_change(article: Article, action: str) -> None:
    """Queue this change's events for every endpoint that wants them, in its transaction.

    The rows are written in a savepoint: an outbox that cannot be written is logged and
    rolled back alone, and the editor's save stands.
    """
    try:
        with db.session.begin_nested():
            if has_request_context():
                queued = _record(article, action)
            else:
                with current_app.test_request_context(
                        base_url=current_app.config.get("SITE_URL") or "http://localhost"):
                    queued = _record(article, action)
    except Exception:
        logger.exception("webhook events of article %s (%s) were not queued", article.id,
                         action)
        if current_app.testing:
            raise
        return
    if queued:
        db.session.info[_QUEUED] = True


def wake_if_queued(app: Flask) -> None:
    """Start delivering when the change just committed queued events."""
    if db.session.info.pop(_QUEUED, False):
        wake(app)


def _record(article: Article, action: str) -> int:
    events = events_of(article, action)
    if not events:
        return 0
    hooks = db.session.scalars(select(Webhook).where(Webhook.active)).all()
    # Scheduled news is announced when readers can see it, not when it is scheduled.
    due = max(article.published_at or utcnow(), utcnow())
    queued = 0
    for event in events:
        wanted = [hook for hook in hooks if event in hook.event_names]
        if not wanted:
            continue
        event_id = _event_id(event, article)
        done = set(db.session.scalars(select(WebhookDelivery.webhook_id).where(
            WebhookDelivery.event_id == event_id)))
        body = _payload(event, article)
        for hook in wanted:
            if hook.id not in done:
                db.session.add(WebhookDelivery(webhook_id=hook.id, event_id=event_id,
                                               event=event, payload=body,
                                               next_attempt_at=due))
                queued += 1
    return queued


def _backoff(attempts: int) -> timedelta:
    base = float(current_app.config.get("API_WEBHOOK_RETRY_SECONDS", 30))
    return timedelta(seconds=min(base * 2 ** (attempts - 1), 6 * 3600))


def _claim(row_id: int, now: datetime) -> bool:
    """Take one due delivery for this worker; another worker that got it first wins."""
    taken = db.session.execute(
        update(WebhookDelivery).where(
            WebhookDelivery.id == row_id,
            WebhookDelivery.status.in_(("pending", "retrying", "sending")),
            WebhookDelivery.next_attempt_at <= now)
        .values(status="sending", next_attempt_at=now + LEASE))
    db.session.commit()
    return taken.rowcount == 1


def _still_true(row: WebhookDelivery) -> bool | None:
    """Whether a scheduled publication is still on when its time comes: True to send,
    False to drop (unpublished meanwhile), None to wait (moved later). What was public
    when it was queued happened, and is sent whatever came after."""
    if not row.event.endswith(".published"):
        return True
    data = json.loads(row.payload)["data"]
    published = datetime.fromisoformat(data["published_at"]).astimezone(UTC)
    if published.replace(tzinfo=None) <= row.created_at:
        return True
    article = db.session.get(Article, data["id"])
    if article is None:
        return False
    if public_at(article, utcnow()):
        return True
    if article.status == Status.SCHEDULED and article.published_at:
        row.next_attempt_at = article.published_at
        row.status = "pending"
        return None
    return False


def send(row: WebhookDelivery) -> None:
    """One attempt: POST the stored body, signed now; record what happened."""
    now = utcnow()
    timestamp = int(now.replace(tzinfo=UTC).timestamp())
    request = urllib.request.Request(row.webhook.url, data=row.payload.encode(), method="POST",
                                     headers={
        "Content-Type": "application/json", "User-Agent": "Warta-Webhooks/1",
        "webhook-id": row.event_id, "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(row.webhook.secret, row.event_id, timestamp, row.payload)})
    row.attempts += 1
    row.last_attempt_at = now
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310 - https or an allowed local address
            row.last_status_code = answer.status
            row.last_error = ""
            row.status = "delivered"
            return
    except urllib.error.HTTPError as error:
        row.last_status_code = error.code
        row.last_error = f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        row.last_status_code = None
        row.last_error = str(getattr(error, "reason", error))[:500]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
    else:
        row.status = "retrying"
        row.next_attempt_at = now + _backoff(row.attempts)


def deliver_due(limit: int = BATCH) -> int:
    """Send every delivery that is due (at most ``limit``); returns how many were tried."""
    now = utcnow()
    due = db.session.scalars(
        select(WebhookDelivery.id).where(
            or_(WebhookDelivery.status.in_(("pending", "retrying")),
                WebhookDelivery.status == "sending"),
            WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(limit)).all()
    tried = 0
    for row_id in due:
        if not _claim(row_id, now):
            continue
        row = db.session.get(WebhookDelivery, row_id)
        verdict = _still_true(row)
        if verdict is False:
            row.status = "cancelled"
        elif verdict:
            send(row)
            tried += 1
        db.session.commit()
    return tried


def redeliver(row: WebhookDelivery) -> None:
    """Send a delivery again (same event id): an admin asked, e.g. after fixing a receiver."""
    row.status = "pending"
    row.attempts = 0
    row.next_attempt_at = utcnow()
    db.session.commit()
    wake(current_app._get_current_object())


class Worker:
    """This process's delivery thread: wakes when an event is queued, and every
    ``API_WEBHOOK_POLL_SECONDS`` for retries that came due."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="warta-webhooks", daemon=True)

    def _run(self) -> None:
        poll = float(self.app.config.get("API_WEBHOOK_POLL_SECONDS", 30))
        while not self.stopping.is_set():
            self.wanted.wait(poll)
            self.wanted.clear()
            if self.stopping.is_set():
                return
            try:
                with self.app.app_context():
                    while deliver_due():
                        pass
                    db.session.remove()
            except Exception:
                logger.exception("webhook deliveries failed; retrying at the next poll")


def wake(app: Flask) -> None:
    """Have this process's delivery thread look at the outbox now (starting it if needed);
    off where ``API_WEBHOOK_THREAD`` is false (the command line delivers instead)."""
    if not app.config.get("API_WEBHOOK_THREAD", True):
        return
    worker = app.extensions.get(_WORKER)
    if worker is None:
        worker = app.extensions[_WORKER] = Worker(app)
        worker.thread.start()
    worker.wanted.set()


def stop_worker(app: Flask) -> None:
    """Stop this process's delivery thread (tests; a shutting-down process needs not)."""
    worker = app.extensions.pop(_WORKER, None)
    if worker is not None:
        worker.stopping.set()
        worker.wanted.set()
        worker.thread.join(timeout=TIMEOUT_SECONDS + 5)

