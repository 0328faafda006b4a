"""Outgoing mail: a template pair rendered in the recipient's language, sent over SMTP.

Built on the standard library, not on a Flask extension: ``email.message.EmailMessage``
writes the MIME (a plain-text part and its HTML alternative, encoded headers) and
``smtplib`` speaks SMTP with STARTTLS or TLS. Both are maintained with Python itself, and
what Flask-Mailman adds on top (pluggable backends, an outbox for tests) Warta does not
need: its tests send to a real SMTP server on 127.0.0.1.

Sending happens during the request, so a failure reaches the person who asked, as a
:class:`MailError` whose message says what went wrong; the technical details go to the log.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Sequence
from datetime import UTC
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from cms.clock import utcnow
from cms.config import ConfigurationError
from cms.i18n import site_language
from cms.mail import settings
from cms.mail.settings import MailSettings

logger = logging.getLogger(__name__)

EXTENSION_KEY = "warta.mail"


class MailError(RuntimeError):
    """Mail could not be sent; the message says why in words a newsroom user understands."""


class MailNotConfigured(MailError):
    """The site has no ``MAIL_HOST``: nothing can be sent until a technician sets one."""


def init_app(app: Flask) -> None:
    """Check the ``MAIL_*`` settings at start-up, so a typo stops the site with its fix."""
    for name, value in settings.DEFAULTS.items():
        app.config.setdefault(name, value)
    parsed = settings.parse(app.config)
    if parsed and not app.config.get("SITE_URL") and not (app.debug or app.testing):
        # A link built from the request's Host would let a stranger who asks for a
        # password reset choose where the victim's link points (and collect the token).
        raise ConfigurationError(
            "MAIL_HOST is set but SITE_URL is not: links in mail need the site's fixed "
            "address, e.g. WARTA_SITE_URL=https://kabarkediri.id (`cms init` asks for it)"
        )
    app.extensions[EXTENSION_KEY] = parsed


def mail_configured() -> bool:
    """Whether this site can send mail (``MAIL_HOST`` is set).

    Forms that only work by mail check it first and say what to do instead.
    """
    return current_app.extensions.get(EXTENSION_KEY) is not None


def send_mail(to: str, subject: str, template: str, *, locale: str | None = None,
              **context: Any) -> None:
    """Send one mail made from the templates ``<template>.txt`` and ``<template>.html``.

    :param to: the recipient's address.
    :param subject: the subject line; pass ``lazy_gettext`` text to have it translated
        into the mail's language.
    :param template: the template pair's path without extension, e.g.
        ``"mail/password_reset"`` in the core or ``"<plugin>/mail/<name>"`` in a plugin;
        themes override both files like any other template. Links in a mail must be
        absolute: build them with :func:`absolute_url`.
    :param locale: the language to write in (the recipient's ``User.locale``); the site's
        language when ``None`` or not one the site offers.
    :param context: the templates' variables.
    :raises MailError: the mail was not sent (no mail configured, an invalid address, or
        the server could not be reached or refused it); the message tells the user why.
    """
    deliver([compose(to, subject, template, locale=locale, **context)])


def compose(to: str, subject: str, template: str, *, locale: str | None = None,
            **context: Any) -> EmailMessage:
    """The message :func:`send_mail` would send, rendered but not yet sent."""
    config = _settings()
    try:
        address = validate_email(to, check_deliverability=False).normalized
    except EmailNotValidError:
        raise MailError(_("Alamat email tidak valid: %(email)s", email=to)) from None
    with force_locale(_language(locale)):
        message = EmailMessage()
        # Collapsed to one line: a newline in a header would let text become headers.
        message["Subject"] = " ".join(str(subject).split())
        text = render_template(f"{template}.txt", **context)
        html = render_template(f"{template}.html", **context)
    message["From"] = config.sender
    message["To"] = address
    message["Date"] = format_datetime(utcnow().replace(tzinfo=UTC))
    message["Message-ID"] = make_msgid(domain=config.sender.domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def deliver(messages: Sequence[EmailMessage]) -> None:
    """Send ``messages`` over one SMTP connection, opened even when there are none.

    A caller that must not reveal whether it had anything to send (the password reset
    form) calls this either way, and so takes about the same time and meets the same
    failures whatever the answer.
    """
    config = _settings()
    try:
        _send(config, messages)
    except (smtplib.SMTPException, OSError) as exc:
        recipients = ", ".join(str(m["To"]) for m in messages) or "(none)"
        logger.warning("mail to %s via %s:%s failed: %r", recipients, config.host,
                       config.port, exc)
        raise MailError(_reason(exc)) from exc


def _send(config: MailSettings, messages: Sequence[EmailMessage]) -> None:
    context = ssl.create_default_context()
    if config.tls == "ssl":
        connection = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout,
                                      context=context)
    else:
        connection = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    with connection as smtp:
        if config.tls == "starttls":
            smtp.starttls(context=context)
        if config.username:
            smtp.login(config.username, config.password or "")
        for message in messages:
            smtp.send_message(message)


def _reason(exc: Exception) -> str:
    """What went wrong, for the user; the setting to check, for the technician they tell."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return _("Server email menolak nama pengguna atau kata sandinya "
                 "(WARTA_MAIL_USERNAME, WARTA_MAIL_PASSWORD).")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return _("Server email tidak mendukung STARTTLS atau login seperti yang diatur "
                 "(WARTA_MAIL_TLS, WARTA_MAIL_USERNAME).")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return _("Server email menolak alamat penerima.")
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return _("Server email menolak alamat pengirim (WARTA_MAIL_SENDER).")
    if isinstance(exc, ssl.SSLError):
        return _("Sambungan aman ke server email gagal (WARTA_MAIL_TLS, sertifikat server).")
    if isinstance(exc, smtplib.SMTPResponseException) and not isinstance(
            exc, smtplib.SMTPConnectError):
        return _("Server email menolak pesan ini.")
    return _("Server email tidak dapat dihubungi (WARTA_MAIL_HOST, WARTA_MAIL_PORT).")


def _settings() -> MailSettings:
    config = current_app.extensions.get(EXTENSION_KEY)
    if config is None:
        raise MailNotConfigured(
            _("Pengiriman email belum diatur di situs ini (WARTA_MAIL_HOST)."))
    return config


def _language(locale: str | None) -> str:
    return locale if locale in current_app.config["LANGUAGES"] else site_language()
