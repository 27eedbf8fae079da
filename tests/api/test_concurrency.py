"""Fifty concurrent creates with one idempotency key over real HTTP make exactly one pin."""

from __future__ import annotations

import threading

import requests
from sqlalchemy import func, select

from pinbridge.models import Pin
from tests.contract.api_contract import check_http_response
from tests.http_server import serving


def test_50_concurrent_posts_with_one_key_create_one_pin(app, sandbox, runtime):
    body = sandbox.pin_body()
    barrier = threading.Barrier(50)
    results: list[requests.Response] = []
    lock = threading.Lock()

    def post(base: str) -> None:
        barrier.wait()
        response = requests.post(f"{base}/v1/pins", json=body, headers=sandbox.headers, timeout=60)
        with lock:
            results.append(response)

    with serving(app) as base:
        threads = [threading.Thread(target=post, args=(base,)) for _ in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        conflict = requests.post(
            f"{base}/v1/pins", json={**body, "title": "changed"}, headers=sandbox.headers, timeout=10
        )

    statuses = sorted(r.status_code for r in results)
    assert statuses == [200] * 49 + [201], statuses
    assert len({r.json()["id"] for r in results}) == 1
    with runtime.db.session() as session:
        count = session.scalar(
            select(func.count()).select_from(Pin).where(Pin.idempotency_key == body["idempotency_key"])
        )
    assert count == 1
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "idempotency_conflict"
    for response in [*results, conflict]:
        check_http_response(response)
