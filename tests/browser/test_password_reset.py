"""Forgot password in a real browser: the form, the mail, the new password, the login."""

from __future__ import annotations

import pytest

from tests.mailbox import body

pytestmark = pytest.mark.browser

NEW_PASSWORD = "sambal-terasi-pedas-Nganjuk"


@pytest.fixture
def app(make_app, mailbox):
    return make_app(WTF_CSRF_ENABLED=True, **mailbox.settings)


def test_forgot_password_mail_new_password_and_login(page, live_server, make_user, mailbox):
    make_user(email="wartawan@example.com", name="Sri Wahyuni")
    page.goto(f"{live_server}/login")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    page.get_by_label("Email").fill("wartawan@example.com")
    page.get_by_role("button", name="Kirim tautan").click()
    page.wait_for_url(f"{live_server}/login")
    assert page.get_by_text("Jika alamat itu terdaftar").is_visible()

    (message,) = mailbox.messages
    link = next(line for line in body(message).splitlines() if line.startswith("http"))
    assert link.startswith(f"{live_server}/account/reset/")
    page.goto(link)
    page.wait_for_url(f"{live_server}/account/new-password")
    page.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Simpan kata sandi").click()
    page.wait_for_url(f"{live_server}/login")
    assert page.get_by_text("Kata sandi disimpan.").is_visible()

    page.get_by_label("Email").fill("wartawan@example.com")
    page.get_by_label("Kata sandi").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server}/admin/")
    assert page.get_by_role("heading", name="Selamat datang, Sri Wahyuni").is_visible()
    assert page.console_errors == []
