"""POST /v1/pins/batch: up to 100 independent pins with per-item created|existing|failed."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from pinbridge.models import Pin
from tests.factories import sandbox_workspace

BAD = {
    17: ({"title": "t" * 101}, "validation_failed"),
    50: ({"image_url": None, "asset_id": "ast_missing"}, "asset_not_found"),
    99: ({"board_id": "999999999"}, "board_not_found"),
}


def pin_count(runtime, workspace_id) -> int:
    with runtime.db.session() as session:
        return session.scalar(select(func.count()).select_from(Pin).where(Pin.workspace_id == workspace_id))


@pytest.fixture
def batch_sandbox(runtime):
    return sandbox_workspace(runtime)  # its own workspace, so counts are exact


def test_batch_of_100_with_3_bad_creates_97_and_a_replay_creates_nothing(client, batch_sandbox, runtime):
    sandbox = batch_sandbox
    run = uuid.uuid4().hex[:8]
    items = []
    for n in range(100):
        overrides, _ = BAD.get(n, ({}, None))
        items.append(sandbox.pin_body(**{"title": f"Batch {n}", "idempotency_key": f"{run}-{n}", **overrides}))

    first = client.post("/v1/pins/batch", json={"pins": items}, headers=sandbox.headers)
    assert first.status_code == 200
    body = first.get_json()
    assert body["summary"] == {"created": 97, "existing": 0, "failed": 3}
    assert [r["index"] for r in body["data"]] == list(range(100))
    failed = {r["index"]: r["error"]["code"] for r in body["data"] if r["status"] == "failed"}
    assert failed == {n: code for n, (_, code) in BAD.items()}
    assert all(r["pin"]["status"] == "queued" for r in body["data"] if r["status"] == "created")
    assert pin_count(runtime, sandbox.workspace_id) == 97

    again = client.post("/v1/pins/batch", json={"pins": items}, headers=sandbox.headers).get_json()
    assert again["summary"] == {"created": 0, "existing": 97, "failed": 3}
    same_ids = {r["index"]: r["pin"]["id"] for r in body["data"] if r["pin"]}
    assert {r["index"]: r["pin"]["id"] for r in again["data"] if r["pin"]} == same_ids
    assert {r["index"]: r["error"]["code"] for r in again["data"] if r["error"]} == failed
    assert pin_count(runtime, sandbox.workspace_id) == 97


def test_duplicate_keys_inside_one_batch(client, sandbox):
    a = sandbox.pin_body(idempotency_key="dup-" + uuid.uuid4().hex)
    b = {**a, "title": "Different"}
    result = client.post("/v1/pins/batch", json={"pins": [a, a, b]}, headers=sandbox.headers).get_json()
    assert [r["status"] for r in result["data"]] == ["created", "existing", "failed"]
    assert result["data"][2]["error"]["code"] == "idempotency_conflict"


@pytest.mark.parametrize("size", [0, 101])
def test_batch_size_is_1_to_100(client, sandbox, size):
    response = client.post(
        "/v1/pins/batch", json={"pins": [sandbox.pin_body() for _ in range(size)]}, headers=sandbox.headers
    )
    assert response.status_code == 422
    assert "pins" in response.get_json()["error"]["details"]["fields"]


def test_non_object_items_fail_alone(client, sandbox):
    result = client.post("/v1/pins/batch", json={"pins": [sandbox.pin_body(), 5]}, headers=sandbox.headers)
    assert result.status_code == 422  # the envelope schema types each item as an object
