"""Sending email through the configured SMTP server (the review summary, answers to tickets)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from knowledge.settings import Settings


class NotConfigured(RuntimeError):
    pass


def send_message(settings: Settings, message: EmailMessage, timeout_s: float = 30) -> None:
    """Send one message; STARTTLS unless turned off (default: on unless the port is 25, a local relay).
    Raises NotConfigured without a host and sender, smtplib/OSError when the server refuses or is down."""
    if not settings.smtp_host or not settings.smtp_from:
        raise NotConfigured("set NHSBOT_SMTP_HOST and NHSBOT_SMTP_FROM to send email")
    message["From"] = settings.smtp_from
    starttls = settings.smtp_starttls if settings.smtp_starttls is not None else settings.smtp_port != 25
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout_s) as smtp:
        if starttls:
            smtp.starttls()
        if settings.smtp_user and settings.smtp_password:
            smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
        smtp.send_message(message)
