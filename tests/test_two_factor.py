"""Two-factor sign-in as a newsroom member meets it: enrol with an app, log in with a code,
recovery codes, remembered browsers, the per-role requirement and the ways back in.

Codes are real TOTP codes, computed with pyotp from the secret the enrolment page shows,
at the moment a test clock says (so a test never straddles a 30-second step).
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import event, select

from cms import cachetags
from cms.auth import twofactor
from cms.auth.twofactor_login import DEVICE_COOKIE
from cms.extensions import db
from cms.models import RecoveryCode, User
from tests.conftest import STRONG_PASSWORD

SECRET = re.compile(r'id="totp-secret">([A-Z2-7 ]+)<')
RECOVERY = re.compile(r'<code class="secret">([a-z0-9-]{19})</code>')


class Clock:
    """The time two-factor sign-in sees; tests move it on by hand."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def code(self, secret: str, steps: int = 0) -> str:
        """The app's code ``steps`` 30-second steps from now."""
        return pyotp.TOTP(secret).at(self.now.replace(tzinfo=UTC) + timedelta(seconds=30 * steps))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr("cms.auth.twofactor.utcnow", clock)
    monkeypatch.setattr("cms.auth.twofactor_login.utcnow", clock)
    return clock


def enrol(client, clock: Clock) -> tuple[str, list[str]]:
    """Switch two-factor sign-in on for the logged-in user, as they would in the browser."""
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = SECRET.search(page).group(1).replace(" ", "")
    response = client.post("/account/two-factor/enable", data={"code": clock.code(secret)})
    assert response.status_code == 200
    codes = RECOVERY.findall(response.get_data(as_text=True))
    clock.advance(seconds=30)  # the code just used stays spent for its window
    return secret, codes


@pytest.fixture
def enrolled(client, auth, make_user, clock):
    """An editor with two-factor sign-in on, logged out again: ``(user, secret, codes)``."""
    user = make_user(role="editor", email="redaktur@example.com")
    auth.login(user.email)
    secret, codes = enrol(client, clock)
    auth.logout()
    return user, secret, codes


def second_step(client, code: str, **extra):
    return client.post("/login/two-factor", data={"code": code, **extra})


def stored(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def test_enrolment_shows_a_qr_code_and_the_secret_and_waits_for_a_code(
        app, client, auth, make_user, clock):
    user = make_user(role="editor")
    auth.login(user.email)
    response = client.get("/account/two-factor")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<svg' in page and 'class="qr-code"' in page
    # The QR code is drawn on the server: no script but the admin's own menu script.
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script src="/static/admin.js">']
    assert "http://" not in page.split("<svg", 1)[1].split("</svg>")[0]
    secret = SECRET.search(page).group(1).replace(" ", "")
    assert SECRET.search(client.get("/account/two-factor").get_data(as_text=True)).group(1) \
        .replace(" ", "") == secret  # a reload shows the same secret to scan

    wrong = client.post("/account/two-factor/enable", data={"code": "000000"})
    assert wrong.status_code == 400
    assert "Kode salah atau kedaluwarsa" in wrong.get_data(as_text=True)
    assert not stored(app, user.email).two_factor_enabled

    right = client.post("/account/two-factor/enable", data={"code": clock.code(secret)})
    codes = RECOVERY.findall(right.get_data(as_text=True))
    assert right.status_code == 200 and len(set(codes)) == 10
    assert stored(app, user.email).two_factor_enabled
    with app.app_context():
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10 and not set(codes) & set(hashes)
    again = client.get("/account/two-factor").get_data(as_text=True)
    assert not RECOVERY.findall(again)  # shown once
    assert "10 kode pemulihan belum dipakai" in again


def test_login_needs_the_code_and_the_half_way_state_opens_no_admin_page(
        client, auth, enrolled, clock):
    user, secret, _codes = enrolled
    response = auth.login(user.email)
    assert response.headers["Location"] == "/login/two-factor"
    for path in ("/admin/", "/admin/settings", "/account/password", "/account/two-factor"):
        assert client.get(path).headers["Location"].startswith("/login?next=")
    response = second_step(client, clock.code(secret))
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_login_keeps_the_next_page_through_the_second_step(client, auth, enrolled, clock):
    user, secret, _codes = enrolled
    auth.login(user.email, next="/admin/settings")
    assert second_step(client, clock.code(secret)).headers["Location"] == "/admin/settings"


def test_a_wrong_code_is_refused(client, auth, enrolled, clock):
    user, secret, _codes = enrolled
    auth.login(user.email)
    response = second_step(client, clock.code(secret, steps=3))
    assert response.status_code == 200
    assert "Kode salah, kedaluwarsa atau sudah dipakai." in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(("steps", "accepted"), [(-2, False), (-1, True), (1, True), (2, False)])
def test_one_step_of_clock_drift_either_way_is_accepted(client, auth, enrolled, clock,
                                                        steps, accepted):
    user, secret, _codes = enrolled
    clock.advance(minutes=2)
    auth.login(user.email)
    response = second_step(client, clock.code(secret, steps=steps))
    assert (response.status_code == 302) is accepted


def test_a_code_cannot_be_used_twice_in_its_window(client, auth, enrolled, clock):
    user, secret, _codes = enrolled
    code = clock.code(secret)
    auth.login(user.email)
    assert second_step(client, code).status_code == 302
    auth.logout()
    clock.advance(seconds=10)
    auth.login(user.email)
    replay = second_step(client, code)
    assert replay.status_code == 200
    assert "sudah dipakai" in replay.get_data(as_text=True)
    clock.advance(seconds=30)
    assert second_step(client, clock.code(secret)).status_code == 302


def test_a_recovery_code_works_once(client, auth, enrolled):
    user, _secret, codes = enrolled
    auth.login(user.email)
    assert second_step(client, codes[0].upper().replace("-", " ")).status_code == 302
    auth.logout()
    auth.login(user.email)
    assert second_step(client, codes[0]).status_code == 200
    assert second_step(client, codes[1]).status_code == 302
    assert "8 kode pemulihan belum dipakai" in client.get("/account/two-factor").get_data(
        as_text=True)


def test_new_recovery_codes_replace_the_old_ones(client, auth, enrolled, clock):
    user, secret, codes = enrolled
    auth.login(user.email)
    second_step(client, codes[0])
    refused = client.post("/account/two-factor/recovery-codes", data={"code": "123456"})
    assert refused.status_code == 400
    response = client.post("/account/two-factor/recovery-codes",
                           data={"code": clock.code(secret)})
    fresh = RECOVERY.findall(response.get_data(as_text=True))
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    auth.logout()
    auth.login(user.email)
    assert second_step(client, codes[1]).status_code == 200
    assert second_step(client, fresh[0]).status_code == 302


def test_too_many_wrong_codes_send_the_user_back_to_the_password(client, auth, enrolled, clock):
    user, secret, _codes = enrolled
    auth.login(user.email)
    for _attempt in range(4):
        assert second_step(client, "111111").status_code == 200
    assert second_step(client, "111111").headers["Location"] == "/login"
    assert second_step(client, clock.code(secret)).headers["Location"] == "/login"


def test_the_half_way_state_expires(client, auth, enrolled, clock):
    user, secret, _codes = enrolled
    auth.login(user.email)
    clock.advance(minutes=6)
    response = second_step(client, clock.code(secret))
    assert response.headers["Location"] == "/login"
    assert client.get("/admin/").status_code == 302


def remembered_login(client, auth, user, secret, clock):
    auth.login(user.email)
    response = second_step(client, clock.code(secret), remember="y")
    clock.advance(seconds=30)
    auth.logout()
    return response


def test_a_remembered_browser_skips_the_code_until_it_expires(client, auth, enrolled, clock):
    user, secret, _codes = enrolled
    response = remembered_login(client, auth, user, secret, clock)
    cookie = next(c for c in response.headers.getlist("Set-Cookie")
                  if c.startswith(DEVICE_COOKIE))
    assert "HttpOnly" in cookie and "Path=/login" in cookie and "Secure" not in cookie
    assert "Max-Age=2592000" in cookie  # 30 days by default
    assert auth.login(user.email).headers["Location"] == "/admin/"
    auth.logout()
    clock.advance(days=29)
    assert auth.login(user.email).headers["Location"] == "/admin/"
    auth.logout()
    clock.advance(days=2)
    assert auth.login(user.email).headers["Location"] == "/login/two-factor"


def test_a_remembered_browser_is_for_its_own_user_only(client, auth, enrolled, make_user, clock):
    user, secret, _codes = enrolled
    remembered_login(client, auth, user, secret, clock)
    other = make_user(role="admin")
    auth.login(other.email)
    enrol(client, clock)
    auth.logout()
    assert auth.login(other.email).headers["Location"] == "/login/two-factor"


def test_a_forged_remember_cookie_is_ignored(client, auth, enrolled):
    user, _secret, _codes = enrolled
    client.set_cookie(DEVICE_COOKIE, f'[{user.id},"guess"].forged', path="/login")
    assert auth.login(user.email).headers["Location"] == "/login/two-factor"


def test_the_remember_cookie_is_secure_over_https(client, auth, enrolled, clock):
    user, secret, _codes = enrolled
    client.post("/login", data={"email": user.email, "password": STRONG_PASSWORD},
                base_url="https://localhost")
    response = client.post("/login/two-factor", data={"code": clock.code(secret),
                                                      "remember": "y"},
                           base_url="https://localhost")
    cookie = next(c for c in response.headers.getlist("Set-Cookie")
                  if c.startswith(DEVICE_COOKIE))
    assert "Secure" in cookie


def test_resetting_two_factor_forgets_remembered_browsers(app, client, auth, enrolled, clock):
    user, secret, _codes = enrolled
    remembered_login(client, auth, user, secret, clock)
    with app.app_context():
        twofactor.reset(db.session.get(User, user.id))
    auth.login(user.email)
    enrol(client, clock)
    auth.logout()
    assert auth.login(user.email).headers["Location"] == "/login/two-factor"


def test_a_new_password_forgets_remembered_browsers(client, auth, enrolled, clock):
    user, secret, _codes = enrolled
    remembered_login(client, auth, user, secret, clock)
    auth.login(user.email)
    new_password = "gudeg-manggar-di-Bantul-2"
    response = client.post("/account/password", data={
        "current_password": STRONG_PASSWORD, "new_password": new_password,
        "confirm": new_password})
    assert response.status_code == 302
    auth.logout()
    assert auth.login(user.email, new_password).headers["Location"] == "/login/two-factor"


def test_remember_days_zero_offers_no_remembering(app, client, auth, enrolled, clock):
    user, secret, _codes = enrolled
    with app.app_context():
        twofactor.save_policy([], 0)
    auth.login(user.email)
    assert "Ingat browser ini" not in client.get("/login/two-factor").get_data(as_text=True)
    response = second_step(client, clock.code(secret), remember="y")
    assert not any(c.startswith(DEVICE_COOKIE) for c in response.headers.getlist("Set-Cookie"))


def test_a_required_role_must_enrol_before_anything_else(app, client, auth, make_user, clock):
    with app.app_context():
        twofactor.save_policy(["editor", "admin"], 30)
    journalist = make_user(role="journalist")
    assert auth.login(journalist.email).headers["Location"] == "/admin/"
    auth.logout()
    editor = make_user(role="editor")
    assert auth.login(editor.email).headers["Location"] == "/account/two-factor"
    for path in ("/admin/", "/admin/settings", "/account/password", "/"):
        assert client.get(path).headers["Location"] == "/account/two-factor"
    page = client.get("/account/two-factor")
    assert page.status_code == 200
    assert "wajib memakai verifikasi dua langkah" in page.get_data(as_text=True)
    enrol(client, clock)
    assert client.get("/admin/").status_code == 200


def test_admins_set_the_requirement_on_the_settings_page(app, client, auth, make_user):
    admin = make_user(role="admin")
    auth.login(admin.email)
    page = client.get("/admin/settings").get_data(as_text=True)
    assert 'action="/admin/settings/two-factor"' in page
    response = client.post("/admin/settings/two-factor",
                           data={"required_roles": ["editor", "journalist"],
                                 "remember_days": "7"})
    assert response.headers["Location"] == "/admin/settings"
    with app.app_context():
        assert twofactor.policy() == twofactor.TwoFactorPolicy(
            frozenset({"editor", "journalist"}), 7)
    bad = client.post("/admin/settings/two-factor",
                      data={"required_roles": ["chief"], "remember_days": "400"})
    assert bad.status_code == 400
    with app.app_context():
        assert twofactor.policy().remember_days == 7


def test_editors_see_no_two_factor_policy_and_cannot_set_it(client, auth, make_user):
    editor = make_user(role="editor")
    auth.login(editor.email)
    assert "/admin/settings/two-factor" not in client.get("/admin/settings").get_data(
        as_text=True)
    assert client.post("/admin/settings/two-factor", data={"remember_days": "1"}
                       ).status_code == 403


def test_switching_off_needs_a_code_or_the_password(app, client, auth, enrolled, clock):
    user, secret, codes = enrolled
    auth.login(user.email)
    second_step(client, codes[0])
    assert client.post("/account/two-factor/disable", data={}).status_code == 400
    assert client.post("/account/two-factor/disable",
                       data={"password": "bukan-sandinya"}).status_code == 400
    assert stored(app, user.email).two_factor_enabled
    response = client.post("/account/two-factor/disable", data={"password": STRONG_PASSWORD})
    assert response.headers["Location"] == "/account/two-factor"
    assert not stored(app, user.email).two_factor_enabled
    auth.logout()
    assert auth.login(user.email).headers["Location"] == "/admin/"


def test_the_technician_resets_two_factor_from_the_command_line(auth, runner, enrolled):
    user, _secret, _codes = enrolled
    result = runner.invoke(["users", "reset-2fa", user.email.upper()])
    assert result.exit_code == 0, result.output
    assert "redaktur@example.com direset" in result.output
    assert auth.login(user.email).headers["Location"] == "/admin/"
    missing = runner.invoke(["users", "reset-2fa", "tidak.ada@example.com"])
    assert missing.exit_code == 1
    assert "tidak ada akun dengan email" in missing.output


def test_an_admin_resets_two_factor_from_the_users_page(app, client, auth, enrolled, make_user):
    user, _secret, _codes = enrolled
    admin = make_user(role="admin")
    auth.login(admin.email)
    assert f"/admin/users/{user.id}/reset-two-factor" in client.get("/admin/users").get_data(
        as_text=True)
    response = client.post(f"/admin/users/{user.id}/reset-two-factor")
    assert response.headers["Location"] == "/admin/users"
    assert not stored(app, user.email).two_factor_enabled
    assert client.post("/admin/users/9999/reset-two-factor").status_code == 404


@pytest.fixture
def limited_app(make_app, clock):
    """Login limited to three tries a minute, and an editor with two-factor sign-in on."""
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        from cms.auth.services import create_user

        user = create_user("batas@example.com", "Batas Uji", "editor", STRONG_PASSWORD)
        secret = twofactor.pending_secret(user)
        assert twofactor.confirm_enrolment(user, clock.code(secret)) is not None
    return app


def client_at(app, address: str, log_in: bool = True):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if log_in:
        client.post("/login", data={"email": "batas@example.com", "password": STRONG_PASSWORD})
    return client


def test_the_second_step_is_rate_limited(limited_app):
    client = client_at(limited_app, "10.0.0.1")
    statuses = [second_step(client, "222222").status_code for _attempt in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_the_second_step_is_rate_limited_per_account_across_addresses(limited_app):
    first, second = client_at(limited_app, "10.0.0.1"), client_at(limited_app, "10.0.0.2")
    assert [second_step(first, "222222").status_code for _attempt in range(2)] == [200, 200]
    assert second_step(second, "222222").status_code == 200
    assert second_step(second, "222222").status_code == 429
    assert client_at(limited_app, "10.0.0.3").post("/login/two-factor").status_code == 429
    stranger = client_at(limited_app, "10.0.0.4", log_in=False)
    assert stranger.post("/login/two-factor").status_code == 302  # another account's count


def test_a_policy_saved_on_one_server_holds_on_the_others_without_rereading_it(
        app, make_app, make_user, tmp_path):
    """Each server keeps the policy it read (a signed-in page asks on every request) until
    the settings generation moves; an admin's save on one server moves it for all."""
    store = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "shared-cache")}
    settings_server, other_server = (make_app(create_tables=False, **store),
                                     make_app(create_tables=False, **store))
    editor = make_user(role="editor")
    reader = other_server.test_client()
    assert reader.post("/login", data={"email": editor.email, "password": STRONG_PASSWORD}
                       ).headers["Location"] == "/admin/"
    reads: list[object] = []

    def remember(_connection, _cursor, _statement, parameters, *_rest) -> None:
        if twofactor.SETTING_KEY in str(parameters):
            reads.append(parameters)

    with other_server.app_context():
        event.listen(db.engine, "before_cursor_execute", remember)
    assert reader.get("/admin/").status_code == 200
    assert reader.get("/admin/").status_code == 200
    assert reads == []

    with settings_server.app_context():
        twofactor.save_policy(["editor"], 30)
    time.sleep(cachetags.RECHECK_SECONDS + 0.05)  # how long a server trusts what it read
    assert reader.get("/admin/").headers["Location"] == "/account/two-factor"
    assert len(reads) == 1


def test_without_a_cache_store_a_saved_policy_holds_on_every_server_at_once(
        app, make_app, make_user):
    no_cache = {"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True}
    settings_server, other_server = (make_app(create_tables=False, **no_cache),
                                     make_app(create_tables=False, **no_cache))
    editor = make_user(role="editor")
    reader = other_server.test_client()
    reader.post("/login", data={"email": editor.email, "password": STRONG_PASSWORD})
    assert reader.get("/admin/").status_code == 200
    with settings_server.app_context():
        twofactor.save_policy(["editor"], 30)
    assert reader.get("/admin/").headers["Location"] == "/account/two-factor"
