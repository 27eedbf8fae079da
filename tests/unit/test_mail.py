"""mail.send against a real SMTP server (aiosmtpd on loopback): headers, STARTTLS with a verified
certificate, login; and the log fallback without PINBRIDGE_SMTP_HOST."""

from __future__ import annotations

import dataclasses
import datetime
import ipaddress
import logging
import smtplib
import ssl
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pinbridge import mail
from pinbridge.settings import Settings
from tests.helpers import free_port

PASSWORD = "smtp-pass-0451"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"mailer",
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: (certificate file, key file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "PinBridge test SMTP")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "smtp.crt", tmp_path / "smtp.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


@pytest.fixture
def smtp_server() -> Iterator[Any]:
    """Start an aiosmtpd server on 127.0.0.1 (options as keyword arguments); stopped after the test."""
    started: list[Controller] = []

    def start(**options: Any) -> tuple[Inbox, int]:
        inbox, port = Inbox(), free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        started.append(controller)
        return inbox, port

    yield start
    for controller in started:
        controller.stop()


def settings_for(runtime_settings: Settings, port: int, **smtp: Any) -> Settings:
    return dataclasses.replace(
        runtime_settings, smtp_host="127.0.0.1", smtp_port=port, smtp_from="PinBridge <noreply@pinbridge.test>", **smtp
    )


@pytest.fixture
def base_settings() -> Settings:
    return Settings.from_env({"PINBRIDGE_PUBLIC_URL": "https://pinbridge.example.com"})


def test_the_message_arrives_with_its_headers_and_body(smtp_server, base_settings):
    inbox, port = smtp_server()
    settings = settings_for(base_settings, port, smtp_starttls=False)

    mail.send(settings, "ana@example.com", "Reset your PinBridge password", "Open https://x.test/reset/t0k3n\n")

    [(envelope, message)] = inbox.messages
    assert envelope.mail_from == "noreply@pinbridge.test" and envelope.rcpt_tos == ["ana@example.com"]
    assert message["From"] == "PinBridge <noreply@pinbridge.test>" and message["To"] == "ana@example.com"
    assert message["Subject"] == "Reset your PinBridge password"
    assert message["Message-ID"].endswith("@pinbridge.test>") and message["Date"]
    assert message.get_content().splitlines() == ["Open https://x.test/reset/t0k3n"]


def test_starttls_with_a_verified_certificate_and_login(smtp_server, base_settings, certificate, monkeypatch, caplog):
    cert_file, key_file = certificate
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert_file, key_file)
    inbox, port = smtp_server(tls_context=tls, require_starttls=True, authenticator=authenticate, auth_require_tls=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # the client trusts this certificate only
    settings = settings_for(base_settings, port, smtp_username="mailer", smtp_password=PASSWORD)

    with caplog.at_level(logging.DEBUG):
        mail.send(settings, "ana@example.com", "Hello", "Over TLS")

    [(_, message)] = inbox.messages
    assert message["Subject"] == "Hello"
    assert PASSWORD not in caplog.text and PASSWORD not in repr(settings)


def test_an_untrusted_certificate_is_refused_and_nothing_is_sent(smtp_server, base_settings, certificate, monkeypatch):
    cert_file, key_file = certificate
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert_file, key_file)
    inbox, port = smtp_server(tls_context=tls, require_starttls=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file.with_name("none.crt")))

    with pytest.raises(ssl.SSLCertVerificationError):
        mail.send(settings_for(base_settings, port), "ana@example.com", "Hello", "Never in clear")
    assert inbox.messages == []


def test_a_server_without_starttls_is_not_spoken_to_in_clear(smtp_server, base_settings):
    inbox, port = smtp_server()
    with pytest.raises(smtplib.SMTPNotSupportedError):
        mail.send(settings_for(base_settings, port), "ana@example.com", "Hello", "Never in clear")
    assert inbox.messages == []


def test_a_wrong_password_is_refused(smtp_server, base_settings):
    inbox, port = smtp_server(authenticator=authenticate, auth_require_tls=False)
    settings = settings_for(base_settings, port, smtp_starttls=False, smtp_username="mailer", smtp_password="wrong")
    with pytest.raises(smtplib.SMTPAuthenticationError):
        mail.send(settings, "ana@example.com", "Hello", "body")
    assert inbox.messages == []


def test_without_a_host_the_message_is_logged_for_pinbridge_dev(base_settings, caplog):
    settings = dataclasses.replace(base_settings, smtp_password=PASSWORD)
    assert settings.smtp_host == ""
    with caplog.at_level(logging.INFO, logger="pinbridge.mail"):
        mail.send(settings, "ana@example.com", "Reset your PinBridge password", "https://x.test/reset/t0k3n")
    [record] = [r for r in caplog.records if r.name == "pinbridge.mail"]
    assert record.levelno == logging.INFO
    text = record.getMessage()
    assert (
        "ana@example.com" in text and "Reset your PinBridge password" in text and "https://x.test/reset/t0k3n" in text
    )
    assert PASSWORD not in caplog.text


def test_smtp_settings_from_the_environment():
    settings = Settings.from_env(
        {
            "PINBRIDGE_PUBLIC_URL": "https://pinbridge.example.com",
            "PINBRIDGE_SMTP_HOST": "smtp.example.com",
            "PINBRIDGE_SMTP_USERNAME": "mailer",
            "PINBRIDGE_SMTP_PASSWORD": PASSWORD,
        }
    )
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_starttls) == ("smtp.example.com", 587, True)
    assert settings.smtp_from == "pinbridge@pinbridge.example.com"
    other = Settings.from_env(
        {"PINBRIDGE_SMTP_PORT": "2525", "PINBRIDGE_SMTP_STARTTLS": "false", "PINBRIDGE_SMTP_FROM": "ops@example.org"}
    )
    assert (other.smtp_port, other.smtp_starttls, other.smtp_from) == (2525, False, "ops@example.org")
    assert PASSWORD not in repr(settings)
