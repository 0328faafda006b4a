"""Forgot password: a mail through a real SMTP server, its link, a new password, a login."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cms.auth import tokens
from cms.clock import utcnow
from tests.conftest import STRONG_PASSWORD
from tests.mailbox import SENDER, body, link_path

NEW_PASSWORD = "sambal-terasi-pedas-Nganjuk"
SENT = "Jika alamat itu terdaftar, tautan untuk mengatur ulang kata sandi sudah dikirim"


@pytest.fixture
def app(make_app, mailbox):
    return make_app(**mailbox.settings)


def ask_for_reset(client, email: str, **extra):
    return client.post("/login/forgot", data={"email": email}, **extra)


def set_password(client, path: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    client.get(path)
    return client.post("/account/new-password",
                       data={"new_password": password, "confirm": confirm or password})


def test_the_login_page_links_to_the_forgot_password_form(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/login/forgot"' in page and "Lupa kata sandi?" in page
    form = client.get("/login/forgot").get_data(as_text=True)
    assert 'name="email"' in form and "Kirim tautan" in form


def test_a_reset_mail_sets_a_new_password_and_ends_other_logins(app, make_user, client,
                                                                  mailbox, auth):
    make_user(email="wartawan@example.com", name="Sri Wahyuni")
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"email": "wartawan@example.com",
                                   "password": STRONG_PASSWORD})
    assert elsewhere.get("/admin/").status_code == 200

    response = ask_for_reset(client, "Wartawan@Example.com", follow_redirects=True)
    assert response.request.path == "/login"
    assert SENT in response.get_data(as_text=True)

    (message,) = mailbox.messages
    assert message["To"] == "wartawan@example.com"
    assert message["From"] == SENDER
    assert message["Subject"] == "Atur ulang kata sandi di Warta"
    assert mailbox.envelopes == [("redaksi@example.com", ["wartawan@example.com"])]
    assert "Halo Sri Wahyuni," in body(message)
    assert "berlaku 1 jam" in body(message)
    assert "Buat kata sandi baru" in body(message, "html")

    path = link_path(message)
    landing = client.get(path)
    assert landing.status_code == 302 and landing.location == "/account/new-password"
    form = client.get("/account/new-password").get_data(as_text=True)
    assert "Untuk akun wartawan@example.com." in form
    assert path.rsplit("/", 1)[1] not in form  # the token left the address bar

    done = client.post("/account/new-password",
                       data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                       follow_redirects=True)
    assert done.request.path == "/login"
    assert "Kata sandi disimpan. Silakan masuk dengan kata sandi baru." in done.get_data(
        as_text=True)
    assert elsewhere.get("/admin/").status_code == 302  # that login is over
    assert auth.login("wartawan@example.com", STRONG_PASSWORD).status_code == 200  # refused
    assert auth.login("wartawan@example.com", NEW_PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_used_link_is_refused(make_user, client, mailbox):
    make_user(email="wartawan@example.com")
    ask_for_reset(client, "wartawan@example.com")
    path = link_path(mailbox.messages[0])
    assert set_password(client, path).status_code == 302

    client.get(path)
    again = client.get("/account/new-password")
    assert again.status_code == 400
    assert "Tautan ini tidak berlaku atau sudah dipakai." in again.get_data(as_text=True)
    assert 'href="/login/forgot"' in again.get_data(as_text=True)
    refused = set_password(client, path, "kata-sandi-lain-untuk-Kediri")
    assert refused.status_code == 400


def test_a_link_expires_after_an_hour(make_user, client, mailbox, monkeypatch):
    make_user(email="wartawan@example.com")
    ask_for_reset(client, "wartawan@example.com")
    path = link_path(mailbox.messages[0])

    start = utcnow()
    monkeypatch.setattr(tokens, "utcnow", lambda: start + timedelta(minutes=59))
    client.get(path)
    assert client.get("/account/new-password").status_code == 200

    monkeypatch.setattr(tokens, "utcnow", lambda: start + timedelta(minutes=61))
    expired = client.get("/account/new-password")
    assert expired.status_code == 400
    assert "Tautan ini sudah kedaluwarsa." in expired.get_data(as_text=True)


def test_the_lifetime_of_a_link_is_configurable(make_app, mailbox, monkeypatch):
    app = make_app(**mailbox.settings, PASSWORD_RESET_MAX_AGE=600)
    with app.app_context():
        from cms.auth.services import create_user

        create_user("wartawan@example.com", "Wartawan", "journalist", STRONG_PASSWORD)
    client = app.test_client()
    ask_for_reset(client, "wartawan@example.com")
    assert "berlaku 10 menit" in body(mailbox.messages[0])
    start = utcnow()
    monkeypatch.setattr(tokens, "utcnow", lambda: start + timedelta(minutes=11))
    client.get(link_path(mailbox.messages[0]))
    assert client.get("/account/new-password").status_code == 400


def test_an_unknown_address_gets_the_same_answer_and_no_mail(make_user, client, mailbox):
    make_user(email="wartawan@example.com")
    known = ask_for_reset(client, "wartawan@example.com")
    unknown = ask_for_reset(client, "siapa@example.com")
    assert (unknown.status_code, unknown.location) == (known.status_code, known.location)
    assert [m["To"] for m in mailbox.messages] == ["wartawan@example.com"]
    assert SENT in client.get("/login").get_data(as_text=True)


def test_disabled_accounts_and_accounts_without_password_get_no_mail(app, make_user,
                                                                     client, mailbox):
    from cms.auth import services
    from cms.extensions import db
    from cms.models import User

    user = make_user(email="keluar@example.com")
    make_user(email="penulis@example.com", password=None)
    ask_for_reset(client, "keluar@example.com")
    link = link_path(mailbox.messages[0])
    with app.app_context():
        services.set_enabled(db.session.get(User, user.id), False)

    for address in ("keluar@example.com", "penulis@example.com"):
        response = ask_for_reset(client, address, follow_redirects=True)
        assert SENT in response.get_data(as_text=True)
    assert len(mailbox.messages) == 1
    client.get(link)  # the link sent before the account was disabled
    assert client.get("/account/new-password").status_code == 400


def test_an_invalid_address_is_shown_on_the_form(client, mailbox):
    response = ask_for_reset(client, "bukan alamat")
    assert response.status_code == 200
    assert "Alamat email tidak valid" in response.get_data(as_text=True)
    assert mailbox.messages == []


def test_a_weak_password_is_refused_and_the_link_still_works(make_user, client, mailbox):
    make_user(email="wartawan@example.com")
    ask_for_reset(client, "wartawan@example.com")
    path = link_path(mailbox.messages[0])
    weak = set_password(client, path, "rahasia123")
    assert weak.status_code == 200
    assert "terlalu umum" in weak.get_data(as_text=True)
    different = set_password(client, path, NEW_PASSWORD, "sesuatu-yang-lain-sekali")
    assert "Kata sandi tidak sama." in different.get_data(as_text=True)
    assert set_password(client, path).status_code == 302


def test_opening_the_form_without_a_link_explains_what_to_do(client):
    response = client.get("/account/new-password")
    assert response.status_code == 400
    assert "Buka tautan dari email Anda" in response.get_data(as_text=True)
    forged = client.get("/account/reset/bukan-token")
    assert forged.status_code == 302
    assert client.get("/account/new-password").status_code == 400
    assert client.get("/account/reset/" + "x" * 5000).status_code == 400


def test_a_mail_server_that_is_down_gives_a_clear_message(make_user, client, mailbox):
    make_user(email="wartawan@example.com")
    mailbox.stop()
    for address in ("wartawan@example.com", "siapa@example.com"):
        response = ask_for_reset(client, address, follow_redirects=True)
        assert response.status_code == 200
        assert response.request.path == "/login/forgot"
        assert "Email tidak dapat dikirim saat ini." in response.get_data(as_text=True)


def test_without_mail_the_form_points_to_the_command_line(make_app, mailbox):
    client = make_app().test_client()
    for response in (client.get("/login/forgot"),
                     client.post("/login/forgot", data={"email": "a@example.com"})):
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "belum dapat mengirim email" in page
        assert "cms users reset-password" in page
        assert 'name="email"' not in page
    assert mailbox.messages == []


def test_requests_are_rate_limited_per_client_and_per_address(make_app, mailbox):
    app = make_app(**mailbox.settings, RATELIMIT_ENABLED=True,
                   PASSWORD_RESET_RATE_LIMIT="2 per minute")
    client = app.test_client()
    statuses = [ask_for_reset(client, f"orang{i}@example.com").status_code for i in range(3)]
    assert statuses == [302, 302, 429]

    def from_address(ip: str):
        return ask_for_reset(client, "sasaran@example.com",
                             environ_base={"REMOTE_ADDR": ip}).status_code

    assert [from_address(f"10.0.0.{i}") for i in range(1, 4)] == [302, 302, 429]


def test_the_forms_carry_csrf_tokens(make_app, mailbox):
    app = make_app(**mailbox.settings, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    assert 'name="csrf_token"' in client.get("/login/forgot").get_data(as_text=True)
    assert ask_for_reset(client, "wartawan@example.com").status_code == 400
    assert mailbox.messages == []

    with app.app_context():
        from cms.auth.services import create_user

        user = create_user("wartawan@example.com", "Wartawan", "journalist", STRONG_PASSWORD)
        token = tokens.make_token(user, tokens.Purpose.RESET)
    client.get(f"/account/reset/{token}")
    assert 'name="csrf_token"' in client.get("/account/new-password").get_data(as_text=True)
    refused = client.post("/account/new-password",
                          data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert refused.status_code == 400


def test_the_link_points_to_the_site_whatever_host_the_request_named(make_app, mailbox):
    app = make_app(**mailbox.settings, SITE_URL="https://kabarkediri.id")
    with app.app_context():
        from cms.auth.services import create_user

        create_user("wartawan@example.com", "Wartawan", "journalist", STRONG_PASSWORD)
    app.test_client().post("/login/forgot", data={"email": "wartawan@example.com"},
                           headers={"Host": "penipu.example"})
    assert "https://kabarkediri.id/account/reset/" in body(mailbox.messages[0])
    assert "penipu" not in body(mailbox.messages[0], "html")


def test_logging_in_ends_a_link_sent_before(make_user, client, mailbox, auth):
    make_user(email="wartawan@example.com")
    ask_for_reset(client, "wartawan@example.com")
    auth.login("wartawan@example.com")  # remembered the password after all
    auth.logout()
    assert set_password(client, link_path(mailbox.messages[0])).status_code == 400
