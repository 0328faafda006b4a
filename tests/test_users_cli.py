"""``cms users list|reset-password|disable|enable``: accounts for a technician without mail."""

from __future__ import annotations

import pytest

from cms.extensions import db
from cms.models import User
from tests.conftest import STRONG_PASSWORD

NEW_PASSWORD = "sambal-terasi-pedas-Nganjuk"


def logged_in(app, email: str, password: str = STRONG_PASSWORD):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": password})
    assert client.get("/admin/").status_code == 200
    return client


def can_log_in(app, email: str, password: str) -> bool:
    response = app.test_client().post("/login", data={"email": email, "password": password})
    return response.status_code == 302


def one_line_error(result, text: str) -> None:
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and text in lines[0], lines


def test_list_prints_every_account_as_a_table(app, runner, make_user):
    make_user(email="rina@example.com", name="Rina Sari", role="editor")
    make_user(email="tamu@example.com", name="Tamu", role="partner", password=None)
    make_user(email="keluar@example.com", name="Keluar", role="journalist")
    runner.invoke(["users", "disable", "keluar@example.com"])
    logged_in(app, "rina@example.com")

    result = runner.invoke(["users", "list"])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split() == ["EMAIL", "NAMA", "PERAN", "AKTIF", "KATA", "SANDI", "LOGIN",
                              "TERAKHIR", "(UTC)"]
    by_email = {row.split()[0]: row for row in rows}
    assert list(by_email) == ["keluar@example.com", "rina@example.com", "tamu@example.com"]
    assert by_email["keluar@example.com"].split()[2:] == ["journalist", "tidak", "ada", "belum"]
    assert by_email["tamu@example.com"].split()[1:] == ["Tamu", "partner", "ya", "kosong",
                                                        "belum"]
    rina = by_email["rina@example.com"].split()
    assert rina[1:6] == ["Rina", "Sari", "editor", "ya", "ada"]
    assert len(rina) == 8 and rina[6].startswith("20")  # date and time of the login
    role_column = header.index("PERAN")  # the columns line up under their headings
    assert [row[role_column:].split()[0] for row in rows] == ["journalist", "editor",
                                                              "partner"]


def test_reset_password_reads_stdin_and_ends_every_login(app, runner, make_user):
    make_user(email="rina@example.com")
    session = logged_in(app, "rina@example.com")
    result = runner.invoke(["users", "reset-password", "Rina@Example.com"],
                           input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Kata sandi:" not in result.output
    assert session.get("/admin/").status_code == 302
    assert can_log_in(app, "rina@example.com", NEW_PASSWORD)
    assert not can_log_in(app, "rina@example.com", STRONG_PASSWORD)


def test_reset_password_generates_and_prints_one(app, runner, make_user):
    make_user(email="rina@example.com", password=None)  # also gives an invitee a way in
    result = runner.invoke(["users", "reset-password", "rina@example.com"])
    assert result.exit_code == 0, result.output
    password = result.output.split("Kata sandi: ")[1].strip()
    assert can_log_in(app, "rina@example.com", password)


def test_disable_ends_every_login_and_enable_lets_the_account_in_again(app, runner,
                                                                        make_user):
    make_user(email="rina@example.com")
    session = logged_in(app, "rina@example.com")
    result = runner.invoke(["users", "disable", "rina@example.com"])
    assert result.exit_code == 0, result.output
    assert session.get("/admin/").status_code == 302
    assert not can_log_in(app, "rina@example.com", STRONG_PASSWORD)
    with app.app_context():
        assert not db.session.scalar(db.select(User.enabled))

    assert runner.invoke(["users", "enable", "rina@example.com"]).exit_code == 0
    assert can_log_in(app, "rina@example.com", STRONG_PASSWORD)


@pytest.mark.parametrize("command", ["reset-password", "disable", "enable"])
def test_an_unknown_or_invalid_address_is_one_clear_line(runner, command):
    one_line_error(runner.invoke(["users", command, "siapa@example.com"]),
                   "tidak ada akun dengan email siapa@example.com")
    one_line_error(runner.invoke(["users", command, "bukan-alamat"]), "tidak valid")


def test_reset_password_refuses_a_weak_password(app, runner, make_user):
    make_user(email="rina@example.com")
    one_line_error(runner.invoke(["users", "reset-password", "rina@example.com"],
                                 input="rahasia123\n"), "terlalu umum")
    assert can_log_in(app, "rina@example.com", STRONG_PASSWORD)


def test_a_missing_address_is_a_usage_error(runner):
    result = runner.invoke(["users", "disable"])
    assert result.exit_code == 2
    assert "Missing argument 'EMAIL'" in result.output
