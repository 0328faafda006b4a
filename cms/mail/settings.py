"""The ``MAIL_*`` settings: defaults, and the checks that stop a site with a broken one.

A site sends no mail until ``MAIL_HOST`` is set (``WARTA_MAIL_HOST`` in the environment);
the pages that need mail then say so and point to the ``cms users`` commands instead.
Environment values arrive parsed as JSON (``WARTA_MAIL_PORT=587`` is a number, and so is a
password made only of digits), so each value is brought back to the type it must have.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.policy import default as default_policy
from typing import Any

from email_validator import EmailNotValidError, validate_email

from cms.config import ConfigurationError

#: ``starttls``: plain connection upgraded before login (port 587); ``ssl``: TLS from
#: the first byte (port 465); ``none``: no encryption, only for a relay on the same host.
TLS_MODES = {"starttls": 587, "ssl": 465, "none": 25}

DEFAULTS: dict[str, Any] = {
    "MAIL_HOST": None,
    "MAIL_PORT": None,  # None: the usual port of MAIL_TLS
    "MAIL_TLS": "starttls",
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_SENDER": None,  # "Kabar Kediri <redaksi@kabarkediri.id>"; required with MAIL_HOST
    "MAIL_TIMEOUT": 10,  # seconds to wait for the server before giving up
}


@dataclass(frozen=True)
class MailSettings:
    """Checked settings of the SMTP server mail leaves through."""

    host: str
    port: int
    tls: str
    username: str | None
    password: str | None
    sender: Address
    timeout: float


def _text(config: Mapping[str, Any], name: str) -> str | None:
    value = config.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ConfigurationError(f"{name} must be text (got {value!r})")
    return str(value).strip() if name != "MAIL_PASSWORD" else str(value)


def _number(config: Mapping[str, Any], name: str, kind: type) -> Any:
    value = config.get(name)
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise ConfigurationError(f"{name} must be a number (got {value!r})") from None
    if isinstance(value, bool) or number <= 0:
        raise ConfigurationError(f"{name} must be a number above zero (got {value!r})")
    return number


def parse_sender(value: str) -> Address:
    """``"Name <address>"`` or a bare address, refused when the address is not valid."""
    try:
        header = default_policy.header_factory("From", value)
        (address,) = header.addresses
        validate_email(address.addr_spec, check_deliverability=False)
    except (ValueError, IndexError, EmailNotValidError):
        raise ConfigurationError(
            f"MAIL_SENDER must be an address such as \"Kabar Kediri <redaksi@kabarkediri.id>\" "
            f"(got {value!r})"
        ) from None
    return address


def parse(config: Mapping[str, Any]) -> MailSettings | None:
    """The checked settings, or ``None`` when no ``MAIL_HOST`` is configured."""
    host = _text(config, "MAIL_HOST")
    if host is None:
        return None
    tls = (_text(config, "MAIL_TLS") or "starttls").lower()
    if tls not in TLS_MODES:
        raise ConfigurationError(
            f"MAIL_TLS must be one of {', '.join(TLS_MODES)} (got {config.get('MAIL_TLS')!r})")
    port = TLS_MODES[tls] if config.get("MAIL_PORT") in (None, "") else _number(
        config, "MAIL_PORT", int)
    if port > 65535:
        raise ConfigurationError(f"MAIL_PORT must be a port number (got {port})")
    username, password = _text(config, "MAIL_USERNAME"), _text(config, "MAIL_PASSWORD")
    if password is not None and username is None:
        raise ConfigurationError("MAIL_PASSWORD is set without MAIL_USERNAME: set both or neither")
    sender = _text(config, "MAIL_SENDER")
    if sender is None:
        raise ConfigurationError(
            "MAIL_SENDER is not set: mail needs a From address, e.g. "
            "WARTA_MAIL_SENDER=\"Kabar Kediri <redaksi@kabarkediri.id>\""
        )
    return MailSettings(host=host, port=port, tls=tls, username=username, password=password,
                        sender=parse_sender(sender),
                        timeout=_number(config, "MAIL_TIMEOUT", float))
