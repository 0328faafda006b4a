"""A real SMTP server on 127.0.0.1 for tests: aiosmtpd keeps each message it receives.

Warta sends during the request and waits for the server's answer, so a message is in
:attr:`Mailbox.messages` as soon as the response that sent it is back.
"""

from __future__ import annotations

import email
import re
import socket
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any
from urllib.parse import urlsplit

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

SENDER = "Redaksi Uji <redaksi@example.com>"


def free_port() -> int:
    """A port nothing listens on now (aiosmtpd cannot be given port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd)
        if self.box.credentials and not session.authenticated:
            return "530 5.7.0 Authentication required"
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.box.messages.append(message)
        self.box.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


class Mailbox:
    """The server and what it received; ``credentials`` makes it ask for a login."""

    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        self.credentials = credentials
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.port = free_port()
        self._controller: Controller | None = None

    def _authenticate(self, server, session, envelope, mechanism, data) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (
            data.login.decode(), data.password.decode()) == self.credentials
        return AuthResult(success=ok, handled=False)  # handled=False: answer 535

    def start(self) -> None:
        options: dict[str, Any] = {}
        if self.credentials:
            options = {"authenticator": self._authenticate, "auth_require_tls": False}
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port,
                                      **options)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def settings(self) -> dict[str, Any]:
        """The ``MAIL_*`` settings of a site that sends here."""
        return {"MAIL_HOST": "127.0.0.1", "MAIL_PORT": self.port, "MAIL_TLS": "none",
                "MAIL_SENDER": SENDER, "MAIL_TIMEOUT": 5}

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def body(message: EmailMessage, subtype: str = "plain") -> str:
    """A part's text with the line ends a reader's program shows (SMTP sends CRLF)."""
    return message.get_body(preferencelist=(subtype,)).get_content().replace("\r\n", "\n")


def link_path(message: EmailMessage) -> str:
    """The path of the one link in the plain-text part, for the test client to follow."""
    (link,) = set(re.findall(r"https?://\S+", body(message)))
    assert link in body(message, "html")
    return urlsplit(link).path
