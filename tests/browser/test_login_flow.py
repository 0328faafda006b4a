"""A newsroom member logs in and out in a real browser, on pages the CSP allows."""

from __future__ import annotations

import pytest

from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def test_login_from_admin_and_logout(page, live_server, make_user):
    make_user(email="redaktur@example.com", role="editor", name="Redaktur Pagi")
    page.goto(f"{live_server}/admin/")
    assert "/login" in page.url
    page.get_by_label("Email").fill("redaktur@example.com")
    page.get_by_label("Kata sandi").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server}/admin/")
    assert page.get_by_role("heading", name="Selamat datang, Redaktur Pagi").is_visible()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{live_server}/login")
    assert page.get_by_text("Anda sudah keluar.").is_visible()
    page.goto(f"{live_server}/admin/")
    assert "/login" in page.url
    assert page.console_errors == []


def test_wrong_password_shows_message_without_leaving_the_form(page, live_server, make_user):
    make_user(email="wartawan@example.com")
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill("wartawan@example.com")
    page.get_by_label("Kata sandi").fill("bukan-kata-sandinya")
    page.get_by_role("button", name="Masuk").click()
    assert page.get_by_text("Email atau kata sandi salah.").is_visible()
    assert page.get_by_label("Email").input_value() == "wartawan@example.com"


def test_pages_load_every_resource_within_the_content_security_policy(page, live_server):
    for path in ("/login", "/robots.txt", "/"):
        response = page.goto(f"{live_server}{path}")
        assert response.status == 200
    assert page.console_errors == []
    stylesheet = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "system-ui" in stylesheet  # the theme's stylesheet was allowed and applied
