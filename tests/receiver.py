"""A webhook receiver for tests: a real HTTP server on 127.0.0.1 that verifies every delivery with
the unmodified ``standardwebhooks`` and ``svix`` libraries and answers as a test scripts it."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import standardwebhooks
import svix.webhooks
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    verified_with: list[str]  # the secrets (by index in `secrets`) each library accepted


@dataclass
class Receiver:
    secrets: list[str] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)  # answers in order; then 200
    hang_seconds: float = 0.0  # applies to the first `hang_count` requests
    hang_count: int = 0
    received: list[Received] = field(default_factory=list)
    port: int = 0
    _server: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def reserve_port(self) -> Receiver:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        return self

    def _verify(self, headers: dict[str, str], body: bytes) -> list[str]:
        ok = []
        for index, secret in enumerate(self.secrets):
            try:
                standardwebhooks.Webhook(secret).verify(body, headers)
                svix.webhooks.Webhook(secret).verify(body, headers)
                ok.append(str(index))
            except Exception:  # either library rejecting means "not verified with this secret"
                continue
        return ok

    def __call__(self, environ: Any, start_response: Any) -> Any:
        request = Request(environ)
        body = request.get_data()
        headers = {k.lower(): v for k, v in request.headers.items()}
        self.received.append(Received(headers, body, self._verify(headers, body)))
        if self.hang_count > 0:
            self.hang_count -= 1
            time.sleep(self.hang_seconds)
        status = self.statuses.pop(0) if self.statuses else 200
        extra = {"Location": "http://127.0.0.1:1/elsewhere"} if 300 <= status < 400 else {}
        return Response("ok" if status < 300 else "nope", status=status, headers=extra)(environ, start_response)

    def start(self) -> Receiver:
        self._server = make_server("127.0.0.1", self.port, self, threaded=True)
        self.port = self._server.server_port
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
