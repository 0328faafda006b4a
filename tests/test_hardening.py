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
