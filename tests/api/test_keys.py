"""Rate limits per client with a clear 429, and partners' keys with higher limits."""

from __future__ import annotations

import pytest

from cms.extensions import db
from plugins.api.models import ApiKey
from tests.articles.conftest import login_as

PREFIX = "/api/v1"


@pytest.fixture
def limited_app(make_app):
    return make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                    API_RATE_LIMIT="3 per minute")


def test_an_anonymous_client_gets_a_clear_429_problem(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        assert client.get(f"{PREFIX}/rubrik").status_code == 200
    response = client.get(f"{PREFIX}/rubrik")
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert "3 per 1 minute" in problem["detail"]
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_partner_key_has_its_own_higher_limit(limited_app, runner):
    from tests.conftest import CmsRunner

    result = CmsRunner(limited_app).invoke(["api", "keys", "create", "Portal Diskominfo"])
    assert result.exit_code == 0, result.output
    key = result.output.split()[-1]
    client = limited_app.test_client()
    headers = {"Authorization": f"Bearer {key}"}
    for _ in range(10):
        assert client.get(f"{PREFIX}/rubrik", headers=headers).status_code == 200
    with limited_app.app_context():
        stored = db.session.scalars(db.select(ApiKey)).one()
        assert stored.key_hash != key and key not in stored.key_hash
        assert stored.last_used_at is not None


def test_an_unknown_or_revoked_key_is_refused_with_401(limited_app):
    from tests.conftest import CmsRunner

    runner = CmsRunner(limited_app)
    key = runner.invoke(["api", "keys", "create", "Mitra"]).output.split()[-1]
    client = limited_app.test_client()
    assert client.get(f"{PREFIX}/rubrik", headers={"X-Api-Key": "wk_salah"}).status_code == 401
    assert runner.invoke(["api", "keys", "revoke", "1"]).exit_code == 0
    response = client.get(f"{PREFIX}/rubrik", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_admins_make_a_key_shown_once_and_revoke_it(app, make_user):
    admin = make_user(role="admin", name="Admin")
    client = login_as(app, admin)
    page = client.post("/admin/api/keys", data={"name": "Aplikasi Kabupaten",
                                                "rate_limit": "1200 per minute"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    key = text.split('<code id="new-key">', 1)[1].split("</code>", 1)[0]
    assert key.startswith("wk_")
    assert key not in client.get("/admin/api/").get_data(as_text=True)
    assert app.test_client().get(f"{PREFIX}/rubrik",
                                 headers={"X-Api-Key": key}).status_code == 200
    client.post("/admin/api/keys/1/revoke")
    assert app.test_client().get(f"{PREFIX}/rubrik",
                                 headers={"X-Api-Key": key}).status_code == 401


def test_only_admins_reach_the_api_admin(app, editor):
    assert login_as(app, editor).get("/admin/api/").status_code == 403
