"""``GET /healthz`` as a load balancer sees it: 200 when the site can serve, 503 naming
what failed, never cached, no cookie, no secrets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from cms import create_app
from cms.api import HealthCheck, hookimpl, utcnow
from cms.dbmigrate import upgrade_all
from cms.extensions import db
from cms.testing import register_temporarily
from tests.test_cli import free_port

SEARCH_PLUGINS = ["articles", "search"]


@pytest.fixture
def migrated(make_app):
    """A site migrated the way `cms db upgrade` does it, with the search plugin."""

    def build(**overrides) -> Flask:
        app = make_app(create_tables=False, PLUGINS=SEARCH_PLUGINS)
        with app.app_context():
            upgrade_all(app)
        return make_app(create_tables=False, PLUGINS=SEARCH_PLUGINS, **overrides)

    return build


def health(app: Flask, **kwargs):
    response = app.test_client().get("/healthz", **kwargs)
    return response, response.get_json()


def test_a_healthy_site_answers_200_with_every_check(migrated):
    app = migrated()
    response, body = health(app)
    assert response.status_code == 200
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) == {"database", "cache", "disk", "migrations", "search-queue"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["migrations"]["detail"] == "current"
    assert body["checks"]["search-queue"]["detail"] == "0 waiting, oldest 0 s"


def test_the_answer_is_never_cached_sets_no_cookie_and_holds_no_secret(migrated):
    app = migrated(PAGE_CACHE=True, SECRET_KEY="sangat-rahasia-sekali")
    for _ in range(2):
        response, _body = health(app)
        assert response.headers["Cache-Control"] == "no-store"
        assert "Set-Cookie" not in response.headers
        assert response.headers["X-Request-ID"]
    text = response.get_data(as_text=True)
    for secret in ("sangat-rahasia-sekali", app.config["SQLALCHEMY_DATABASE_URI"],
                   app.instance_path):
        assert secret not in text


def test_pending_migrations_answer_503_naming_them(make_app):
    app = make_app(PLUGINS=SEARCH_PLUGINS)  # tables made without Alembic: nothing recorded
    response, body = health(app)
    assert response.status_code == 503
    assert body["status"] == "fail" and "migrations" in body["failed"]
    assert body["checks"]["migrations"]["detail"] == "pending: core, articles, search"


def test_a_cache_store_that_is_down_is_a_failed_check_not_a_500(migrated):
    app = migrated(PAGE_CACHE=True, CACHE_TYPE="RedisCache",
                   CACHE_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    response, body = health(app)
    assert response.status_code == 503
    assert body["failed"] == ["cache"]
    assert body["checks"]["cache"]["detail"] == "error (ConnectionError)"
    assert body["checks"]["database"]["ok"]


def test_an_unreachable_database_answers_503(app_config, instance_path, tmp_path):
    app = create_app({**app_config,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/tidak-ada/warta.db"})
    response, body = health(app)
    assert response.status_code == 503
    assert {"database", "migrations"} <= set(body["failed"])
    assert "tidak-ada" not in response.get_data(as_text=True)


def test_a_full_disk_answers_503(migrated):
    app = migrated(HEALTH_MIN_FREE_DISK_MB=10**12)
    response, body = health(app)
    assert response.status_code == 503
    assert body["failed"] == ["disk"]
    assert "below 1000000000000 MB" in body["checks"]["disk"]["detail"]


def test_a_search_queue_nobody_drains_answers_503(migrated):
    from plugins.search.models import QueueEntry

    app = migrated()
    with app.app_context():
        db.session.add(QueueEntry(article_id=1, action="updated",
                                  queued_at=utcnow() - timedelta(minutes=10)))
        db.session.commit()
    response, body = health(app)
    assert response.status_code == 503
    assert body["failed"] == ["search-queue"]
    assert body["checks"]["search-queue"]["detail"] == "1 waiting, oldest 600 s"
    assert health(migrated(SEARCH_HEALTH_MAX_LAG=3600))[0].status_code == 200


def test_a_plugins_failed_or_raising_check_fails_the_site(migrated):
    app = migrated()

    class Feed:
        @hookimpl
        def warta_health_checks(self):
            return HealthCheck("agenda-feed", ok=False, detail="last fetch 3 h ago")

    class Broken:
        @hookimpl
        def warta_health_checks(self):
            raise RuntimeError("rahasia")

    with register_temporarily(app, Feed()):
        response, body = health(app)
    assert response.status_code == 503
    assert body["failed"] == ["agenda-feed"]
    with register_temporarily(app, Broken()):
        response, body = health(app)
    assert body["failed"] == ["plugins"]
    assert "rahasia" not in response.get_data(as_text=True)


def test_health_answers_a_balancer_asking_by_ip_and_is_not_rate_limited(migrated):
    app = migrated(SITE_URL="https://kabarkediri.id", TRUSTED_HOSTS=["kabarkediri.id"],
                   RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="2 per minute")
    client = app.test_client()
    for _ in range(5):
        assert client.get("/healthz", base_url="http://10.0.0.7").status_code == 200
    assert client.get("/", base_url="http://10.0.0.7").status_code == 400


def test_only_get_and_head_are_answered(migrated):
    client = migrated().test_client()
    assert client.head("/healthz").status_code == 200
    refused = client.post("/healthz")
    assert refused.status_code == 405 and refused.headers["Allow"] == "GET, HEAD"
