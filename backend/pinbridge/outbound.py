"""The one door for requests to customer-supplied URLs: webhook deliveries and asset imports.

SSRF guard: built on ``requests-hardened``, which resolves the host once, refuses loopback,
private, link-local (incl. the 169.254.169.254 metadata address), CGNAT, multicast and reserved
ranges for IPv4 and IPv6 (IPv4-mapped IPv6 is unwrapped first), and connects to the address it
checked, so a DNS answer cannot change between check and connect. Redirects are never followed
(a redirect to an internal address is therefore never fetched). On top of it this module caps the
response size and the total time: ``post`` keeps a capped answer in memory (webhook replies),
``stream_get`` hands out the body chunk by chunk (asset imports, up to gigabytes) and stops at the
size cap or the deadline, whichever comes first. ``PINBRIDGE_OUTBOUND_ALLOW_LOOPBACK`` admits loopback only, for
local development (``pinbridge dev`` turns it on); every other private range stays refused.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from requests_hardened import Config, HTTPSession
from requests_hardened.ip_filter import InvalidIPAddress, get_ip_address

from pinbridge import __version__

USER_AGENT = f"PinBridge/{__version__} (+webhooks)"


class OutboundRefused(Exception):
    """The URL points at an address PinBridge will not contact."""


class OutboundFailed(Exception):
    """No usable answer: connection refused/reset, DNS failure, timeout, or a body over the cap."""


class OutboundTooLarge(OutboundFailed):
    """The answer is (or declares itself) larger than the cap."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"the answer is larger than {max_bytes:,} bytes")
        self.max_bytes = max_bytes


@dataclass
class OutboundStream:
    """An answer whose body has not been read yet: iterate ``chunks`` to read it."""

    status_code: int
    headers: dict[str, str]
    chunks: Iterator[bytes]


@dataclass(frozen=True)
class OutboundResponse:
    status_code: int
    headers: dict[str, str]
    body: bytes
    latency_ms: int


def session(*, allow_loopback: bool, timeout: float) -> requests.Session:
    return HTTPSession(
        Config(
            ip_filter_enable=True,
            ip_filter_allow_loopback_ips=allow_loopback,
            never_redirect=True,
            default_timeout=(min(timeout, 5.0), timeout),
            user_agent_override=USER_AGENT,
        )
    )


_kept = threading.local()


def kept_session(*, allow_loopback: bool, timeout: float) -> requests.Session:
    """This thread's session for ``post``, kept so consecutive webhook deliveries to one host reuse
    its keep-alive connection instead of a TCP (and TLS) handshake each. The guard is unchanged:
    the adapter resolves and checks the host on every request and pools connections by the
    address it checked."""
    sessions: dict[tuple[bool, float], requests.Session] = _kept.__dict__.setdefault("sessions", {})
    key = (allow_loopback, timeout)
    if key not in sessions:
        sessions[key] = session(allow_loopback=allow_loopback, timeout=timeout)
    return sessions[key]


def check_url(url: str, *, allow_loopback: bool, require_https: bool) -> None:
    """Refuse a URL up front (at webhook create/update); delivery checks again on every request."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or (require_https and parts.scheme != "https"):
        raise OutboundRefused("https is required" if require_https else "only http and https URLs")
    if not parts.hostname or parts.username or parts.password:
        raise OutboundRefused("the URL needs a host and must not carry credentials")
    try:
        host = parts.hostname.strip("[]")
        get_ip_address(host, parts.port or (443 if parts.scheme == "https" else 80), allow_loopback)
    except InvalidIPAddress:
        raise OutboundRefused("the host resolves to a private, loopback or reserved address") from None
    except OSError:
        raise OutboundRefused("the host name does not resolve") from None


def post(
    url: str,
    *,
    body: bytes,
    headers: dict[str, str],
    timeout: float,
    allow_loopback: bool,
    max_bytes: int = 64 * 1024,
) -> OutboundResponse:
    """POST through the guard; read at most ``max_bytes`` of the answer within ``timeout`` overall."""
    started = time.monotonic()
    with _translated(timeout):
        http = kept_session(allow_loopback=allow_loopback, timeout=timeout)
        response = http.post(url, data=body, headers=headers, stream=True, allow_redirects=False)
        with response:
            content = _read_capped(response, max_bytes, deadline=started + timeout)
    latency = int((time.monotonic() - started) * 1000)
    return OutboundResponse(response.status_code, dict(response.headers), content, latency)


@contextlib.contextmanager
def stream_get(
    url: str,
    *,
    timeout: float,
    allow_loopback: bool,
    max_bytes: int,
    chunk_size: int = 64 * 1024,
) -> Iterator[OutboundStream]:
    """GET through the guard without reading the body; the connection closes on exit.

    A ``Content-Length`` over ``max_bytes`` is refused before reading; otherwise ``chunks`` raises
    ``OutboundTooLarge`` once more than ``max_bytes`` arrived and ``OutboundFailed`` when
    ``timeout`` seconds have passed since the request started (a server trickling bytes).
    """
    started = time.monotonic()
    with _translated(timeout), session(allow_loopback=allow_loopback, timeout=timeout) as http:
        response = http.get(url, stream=True, allow_redirects=False)
        with response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise OutboundTooLarge(max_bytes)
            chunks = _stream_capped(response, chunk_size, max_bytes, deadline=started + timeout)
            yield OutboundStream(response.status_code, dict(response.headers), chunks)


def _stream_capped(response: Any, chunk_size: int, max_bytes: int, *, deadline: float) -> Iterator[bytes]:
    size = 0
    for chunk in response.iter_content(chunk_size):
        size += len(chunk)
        if size > max_bytes:
            raise OutboundTooLarge(max_bytes)
        if time.monotonic() > deadline:
            raise OutboundFailed("the answer took longer than the time cap")
        yield chunk


def _read_capped(response: Any, max_bytes: int, *, deadline: float) -> bytes:
    """Keep the first ``max_bytes``; stop reading there or at the deadline (a trickling server)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(8192):
        if time.monotonic() > deadline:
            raise OutboundFailed("the answer took longer than the time cap")
        chunks.append(chunk[: max_bytes - size])
        size += len(chunk)
        if size >= max_bytes:
            break
    return b"".join(chunks)


@contextlib.contextmanager
def _translated(timeout: float) -> Iterator[None]:
    """requests' and requests-hardened's exceptions, as this module's two."""
    try:
        yield
    except InvalidIPAddress:
        raise OutboundRefused("the host resolves to a private, loopback or reserved address") from None
    except requests.Timeout:
        raise OutboundFailed(f"no answer within {timeout:g}s") from None
    except requests.RequestException as exc:
        raise OutboundFailed(_describe(exc)) from None


def _describe(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.ConnectionError):
        return "connection failed (refused, reset or unresolvable host)"
    return type(exc).__name__
