"""Invitations: an admin invites by mail, the person chooses a password from the link."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cms.auth import tokens
from cms.clock import utcnow
from cms.extensions import db
from cms.models import User
from tests.mailbox import body, link_path

PASSWORD = "sambal-terasi-pedas-Nganjuk"


@pytest.fixture
def app(make_app, mailbox):
    return make_app(**mailbox.settings)


@pytest.fixture
def admin(make_user, auth):
    user = make_user(email="pemred@example.com", role="admin", name="Bu Pemred")
    auth.login(user.email)
    return user


def invite(client, email="baru@example.com", name="Dimas Anggara", role="editor", **extra):
    return client.post("/admin/users/invite", data={
        "invite-email": email, "invite-name": name, "invite-role": role}, **extra)


def accept(client, path: str, password: str = PASSWORD):
    client.get(path)
    return client.post("/account/new-password",
                       data={"new_password": password, "confirm": password})


def stored(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def test_an_invited_person_sets_a_password_and_logs_in(app, client, admin, mailbox):
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Undang pengguna" in page and 'name="invite-email"' in page

    response = invite(client, follow_redirects=True)
    assert "Undangan dikirim ke baru@example.com." in response.get_data(as_text=True)
    assert "belum punya kata sandi" in response.get_data(as_text=True)
    user = stored(app, "baru@example.com")
    assert (user.name, user.role_key, user.password_hash) == ("Dimas Anggara", "editor", None)

    (message,) = mailbox.to("baru@example.com")
    assert message["Subject"] == "Undangan ke redaksi Warta"
    assert "Bu Pemred mengundang Anda bergabung dengan redaksi Warta." in body(message)
    assert "berlaku 1 minggu" in body(message)
    assert "Buat kata sandi" in body(message, "html")

    newcomer = app.test_client()
    newcomer.get(link_path(message))
    form = newcomer.get("/account/new-password").get_data(as_text=True)
    assert "Buat kata sandi" in form and "Untuk akun baru@example.com." in form
    done = newcomer.post("/account/new-password",
                         data={"new_password": PASSWORD, "confirm": PASSWORD},
                         follow_redirects=True)
    assert done.request.path == "/login"
    newcomer.post("/login", data={"email": "baru@example.com", "password": PASSWORD})
    assert "Selamat datang, Dimas Anggara" in newcomer.get("/admin/").get_data(as_text=True)

    newcomer.get(link_path(message))
    assert newcomer.get("/account/new-password").status_code == 400  # used once


def test_an_invitation_lasts_seven_days(app, client, admin, mailbox, monkeypatch):
    invite(client)
    path = link_path(mailbox.messages[0])
    start = utcnow()
    monkeypatch.setattr(tokens, "utcnow", lambda: start + timedelta(days=6, hours=23))
    newcomer = app.test_client()
    newcomer.get(path)
    assert newcomer.get("/account/new-password").status_code == 200
    monkeypatch.setattr(tokens, "utcnow", lambda: start + timedelta(days=7, minutes=1))
    expired = newcomer.get("/account/new-password")
    assert expired.status_code == 400
    page = expired.get_data(as_text=True)
    assert "sudah kedaluwarsa" in page and "mengirim ulang undangan" in page


def test_an_invitation_link_is_no_reset_link(app, client, admin, mailbox):
    invite(client)
    path = link_path(mailbox.messages[0]).replace("/account/invitation/", "/account/reset/")
    newcomer = app.test_client()
    newcomer.get(path)
    assert newcomer.get("/account/new-password").status_code == 400


def test_resending_an_invitation_mails_a_new_link(app, client, admin, mailbox):
    invite(client)
    user = stored(app, "baru@example.com")
    response = client.post(f"/admin/users/{user.id}/invite", follow_redirects=True)
    assert "Undangan dikirim ulang ke baru@example.com." in response.get_data(as_text=True)
    first, second = mailbox.to("baru@example.com")
    assert accept(app.test_client(), link_path(second)).status_code == 302
    assert accept(app.test_client(), link_path(first)).status_code == 400

    refused = client.post(f"/admin/users/{user.id}/invite", follow_redirects=True)
    assert "sudah punya kata sandi" in refused.get_data(as_text=True)
    assert len(mailbox.messages) == 2


def test_an_imported_author_is_invited_after_getting_a_real_address(app, client, admin,
                                                                     mailbox):
    with app.app_context():
        author = User(email="sri-wahyuni@penulis.invalid", name="Sri Wahyuni",
                      role_key="journalist", password_hash=None)
        db.session.add(author)
        db.session.commit()
        author_id = author.id
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Ubah emailnya untuk mengundang." in page
    refused = client.post(f"/admin/users/{author_id}/invite", follow_redirects=True)
    assert "tidak dapat menerima undangan" in refused.get_data(as_text=True)
    assert mailbox.messages == []

    changed = client.post(f"/admin/users/{author_id}/email",
                          data={"email": "Sri@Example.com"}, follow_redirects=True)
    assert ("Email sri-wahyuni@penulis.invalid diganti menjadi sri@example.com."
            in changed.get_data(as_text=True))
    client.post(f"/admin/users/{author_id}/invite")
    (message,) = mailbox.to("sri@example.com")
    assert accept(app.test_client(), link_path(message)).status_code == 302


def test_changing_the_address_ends_links_sent_to_the_old_one(app, client, admin, mailbox):
    invite(client)
    user = stored(app, "baru@example.com")
    client.post(f"/admin/users/{user.id}/email", data={"email": "lain@example.com"})
    assert accept(app.test_client(), link_path(mailbox.messages[0])).status_code == 400


def test_an_address_in_use_or_invalid_is_refused(client, admin, mailbox, make_user):
    other = make_user(email="ada@example.com")
    duplicate = invite(client, email="ada@example.com")
    assert duplicate.status_code == 400
    assert "Sudah ada pengguna dengan email ada@example.com." in duplicate.get_data(as_text=True)
    missing = invite(client, email="", name="")
    assert missing.status_code == 400
    target = make_user(email="target@example.com")
    taken = client.post(f"/admin/users/{target.id}/email", data={"email": other.email},
                        follow_redirects=True)
    assert "Sudah ada pengguna dengan email ada@example.com." in taken.get_data(as_text=True)
    bad = client.post(f"/admin/users/{target.id}/email", data={"email": "x@penulis.invalid"},
                      follow_redirects=True)
    assert "Alamat email tidak valid" in bad.get_data(as_text=True)
    assert client.post(f"/admin/users/{admin.id}/email",
                       data={"email": "saya@example.com"}).status_code == 400
    assert mailbox.messages == []


def test_a_failed_invitation_keeps_the_account_to_invite_again(app, client, admin, mailbox):
    mailbox.stop()
    response = invite(client, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Akun baru@example.com dibuat, tetapi undangannya tidak terkirim" in page
    assert "Server email tidak dapat dihubungi" in page
    user = stored(app, "baru@example.com")

    mailbox.start()
    client.post(f"/admin/users/{user.id}/invite")
    assert len(mailbox.to("baru@example.com")) == 1


def test_without_mail_the_page_points_to_the_command_line(make_app, auth, mailbox):
    app = make_app()
    with app.app_context():
        from cms.auth.services import create_user

        create_user("pemred@example.com", "Pemred", "admin", PASSWORD)
    client = app.test_client()
    client.post("/login", data={"email": "pemred@example.com", "password": PASSWORD})
    page = client.get("/admin/users").get_data(as_text=True)
    assert "belum dapat mengirim email" in page and "cms users create" in page
    assert 'name="invite-email"' not in page
    assert invite(client).status_code == 400


def test_only_admins_invite(client, make_user, auth, mailbox):
    editor = make_user(role="editor")
    auth.login(editor.email)
    assert invite(client).status_code == 403
    assert client.post(f"/admin/users/{editor.id}/email",
                       data={"email": "x@example.com"}).status_code == 403
    assert mailbox.messages == []


def test_the_invitation_forms_carry_csrf_tokens(make_app, mailbox):
    app = make_app(**mailbox.settings, WTF_CSRF_ENABLED=True)
    with app.app_context():
        from cms.auth.services import create_user

        create_user("pemred@example.com", "Pemred", "admin", PASSWORD)
        create_user("penulis@example.com", "Penulis", "journalist", None)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": "pemred@example.com", "password": PASSWORD,
                                "csrf_token": token})
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'name="invite-csrf_token"' in page
    assert page.count('name="csrf_token"') >= 4  # email, role, status, invitation forms
    assert invite(client).status_code == 400
    assert mailbox.messages == []
