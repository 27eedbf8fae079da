"""``PinBridge``: the few calls a script needs, on top of the generated ``pinbridge_api`` operations."""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import httpx
from pinbridge_api import AuthenticatedClient
from pinbridge_api.api.pins import create_pin as create_pin_op
from pinbridge_api.api.pins import get_pin as get_pin_op
from pinbridge_api.api.pins import list_pins as list_pins_op
from pinbridge_api.models import ListPinsStatus, Pin, PinCreate
from pinbridge_api.types import Response

from .errors import PinBridgeError, PinTimeoutError

FINAL_STATUSES = frozenset({"published", "failed", "canceled"})  # SPEC §2


class PinBridge:
    """A PinBridge API client for one workspace (one API key).

    ``retries`` is how often a call that got no answer, a 5xx or a 429 is tried again (with the same
    idempotency key for ``create_pin``, so a retry never makes a second pin). Every non-2xx answer,
    also to calls made with the generated operations on ``self.api``, raises ``PinBridgeError``.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 0.5,
        poll_interval: float = 0.5,
    ) -> None:
        self.api = AuthenticatedClient(
            base_url=base_url.rstrip("/"),
            token=api_key,
            timeout=httpx.Timeout(timeout),
            httpx_args={"event_hooks": {"response": [_raise_for_error]}},
        )
        self.retries = retries
        self.backoff = backoff
        self.poll_interval = poll_interval

    def create_pin(
        self, *, idempotency_key: str | None = None, wait: bool = False, timeout: float = 60.0, **fields: Any
    ) -> Pin:
        """Create a pin (the fields of ``POST /v1/pins`` as JSON values; ``publish_at`` may be a
        datetime, None means "not given"); with ``wait=True`` return it
        once it is final (``published``, ``failed`` or ``canceled``), else as accepted (``queued``).

        Without ``idempotency_key`` a new one is made for this call and reused for its retries.
        """
        body = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in fields.items() if v is not None}
        body["idempotency_key"] = idempotency_key or uuid.uuid4().hex
        model = PinCreate.from_dict(body)
        unknown = set(body) - set(model.to_dict())
        if unknown:
            raise TypeError(f"create_pin() got unknown fields: {', '.join(sorted(unknown))}")
        pin = self._call(lambda: create_pin_op.sync_detailed(client=self.api, body=model))
        return self.wait_for_pin(pin.id, timeout=timeout) if wait else pin

    def get_pin(self, pin_id: str) -> Pin:
        return self._call(lambda: get_pin_op.sync_detailed(pin_id, client=self.api))

    def wait_for_pin(self, pin_id: str, *, timeout: float = 60.0) -> Pin:
        """Poll ``GET /v1/pins/{id}`` until the pin is final; ``PinTimeoutError`` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            pin = self.get_pin(pin_id)
            if pin.status.value in FINAL_STATUSES:
                return pin
            if time.monotonic() >= deadline:
                raise PinTimeoutError(pin, timeout)
            time.sleep(min(self.poll_interval, max(deadline - time.monotonic(), 0.0)))

    def iter_pins(self, *, page_size: int = 100, status: str | None = None, **filters: Any) -> Iterator[Pin]:
        """Every pin matching the ``GET /v1/pins`` filters (``status``, ``account_id``, ``board_id``,
        ``created_after`` / ``created_before`` as datetimes or ISO 8601 strings), newest first,
        following ``next_cursor``."""
        if status is not None:
            filters["status"] = ListPinsStatus(status)
        for name in ("created_after", "created_before"):
            if isinstance(filters.get(name), str):
                filters[name] = datetime.fromisoformat(filters[name])
        cursor: str | None = None
        while True:
            kwargs = {**filters, **({"cursor": cursor} if cursor else {})}
            page = self._call(functools.partial(list_pins_op.sync_detailed, client=self.api, limit=page_size, **kwargs))
            yield from page.data
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def close(self) -> None:
        self.api.get_httpx_client().close()

    def __enter__(self) -> PinBridge:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, send: Callable[[], Response[Any]]) -> Any:
        """The parsed 2xx body of ``send()``; retries transport errors, 5xx and 429; raises ``PinBridgeError``."""
        for attempt in range(self.retries + 1):
            try:
                return send().parsed
            except httpx.TransportError as exc:
                error = PinBridgeError("transport_error", str(exc) or type(exc).__name__, retryable=True)
                error.__cause__ = exc
            except PinBridgeError as exc:
                error = exc
            if attempt == self.retries or not error.transient:
                raise error
            time.sleep(error.retry_after if error.retry_after is not None else self.backoff * 2**attempt)
        raise AssertionError("unreachable")


def _raise_for_error(response: httpx.Response) -> None:
    """httpx response hook: every non-2xx answer becomes a ``PinBridgeError`` before the generated
    code parses it (it would fail on a body that is not the envelope, e.g. a proxy's 502 page)."""
    if not 200 <= response.status_code < 300:
        response.read()
        raise PinBridgeError.from_response(response.status_code, response.content, response.headers)
