"""CSRF, role checks, security headers, rate limits and error pages without tracebacks."""

from __future__ import annotations

import os

import pytest
from flask import abort

from cms.models import Role
from tests.conftest import STRONG_PASSWORD

ADMIN_ONLY = ["/admin/plugins", "/admin/themes", "/admin/users"]
# POST endpoints that change nothing a forged request could abuse, and so take no token.
CSRF_FREE = {"/_view/<int:article_id>"}


@pytest.mark.parametrize("plugins", [[], ["articles"]], ids=["core", "with-articles"])
def test_every_state_changing_route_requires_a_csrf_token(make_app, make_user, plugins):
    app = make_app(WTF_CSRF_ENABLED=True, PLUGINS=plugins)
    admin = make_user(role="admin")
    client = app.test_client()
    # Logged in, so that a 400 means the token, not a missing login.
    login_page = client.get("/login").get_data(as_text=True)
    token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/login", data={"email": admin.email, "password": STRONG_PASSWORD,
                                       "csrf_token": token}).status_code == 302
    if plugins:
        from tests.articles.conftest import make_article_directly

        make_article_directly(app, admin)
    posted = 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.rule in CSRF_FREE:
            continue
        url = rule.rule.replace("<name>", "x").replace("<any(enable, disable):action>", "enable")
        for converter in ("<int:user_id>", "<int:article_id>", "<int:number>",
                          "<int:category_id>"):
            url = url.replace(converter, "1")
        response = client.post(url, data={"email": "a@example.com", "title": "x"})
        assert response.status_code == 400, url
        assert "kedaluwarsa" in response.get_data(as_text=True), url
        posted += 1
    assert posted >= (6 if not plugins else 15)


def test_no_route_changes_state_on_get(app):
    risky = {"logout", "enable", "disable", "use", "role", "delete"}
    for rule in app.url_map.iter_rules():
        if risky & set(rule.rule.strip("/").split("/")):
            assert rule.methods <= {"POST", "OPTIONS"}, rule.rule


@pytest.mark.parametrize("path", ["/admin/", *ADMIN_ONLY])
def test_anonymous_users_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("role", ["partner", "journalist", "editor"])
@pytest.mark.parametrize("path", ADMIN_ONLY)
def test_admin_pages_refuse_lower_roles(client, auth, make_user, role, path):
    auth.login(make_user(role=role).email)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("role", ["partner", "journalist"])
def test_site_settings_are_for_editors_and_up(client, auth, make_user, role):
    auth.login(make_user(role=role).email)
    assert client.get("/admin/settings").status_code == 403


def test_editor_reaches_site_settings(client, auth, make_user):
    auth.login(make_user(role="editor").email)
    assert client.get("/admin/settings").status_code == 200


@pytest.mark.parametrize("path", ["/admin/", *ADMIN_ONLY])
def test_admin_reaches_every_admin_page(client, auth, make_user, path):
    auth.login(make_user(role="admin").email)
    assert client.get(path).status_code == 200


def test_lower_roles_cannot_post_admin_actions(app, client, auth, make_user):
    target = make_user()
    auth.login(make_user(role="editor").email)
    assert client.post(f"/admin/users/{target.id}/disable").status_code == 403
    assert client.post(f"/admin/users/{target.id}/role", data={"role": "admin"}).status_code == 403
    assert client.post("/admin/users", data={"email": "x@example.com", "name": "X",
                                              "role": "admin"}).status_code == 403


def test_admin_menu_shows_only_allowed_entries(client, auth, make_user):
    auth.login(make_user(role="journalist").email)
    page = client.get("/admin/").get_data(as_text=True)
    assert "/admin/plugins" not in page
    assert Role.JOURNALIST < Role.ADMIN


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_a_views_own_security_header_is_kept_and_sent_once(app):
    @app.get("/_uji/bingkai")
    def framed():
        return "isi", {"x-frame-options": "DENY"}

    response = app.test_client().get("/_uji/bingkai")
    assert response.headers.getlist("X-Frame-Options") == ["DENY"]
    assert response.headers.getlist("X-Content-Type-Options") == ["nosniff"]
    assert len(response.headers.getlist("Content-Security-Policy")) == 1


def test_session_cookie_flags(client, auth, make_user):
    auth.login(make_user().email)
    cookie = client.get_cookie("warta_session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert not cookie.secure


def test_session_cookie_is_secure_over_https(client, make_user):
    user = make_user()
    response = client.post("/login", base_url="https://localhost",
                           data={"email": user.email, "password": STRONG_PASSWORD})
    set_cookie = response.headers.getlist("Set-Cookie")
    assert any("warta_session" in c and "Secure" in c for c in set_cookie)
    assert "Strict-Transport-Security" in response.headers


def _login_attempts(app, count: int) -> list[int]:
    client = app.test_client()
    return [
        client.post("/login", data={"email": "x@example.com", "password": "salah"}).status_code
        for _ in range(count)
    ]


def test_login_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    statuses = _login_attempts(app, 5)
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]


def test_rate_limit_page_is_friendly(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="1 per minute")
    client = app.test_client()
    client.post("/login", data={"email": "x@example.com", "password": "salah"})
    response = client.post("/login", data={"email": "x@example.com", "password": "salah"})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)


def test_login_rate_limit_in_redis(make_app):
    """The production profile keeps limits in Redis, shared by every app server."""
    url = os.environ.get("WARTA_TEST_REDIS_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but WARTA_TEST_REDIS_URL is not set")
        pytest.skip("set WARTA_TEST_REDIS_URL to test the Redis rate-limit store")
    import redis

    redis.Redis.from_url(url).flushdb()
    first = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute",
                     RATELIMIT_STORAGE_URI=url)
    assert _login_attempts(first, 2) == [200, 200]
    second = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute",
                      RATELIMIT_STORAGE_URI=url)
    assert _login_attempts(second, 1) == [429]  # a second app server sees the same count
    redis.Redis.from_url(url).flushdb()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/console", 404),
        ("/tidak-ada", 404),
        ("/%ff%fe", 404),
        ("/admin/users/abc/role", 404),
        ("/theme/../../etc/passwd", 404),
        ("/theme/style.css/..%2f..%2fsecret", 404),
        ("/login?next=%00%ff", 200),
        ("/?lang=%ff", 200),
        ("/a%00b", 404),
        ("/admin/users/%00/role", 404),
    ],
)
def test_odd_urls_get_clear_answers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "Werkzeug Debugger" not in body


def test_method_not_allowed_is_a_page(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "Metode tidak diizinkan" in response.get_data(as_text=True)


def test_unexpected_error_shows_plain_page_without_traceback(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/_boom")
    def boom():
        raise RuntimeError("rahasia internal")

    response = app.test_client().get("/_boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Terjadi kesalahan" in body
    assert "rahasia internal" not in body and "Traceback" not in body


def test_http_errors_render_themed_page(make_app):
    app = make_app()

    @app.route("/_gone")
    def gone():
        abort(410)

    response = app.test_client().get("/_gone")
    assert response.status_code == 410
    assert "Halaman sudah dihapus" in response.get_data(as_text=True)


def test_json_clients_get_json_errors(client):
    response = client.get("/tidak-ada", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["status"] == 404


def test_oversized_request_gets_413(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/login", data={"email": "x" * 4096, "password": "y"})
    assert response.status_code == 413
    assert "Data terlalu besar" in response.get_data(as_text=True)


def test_interface_is_indonesian_by_default_and_english_on_request(client):
    assert "Masuk ke redaksi" in client.get("/login").get_data(as_text=True)
    assert "Sign in to the newsroom" in client.get("/login?lang=en").get_data(as_text=True)


def test_admin_changes_role_and_creates_users(app, client, auth, make_user):
    auth.login(make_user(role="admin").email)
    target = make_user(role="journalist")
    assert client.post(f"/admin/users/{target.id}/role", data={"role": "editor"}).status_code == 302
    page = client.get("/admin/users").get_data(as_text=True)
    assert '<option value="editor" selected>editor</option>' in page
    response = client.post("/admin/users", data={"email": "baru@example.com", "name": "Baru",
                                                  "role": "journalist", "password": ""})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    password = page.split('<code class="secret">')[1].split("</code>")[0]
    assert "Kata sandi awal" in page
    # Shown once in the page, never carried in the (signed, not encrypted) session cookie.
    assert "Kata sandi awal" not in client.get("/admin/users").get_data(as_text=True)
    fresh = client.application.test_client()
    assert fresh.post("/login", data={"email": "baru@example.com",
                                      "password": password}).status_code == 302


def test_admin_cannot_lock_themselves_out(client, auth, make_user):
    admin = make_user(role="admin")
    auth.login(admin.email)
    assert client.post(f"/admin/users/{admin.id}/disable").status_code == 400
    assert client.post(f"/admin/users/{admin.id}/role", data={"role": "partner"}).status_code == 400


def test_role_form_refuses_unknown_role(client, auth, make_user):
    auth.login(make_user(role="admin").email)
    target = make_user()
    assert client.post(f"/admin/users/{target.id}/role", data={"role": "raja"}).status_code == 400


def test_remember_cookie_is_secure_over_https(client, make_user):
    user = make_user()
    response = client.post("/login", base_url="https://localhost",
                           data={"email": user.email, "password": STRONG_PASSWORD,
                                 "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("warta_remember=")]
    assert remember and "Secure" in remember[0]


def test_logout_deletes_the_remember_cookie(client, auth, make_user):
    auth.login(make_user().email, remember="y")
    response = auth.logout()
    assert any(c.startswith("warta_remember=;") for c in response.headers.getlist("Set-Cookie"))


def test_session_ends_after_its_maximum_age_however_active(app, client, auth, make_user):
    from datetime import timedelta

    from cms.extensions import db
    from cms.models import UserSession

    auth.login(make_user().email)
    assert client.get("/admin/").status_code == 200
    with app.app_context():
        row = db.session.scalars(db.select(UserSession)).one()
        row.created_at -= timedelta(days=31)
        db.session.commit()
    assert client.get("/admin/").status_code == 302


def test_abort_message_reaches_the_page(client, auth, make_user):
    admin = make_user(role="admin")
    auth.login(admin.email)
    response = client.post(f"/admin/users/{admin.id}/disable")
    assert "Anda tidak dapat mengubah akun Anda sendiri" in response.get_data(as_text=True)


def test_huge_ids_are_404_not_500(client, auth, make_user):
    auth.login(make_user(role="admin").email)
    assert client.post("/admin/users/99999999999999999999999/disable").status_code == 404


def test_bad_host_header_gets_an_error_not_a_crash(app):
    client = app.test_client()
    response = client.get("/", headers={"Host": "a..b"})
    assert response.status_code == 400


@pytest.mark.parametrize(("directive", "source"), [
    ("script-src", "'unsafe-inline'"), ("script-src", "'unsafe-eval'"), ("script-src", "*"),
    ("object-src", "https://x.example"), ("frame-ancestors", "*"), ("no-such-directive", "x"),
])
def test_plugins_cannot_weaken_the_csp(app, directive, source):
    from cms.security import UnsafePolicyError, extend_csp_for_request

    with app.test_request_context(), pytest.raises(UnsafePolicyError):
        extend_csp_for_request(**{directive.replace("-", "_"): [source]})


def test_unsafe_csp_hook_falls_back_to_the_core_policy(make_app, caplog):
    from cms.hookspecs import hookimpl
    from cms.testing import register_temporarily

    class Weakener:
        @hookimpl
        def warta_content_security_policy(self, policy):
            policy["script-src"].append("'unsafe-eval'")

    app = make_app()
    with register_temporarily(app, Weakener(), "weakener"):
        csp = app.test_client().get("/").headers["Content-Security-Policy"]
        assert "unsafe-eval" not in csp
        assert "unsafe Content-Security-Policy" in caplog.text
