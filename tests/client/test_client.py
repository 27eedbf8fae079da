"""The installed Python client against a real ``pinbridge api`` process and a real worker (acceptance 2)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from werkzeug.wrappers import Request, Response

from tests.helpers import wait_for
from tests.http_server import serving
from tests.receiver import Receiver


class LosingGateway:
    """A WSGI gateway in front of the real API that forwards every request but answers the first
    ``POST /v1/pins`` with a 502, as a proxy whose upstream answer was lost would."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.pin_posts: list[dict[str, Any]] = []

    def __call__(self, environ: Any, start_response: Any) -> Any:
        request = Request(environ)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        answer = requests.request(
            request.method,
            self.upstream + request.full_path.rstrip("?"),
            headers=headers,
            data=request.get_data(),
            timeout=10,
        )
        if request.method == "POST" and request.path == "/v1/pins":
            self.pin_posts.append(json.loads(request.get_data()))
            if len(self.pin_posts) == 1:
                return Response("bad gateway", status=502)(environ, start_response)
        kept = {k: v for k, v in answer.headers.items() if k.lower() in ("content-type", "x-request-id")}
        return Response(answer.content, status=answer.status_code, headers=kept)(environ, start_response)


def test_create_pin_waits_until_published(pinbridge: Any, sandbox: Any) -> None:
    pin = pinbridge.create_pin(
        account_id=sandbox.account_id,
        board_id=sandbox.board_ids[0],
        title="From Python",
        image_url=sandbox.pin_body()["image_url"],
        wait=True,
        timeout=30,
    )
    assert pin.status.value == "published"
    assert pin.pinterest_pin_id and pin.pinterest_url
    assert len(pin.idempotency_key) == 32  # made by the client, one per call


def test_create_pin_without_wait_returns_the_queued_pin(pinbridge: Any, sandbox: Any) -> None:
    body = sandbox.pin_body()
    first = pinbridge.create_pin(**body)
    again = pinbridge.create_pin(**body)
    other = pinbridge.create_pin(**{**body, "idempotency_key": None})
    assert first.status.value == "queued"
    assert again.id == first.id  # same key, same body: the original pin
    assert other.id != first.id  # no key given: a fresh one per call


def test_retry_after_a_lost_answer_reuses_the_idempotency_key(pinbridge: Any, sandbox: Any) -> None:
    from pinbridge_client import PinBridge

    gateway = LosingGateway(str(pinbridge.api._base_url))
    with serving(gateway) as url, PinBridge(url, sandbox.api_key, backoff=0.05) as client:
        pin = client.create_pin(**{**sandbox.pin_body(), "idempotency_key": None})
    assert [body["idempotency_key"] for body in gateway.pin_posts] == [pin.idempotency_key] * 2
    assert [p.id for p in pinbridge.iter_pins(board_id=sandbox.board_ids[0])] == [pin.id]  # one pin, not two


def test_iter_pins_pages_through_every_pin_in_order(pinbridge: Any, sandbox: Any) -> None:
    body = sandbox.pin_body()
    created = [pinbridge.create_pin(**{**body, "idempotency_key": f"page-{n}"}).id for n in range(120)]
    listed = [pin.id for pin in pinbridge.iter_pins(page_size=50, board_id=sandbox.board_ids[0])]
    assert len(listed) == 120
    assert listed == sorted(created, reverse=True)  # newest first by id, no page repeated or skipped
    assert list(pinbridge.iter_pins(board_id=sandbox.board_ids[0], created_after="2999-01-01T00:00:00+00:00")) == []


def test_api_errors_raise_one_exception_with_the_envelope(pinbridge: Any, sandbox: Any) -> None:
    from pinbridge_client import PinBridgeError

    with pytest.raises(PinBridgeError) as raised:
        pinbridge.create_pin(**sandbox.pin_body(board_id="1234567890"))
    error = raised.value
    assert (error.status, error.code, error.retryable) == (422, "board_not_found", False)
    assert error.request_id and error.request_id.startswith("req_")
    with pytest.raises(PinBridgeError) as raised:
        pinbridge.get_pin("pin_does_not_exist")
    assert raised.value.status == 404


def test_verify_webhook_accepts_a_real_delivery_and_rejects_a_tampered_one(pinbridge: Any, sandbox: Any) -> None:
    from pinbridge_api.api.webhooks import create_webhook
    from pinbridge_api.models import WebhookCreate
    from pinbridge_client import WebhookVerificationError, verify_webhook

    receiver = Receiver().reserve_port().start()
    try:
        hook = create_webhook.sync(client=pinbridge.api, body=WebhookCreate(url=receiver.url))
        pin = pinbridge.create_pin(**sandbox.pin_body(), wait=True, timeout=30)
        delivery = wait_for(lambda: next(iter(receiver.received), None), timeout=30)
    finally:
        receiver.stop()
    event = verify_webhook(delivery.body, delivery.headers, hook.secret)
    assert (event["type"], event["data"]["pin"]["id"]) == ("pin.published", pin.id)
    tampered = json.dumps({**json.loads(delivery.body), "type": "pin.failed"}).encode()
    with pytest.raises(WebhookVerificationError):
        verify_webhook(tampered, delivery.headers, hook.secret)


def test_wait_gives_up_with_the_last_pin_when_it_is_not_final_in_time(pinbridge: Any, sandbox: Any) -> None:
    from pinbridge_client import PinTimeoutError

    later = datetime.now(UTC) + timedelta(hours=1)
    with pytest.raises(PinTimeoutError) as raised:
        pinbridge.create_pin(**sandbox.pin_body(), publish_at=later, wait=True, timeout=0.5)
    assert raised.value.pin.status.value == "queued"
    with pytest.raises(TypeError, match="titel"):
        pinbridge.create_pin(**sandbox.pin_body(), titel="typo")
