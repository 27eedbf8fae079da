"""Sending mail (password reset links): SMTP when ``PINBRIDGE_SMTP_HOST`` is set, else the log.

With a host, the message goes through the standard library's ``smtplib``: STARTTLS first (the server's
certificate verified against the system's CAs; a server without STARTTLS is refused rather than
spoken to in clear) unless ``PINBRIDGE_SMTP_STARTTLS=false``, login when ``PINBRIDGE_SMTP_USERNAME`` is set. Without one (the
``pinbridge dev`` layout) the whole message — recipient, subject and body, so a reset link in it
can be followed — is logged at INFO instead; that is the intended way to read it in development,
and why a production install must set the host. The SMTP password is never logged.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from pinbridge.settings import Settings

log = logging.getLogger(__name__)
SMTP_TIMEOUT_SECONDS = 30.0


def send(settings: Settings, to: str, subject: str, body: str) -> None:
    """Raises ``smtplib.SMTPException`` or ``OSError`` when the server refuses or is unreachable."""
    if not settings.smtp_host:
        log.info("mail (no PINBRIDGE_SMTP_HOST, not sent) to %s: %s\n%s", to, subject, body)
        return
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=settings.smtp_from.rpartition("@")[2].strip("> ") or None)
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())  # verifies the certificate and host
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
        smtp.send_message(message)
    log.info("mail to %s sent through %s:%d: %s", to, settings.smtp_host, settings.smtp_port, subject)
