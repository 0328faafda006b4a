"""An editor switches on two-factor sign-in in a real browser and logs in with a code,
on pages the CSP allows (the QR code is SVG the server drew)."""

from __future__ import annotations

import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def log_in_with_password(page, live_server: str) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill("redaktur@example.com")
    page.get_by_label("Kata sandi").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_enrol_then_log_in_with_a_code(page, live_server, make_user):
    make_user(email="redaktur@example.com", role="editor", name="Redaktur Pagi")
    log_in_with_password(page, live_server)
    page.wait_for_url(f"{live_server}/admin/")

    page.goto(f"{live_server}/account/two-factor")
    qr = page.locator("svg.qr-code")
    assert qr.is_visible() and qr.bounding_box()["width"] > 100
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.get_by_label("Kode 6 angka dari aplikasi").fill(totp.now())
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.get_by_text("Verifikasi dua langkah aktif.")).to_be_visible()
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)

    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{live_server}/login")
    log_in_with_password(page, live_server)
    page.wait_for_url(f"{live_server}/login/two-factor")
    page.goto(f"{live_server}/admin/")
    assert "/login?next=" in page.url  # the password alone opens nothing
    page.go_back()
    # The next step's code: the one used to enrol may still be current, and is spent.
    page.get_by_label("Kode dari aplikasi autentikator").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(f"{live_server}/admin/")
    expect(page.get_by_role("heading", name="Selamat datang, Redaktur Pagi")).to_be_visible()
    assert page.console_errors == []
