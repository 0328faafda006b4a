"""``send_mail``: MIME a mail client shows, SMTP settings checked at start-up, and failures
that say what went wrong. Every test sends to a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import socket
import time

import pytest

from cms.api import MailError, mail_configured, send_mail
from cms.config import ConfigurationError
from tests.mailbox import SENDER, Mailbox, body, free_port


@pytest.fixture
def app(make_app, mailbox):
    return make_app(**mailbox.settings)


@pytest.fixture
def custom_template(instance_path):
    """A template pair in the instance, the first place the loader chain looks."""
    folder = instance_path / "templates" / "mail"
    folder.mkdir(parents=True)
    (folder / "kabar.txt").write_text("Halo {{ name }}, ada kabar: {{ news }}\n",
                                      encoding="utf-8")
    (folder / "kabar.html").write_text("<p>Halo {{ name }}, ada kabar: {{ news }}</p>\n",
                                       encoding="utf-8")
    return "mail/kabar"


def send(app, to="pembaca@example.com", subject="Kabar dari redaksi", **context):
    context = {"name": "Siti", "news": "Jembatan Brawijaya dibuka", **context}
    with app.test_request_context():
        send_mail(to, subject, "mail/kabar", **context)


def test_a_mail_has_a_text_part_an_html_alternative_and_proper_headers(app, mailbox,
                                                                      custom_template):
    send(app, to="Pembaca@Example.com", subject="Kabar Kediri — “banjir” surut\nBcc: x@y.z",
         name="Siti <Nurhaliza> & Ayu")
    (message,) = mailbox.messages
    assert message.get_content_type() == "multipart/alternative"
    assert message["From"] == SENDER
    assert message["To"] == "Pembaca@example.com"
    assert message["Subject"] == "Kabar Kediri — “banjir” surut Bcc: x@y.z"  # one line
    assert message["Bcc"] is None
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Date"] and message["Message-ID"].endswith("@example.com>")
    assert body(message) == "Halo Siti <Nurhaliza> & Ayu, ada kabar: Jembatan Brawijaya dibuka\n"
    assert body(message, "html") == (
        "<p>Halo Siti &lt;Nurhaliza&gt; &amp; Ayu, ada kabar: Jembatan Brawijaya dibuka</p>\n")
    assert mailbox.envelopes == [("redaksi@example.com", ["Pembaca@example.com"])]


def test_the_server_login_is_used_when_configured(make_app, custom_template):
    box = Mailbox(credentials=("redaksi", "rahasia-server"))
    box.start()
    try:
        good = make_app(**box.settings, MAIL_USERNAME="redaksi", MAIL_PASSWORD="rahasia-server")
        send(good)
        assert len(box.messages) == 1
        wrong = make_app(**box.settings, MAIL_USERNAME="redaksi", MAIL_PASSWORD="salah")
        with pytest.raises(MailError, match="menolak nama pengguna atau kata sandinya"):
            send(wrong)
        anonymous = make_app(**box.settings)
        with pytest.raises(MailError, match="menolak"):
            send(anonymous)
        assert len(box.messages) == 1
    finally:
        box.stop()


@pytest.mark.parametrize(("tls", "reason"), [
    ("starttls", "tidak mendukung STARTTLS"),  # never falls back to sending in clear text
    ("ssl", "Sambungan aman ke server email gagal"),
])
def test_encryption_the_server_cannot_give_is_refused(make_app, mailbox, custom_template,
                                                      tls, reason):
    app = make_app(**{**mailbox.settings, "MAIL_TLS": tls})
    with pytest.raises(MailError, match=reason):
        send(app)
    assert mailbox.messages == []


def test_a_server_that_is_down_or_silent_fails_within_the_timeout(make_app, mailbox,
                                                                  custom_template):
    down = make_app(**{**mailbox.settings, "MAIL_PORT": free_port()})
    with pytest.raises(MailError, match="Server email tidak dapat dihubungi"):
        send(down)
    with socket.socket() as silent:  # accepts the connection, never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        app = make_app(**{**mailbox.settings, "MAIL_PORT": silent.getsockname()[1],
                          "MAIL_TIMEOUT": 0.5})
        started = time.monotonic()
        with pytest.raises(MailError, match="tidak dapat dihubungi"):
            send(app)
        assert time.monotonic() - started < 3


def test_an_invalid_address_is_refused_before_connecting(app, mailbox, custom_template):
    for address in ("bukan alamat", "penulis@penulis.invalid", "a@b.c\nBcc: x@example.com"):
        with pytest.raises(MailError, match="Alamat email tidak valid"):
            send(app, to=address)
    assert mailbox.messages == []


def test_a_site_without_mail_host_says_so(make_app, custom_template):
    app = make_app()
    with app.test_request_context():
        assert not mail_configured()
    with pytest.raises(MailError, match="belum diatur di situs ini"):
        send(app)


def test_settings_come_from_the_environment(make_app, mailbox, monkeypatch, custom_template):
    box = Mailbox(credentials=("123456", "0042"))
    box.start()
    try:
        monkeypatch.setenv("WARTA_MAIL_HOST", "127.0.0.1")
        monkeypatch.setenv("WARTA_MAIL_PORT", str(box.port))
        monkeypatch.setenv("WARTA_MAIL_TLS", "none")
        monkeypatch.setenv("WARTA_MAIL_SENDER", "Kabar Kediri <redaksi@kabarkediri.id>")
        monkeypatch.setenv("WARTA_MAIL_USERNAME", "123456")  # JSON would make numbers
        monkeypatch.setenv("WARTA_MAIL_PASSWORD", "0042")
        app = make_app()
        send(app)
        assert box.messages[0]["From"] == "Kabar Kediri <redaksi@kabarkediri.id>"
    finally:
        box.stop()


@pytest.mark.parametrize(("settings", "message"), [
    ({"MAIL_TLS": "tls"}, "MAIL_TLS must be one of starttls, ssl, none"),
    ({"MAIL_SENDER": None}, "MAIL_SENDER is not set"),
    ({"MAIL_SENDER": "redaksi"}, "MAIL_SENDER must be an address"),
    ({"MAIL_SENDER": "a@example.com, b@example.com"}, "MAIL_SENDER must be an address"),
    ({"MAIL_PORT": "lima"}, "MAIL_PORT must be a number"),
    ({"MAIL_PORT": 70000}, "MAIL_PORT must be a port number"),
    ({"MAIL_TIMEOUT": 0}, "MAIL_TIMEOUT must be a number above zero"),
    ({"MAIL_PASSWORD": "rahasia"}, "MAIL_PASSWORD is set without MAIL_USERNAME"),
    ({"MAIL_HOST": ["smtp"]}, "MAIL_HOST must be text"),
])
def test_a_broken_setting_stops_the_site_with_its_fix(make_app, settings, message):
    config = {"MAIL_HOST": "smtp.example.com", "MAIL_SENDER": SENDER, **settings}
    with pytest.raises(ConfigurationError, match=message):
        make_app(create_tables=False, **config)


def test_a_production_site_sends_mail_only_with_its_fixed_address(make_app):
    config = {"TESTING": False, "MAIL_HOST": "smtp.example.com", "MAIL_SENDER": SENDER}
    with pytest.raises(ConfigurationError, match="MAIL_HOST is set but SITE_URL is not"):
        make_app(create_tables=False, **config)
    make_app(create_tables=False, SITE_URL="https://kabarkediri.id", **config)


@pytest.mark.parametrize(("tls", "port"), [("starttls", 587), ("ssl", 465), ("none", 25)])
def test_the_port_follows_the_encryption_unless_set(make_app, tls, port):
    from cms.mail import EXTENSION_KEY

    app = make_app(create_tables=False, MAIL_HOST="smtp.example.com", MAIL_SENDER=SENDER,
                   MAIL_TLS=tls.upper())
    assert app.extensions[EXTENSION_KEY].port == port
