"""Logging in and out, sessions the server can revoke, passwords and roles."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from cms.auth.passwords import PasswordPolicyError, check_password_policy, hash_password
from cms.auth.views import safe_next
from cms.extensions import db
from cms.models import User, UserSession
from tests.conftest import STRONG_PASSWORD


def stored_user(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def test_login_lands_on_dashboard(client, auth, make_user):
    user = make_user(role="editor", name="Sri Editor")
    response = auth.login(user.email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert "Sri Editor" in client.get("/admin/").get_data(as_text=True)


def test_unknown_user_and_wrong_password_get_the_same_answer(client, auth, make_user):
    user = make_user()
    unknown_email = "tidak.ada@example.com"
    wrong = auth.login(user.email, "salah-sandi-sekali")
    unknown = auth.login(unknown_email, "salah-sandi-sekali")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.get_data(as_text=True).replace(user.email, unknown_email) == unknown.get_data(
        as_text=True
    )
    assert "Email atau kata sandi salah" in wrong.get_data(as_text=True)


def test_email_is_case_insensitive(auth, make_user):
    user = make_user(email="Wartawan@Example.com")
    assert auth.login("WARTAWAN@example.COM").status_code == 302
    assert user.email == "wartawan@example.com"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/admin/users", "/admin/users"),
        ("https://evil.example/", "/admin/"),
        ("//evil.example/", "/admin/"),
        ("/\\evil.example", "/admin/"),
        ("javascript:alert(1)", "/admin/"),
        ("", "/admin/"),
    ],
)
def test_redirect_after_login_only_to_same_site_paths(auth, make_user, target, expected):
    user = make_user(role="admin")
    response = auth.login(user.email, next=target)
    assert response.headers["Location"] == expected


def test_safe_next_rejects_control_characters():
    assert safe_next("/ok\r\nSet-Cookie: x") is None
    assert safe_next("/admin/") == "/admin/"


def test_disabled_user_cannot_log_in(app, auth, make_user):
    user = make_user()
    with app.app_context():
        db.session.get(User, user.id).enabled = False
        db.session.commit()
    assert auth.login(user.email).status_code == 200


def test_logout_revokes_a_copied_session_cookie(app, client, auth, make_user):
    user = make_user()
    auth.login(user.email)
    stolen = client.get_cookie("warta_session").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("warta_session", stolen)
    response = thief.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_logout_revokes_remember_me_cookie(app, client, auth, make_user):
    user = make_user()
    auth.login(user.email, remember="y")
    remember = client.get_cookie("warta_remember")
    assert remember is not None and remember.http_only
    stolen = remember.value
    fresh = app.test_client()
    fresh.set_cookie("warta_remember", stolen)
    assert fresh.get("/admin/").status_code == 200  # the cookie works while logged in
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("warta_remember", stolen)
    assert thief.get("/admin/").status_code == 302


def test_login_starts_a_new_session(app, client, auth, make_user):
    user = make_user()
    auth.login(user.email)
    first = client.get_cookie("warta_session").value
    auth.logout()
    auth.login(user.email)
    assert client.get_cookie("warta_session").value != first
    with app.app_context():
        assert db.session.query(UserSession).filter_by(user_id=user.id).count() == 1


def test_password_change_ends_other_sessions(app, client, auth, make_user):
    user = make_user()
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": STRONG_PASSWORD})
    assert other.get("/admin/").status_code == 200
    auth.login(user.email)
    response = client.post("/account/password", data={
        "current_password": STRONG_PASSWORD,
        "new_password": "sambal-terasi-pedas-Gurah",
        "confirm": "sambal-terasi-pedas-Gurah",
    })
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert other.get("/admin/").status_code == 302


def test_password_change_refuses_wrong_current_password(client, auth, make_user):
    user = make_user()
    auth.login(user.email)
    response = client.post("/account/password", data={
        "current_password": "bukan-sandi-ini", "new_password": "sambal-terasi-pedas-Gurah",
        "confirm": "sambal-terasi-pedas-Gurah"})
    assert "Kata sandi sekarang salah" in response.get_data(as_text=True)


def test_disabling_a_user_ends_their_sessions(app, client, auth, make_user):
    admin = make_user(role="admin")
    victim = make_user()
    victim_client = app.test_client()
    victim_client.post("/login", data={"email": victim.email, "password": STRONG_PASSWORD})
    assert victim_client.get("/admin/").status_code == 200
    auth.login(admin.email)
    client.post(f"/admin/users/{victim.id}/disable")
    assert victim_client.get("/admin/").status_code == 302


def test_password_hash_uses_owasp_argon2id_parameters():
    assert hash_password("apa saja").startswith("$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.mark.parametrize(
    "old_hash",
    [
        generate_password_hash(STRONG_PASSWORD, method="scrypt"),
        generate_password_hash(STRONG_PASSWORD, method="pbkdf2:sha256"),
        "$argon2id$v=19$m=4096,t=1,p=1$"
        + "c2FsdHNhbHRzYWx0c2FsdA$"
        + "placeholder",
    ],
    ids=["werkzeug-scrypt", "werkzeug-pbkdf2", "weak-argon2"],
)
def test_older_hashes_are_upgraded_at_login(app, auth, make_user, old_hash):
    from argon2 import PasswordHasher

    if old_hash.endswith("placeholder"):
        old_hash = PasswordHasher(time_cost=1, memory_cost=4096, parallelism=1).hash(
            STRONG_PASSWORD
        )
    user = make_user()
    with app.app_context():
        db.session.get(User, user.id).password_hash = old_hash
        db.session.commit()
    assert auth.login(user.email).status_code == 302
    assert stored_user(app, user.email).password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


POLICY = {"min_length": 8, "max_length": 256}


@pytest.mark.parametrize("password", ["pendek", "password", "password123", "qwertyuiop",
                                      "rahasia123", "12345678", "kediri2024"])
def test_short_or_common_passwords_are_refused(password):
    with pytest.raises(PasswordPolicyError):
        check_password_policy(password, **POLICY)


@pytest.mark.parametrize(("language", "message"), [
    ("id", "Kata sandi minimal 8 karakter."),
    ("en", "Password must be at least 8 characters."),
])
def test_a_short_password_is_refused_with_the_minimum_in_the_users_language(app, language,
                                                                            message):
    with app.test_request_context(f"/?lang={language}"), pytest.raises(
            PasswordPolicyError, match=re.escape(message)):
        check_password_policy("pendek", **POLICY)


def test_long_passwords_are_accepted_and_never_truncated(app, auth, make_user):
    long_password = "Sawah-hijau-membentang-di-lereng-Kelud " * 4  # 156 characters
    check_password_policy(long_password, **POLICY)
    user = make_user(password=long_password)
    assert auth.login(user.email, long_password[:-1]).status_code == 200
    assert auth.login(user.email, long_password).status_code == 302


def test_password_over_the_limit_is_refused():
    with pytest.raises(PasswordPolicyError, match="maksimal 256"):
        check_password_policy("a-B-3-" * 50, **POLICY)


def test_personal_data_makes_password_weak():
    with pytest.raises(PasswordPolicyError):
        check_password_policy("sutrisno1234", personal=("bambang", "sutrisno"), **POLICY)
    check_password_policy("sutrisno1234", **POLICY)  # strong for anyone else
