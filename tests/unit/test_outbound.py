"""The SSRF guard refuses internal addresses before any socket is opened to them.

DNS is mocked (``socket.getaddrinfo``) and a tripwire on ``socket.socket.connect`` records every
address a connection is attempted to, so "refused" means refused before connecting.
"""

from __future__ import annotations

import ipaddress
import socket
import threading

import pytest

from pinbridge import outbound
from tests.http_server import serving

FAKE_DNS = {"localhost": "127.0.0.1", "sneaky.example": "127.0.0.1", "metadata.example": "169.254.169.254"}

PROBES = [
    "http://127.0.0.1/hook",
    "http://localhost/hook",
    "http://10.0.0.1/hook",
    "http://172.16.0.1/hook",
    "http://192.168.1.1/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/hook",
    "http://[::1]/hook",
    "http://[fd00::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://sneaky.example/hook",
    "https://metadata.example/hook",
    "http://0.0.0.0/hook",
    "http://224.0.0.1/hook",
]


def fake_getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002
    address = FAKE_DNS.get(host, host)
    ip = ipaddress.ip_address(address)  # anything else would be a real lookup: not allowed here
    af = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
    sockaddr = (address, port, 0, 0) if ip.version == 6 else (address, port)
    return [(af, socket.SOCK_STREAM, 6, "", sockaddr)]


@pytest.fixture
def tripwire(monkeypatch):
    """Mock DNS and record every connect() — from this thread only, the test's own."""
    attempted: list[str] = []
    real_connect = socket.socket.connect
    me = threading.get_ident()

    def connect(self, address):
        if threading.get_ident() == me:
            attempted.append(address[0])
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempted


@pytest.mark.parametrize("url", PROBES)
def test_probe_is_refused_without_opening_a_socket(tripwire, url):
    with pytest.raises(outbound.OutboundRefused):
        outbound.post(url, body=b"{}", headers={}, timeout=2, allow_loopback=False)
    with pytest.raises(outbound.OutboundRefused):
        outbound.check_url(url, allow_loopback=False, require_https=False)
    assert tripwire == []


@pytest.mark.parametrize("target", ["http://169.254.169.254/", "http://10.0.0.1/", "http://[::1]:9/"])
def test_redirect_to_an_internal_address_is_not_followed(tripwire, target):
    def redirector(environ, start_response):
        start_response("302 Found", [("Location", target), ("Content-Length", "0")])
        return [b""]

    with serving(redirector) as base:
        response = outbound.post(f"{base}/hook", body=b"{}", headers={}, timeout=2, allow_loopback=True)
    assert response.status_code == 302
    assert tripwire == ["127.0.0.1"]  # only the allowed first hop


def test_loopback_setting_admits_loopback_only(tripwire):
    with pytest.raises(outbound.OutboundRefused):
        outbound.check_url("http://10.0.0.1/", allow_loopback=True, require_https=False)
    outbound.check_url("http://127.0.0.1:9/", allow_loopback=True, require_https=False)


def test_response_body_is_capped(tripwire):
    def big(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"x" * 1_000_000]

    with serving(big) as base:
        response = outbound.post(f"{base}/", body=b"{}", headers={}, timeout=5, allow_loopback=True, max_bytes=1000)
    assert response.status_code == 200 and len(response.body) == 1000


def test_https_required_when_asked():
    with pytest.raises(outbound.OutboundRefused, match="https"):
        outbound.check_url("http://example.com/", allow_loopback=False, require_https=True)


@pytest.mark.parametrize("url", PROBES[:6])
def test_stream_get_refuses_probes_without_a_socket(tripwire, url):
    with pytest.raises(outbound.OutboundRefused):
        with outbound.stream_get(url, timeout=2, allow_loopback=False, max_bytes=1000):
            pass
    assert tripwire == []


def _app(body_chunks, *, length=None, delay=0.0):
    import time as _time

    def app(environ, start_response):
        headers = [("Content-Type", "application/octet-stream")]
        if length is not None:
            headers.append(("Content-Length", str(length)))
        start_response("200 OK", headers)

        def gen():
            for chunk in body_chunks:
                _time.sleep(delay)
                yield chunk

        return gen()

    return app


def test_stream_get_streams_the_body(tripwire):
    with serving(_app([b"a" * 70_000, b"b" * 10])) as base:
        with outbound.stream_get(f"{base}/x", timeout=5, allow_loopback=True, max_bytes=100_000) as answer:
            assert answer.status_code == 200
            data = b"".join(answer.chunks)
    assert data == b"a" * 70_000 + b"b" * 10


def test_stream_get_refuses_a_declared_length_over_the_cap_before_reading(tripwire):
    with serving(_app([b"x" * 10], length=10_000_000)) as base:
        with pytest.raises(outbound.OutboundTooLarge):
            with outbound.stream_get(f"{base}/x", timeout=5, allow_loopback=True, max_bytes=1000):
                pass


def test_stream_get_stops_at_the_size_cap_without_a_length(tripwire):
    with serving(_app([b"x" * 1000] * 100)) as base:
        with outbound.stream_get(f"{base}/x", timeout=5, allow_loopback=True, max_bytes=5000) as answer:
            with pytest.raises(outbound.OutboundTooLarge):
                for _ in answer.chunks:
                    pass


def test_stream_get_stops_a_trickling_server_at_the_deadline(tripwire):
    with serving(_app([b"x"] * 50, delay=0.1)) as base:
        with outbound.stream_get(f"{base}/x", timeout=1, allow_loopback=True, max_bytes=5000, chunk_size=1) as answer:
            with pytest.raises(outbound.OutboundFailed, match="time cap"):
                for _ in answer.chunks:
                    pass
