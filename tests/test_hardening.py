"""Core defences from the outside audit: error pages on a broken session, JSON bodies the
database cannot store, the login limit shared by workers, and the gunicorn settings."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy.exc import IntegrityError

from cms.extensions import db
from cms.models import Role, User


def test_the_error_page_survives_a_session_waiting_for_rollback(make_app, make_user):
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    taken = make_user(email="sudah-ada@example.com")

    def breaks_the_session():
        db.session.add(User(id=taken.id, email="kembar@example.com", name="Kembar",
                            role=Role.JOURNALIST, password_hash="x"))
        # A careless view swallows the error, leaving the session unusable.
        with contextlib.suppress(IntegrityError):
            db.session.flush()
        raise RuntimeError("and then fails")

    app.add_url_rule("/_rusak", "rusak", breaks_the_session)
    app.extensions["warta.site"] = {"at": 0.0, "values": None}
    response = app.test_client().get("/_rusak")
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.get_data(as_text=True)


@pytest.mark.parametrize("body", ['{"a": "\\ud800"}', '{"\\udfff": 1}', '["x", ["\\ud83d"]]'])
def test_json_with_a_lone_surrogate_reads_as_malformed(app, body):
    with app.test_request_context("/", method="POST", data=body,
                                  content_type="application/json"):
        from flask import request
        assert request.get_json(silent=True) is None


def test_json_with_a_surrogate_pair_is_read(app):
    with app.test_request_context("/", method="POST", data='{"a": "\\ud83d\\ude00"}',
                                  content_type="application/json"):
        from flask import request
        assert request.get_json() == {"a": "\U0001f600"}


def _login_attempts(app, count: int) -> list[int]:
    client = app.test_client()
    return [client.post("/login", data={"email": "x@example.com", "password": "salah"})
            .status_code for _ in range(count)]


def test_the_login_limit_holds_across_workers_of_one_server(make_app, instance_path):
    """Two apps on one instance stand for two gunicorn workers: no Redis, one count."""
    first = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    second = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    assert first.config["RATELIMIT_STORAGE_URI"].startswith("sqlite:///")
    assert _login_attempts(first, 2) == [200, 200]
    assert _login_attempts(second, 2) == [200, 429]
    assert _login_attempts(first, 1) == [429]
    assert (instance_path / "ratelimits.sqlite3").exists()


def _hit_many(uri: str, times: int) -> None:
    from limits.storage import storage_from_string

    storage = storage_from_string(uri)
    for _ in range(times):
        storage.incr("login/x", 60)


def test_counts_from_several_processes_are_never_lost(tmp_path):
    import multiprocessing

    from limits.storage import storage_from_string

    from cms.ratelimit import storage_uri

    uri = storage_uri(str(tmp_path / "counts" / "ratelimits.sqlite3"))
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_hit_many, args=(uri, 50)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    storage = storage_from_string(uri)
    assert storage.get("login/x") == 200
    assert storage.get_expiry("login/x") > 0
    storage.clear("login/x")
    assert storage.get("login/x") == 0
    assert storage.check()
