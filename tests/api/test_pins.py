"""POST/GET/DELETE /v1/pins through the app: accept, read, list, cancel, retry, isolation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from pinbridge import pacing
from pinbridge.models import Pin, PinterestAccount
from pinbridge.models.pin import PinStatus
from pinbridge.settings import Limit
from tests.helpers import contract_app


def test_create_returns_201_with_a_queued_pin(client, sandbox):
    response = client.post("/v1/pins", json=sandbox.pin_body(title="Hello"), headers=sandbox.headers)
    assert response.status_code == 201
    pin = response.get_json()
    assert pin["id"].startswith("pin_")
    assert pin["status"] == "queued"
    assert pin["title"] == "Hello"
    assert pin["events"][0]["status"] == "queued"
    assert response.headers["X-Request-Id"].startswith("req_")


def test_x_api_key_header_is_accepted(client, sandbox):
    response = client.get("/v1/pins", headers={"X-API-Key": sandbox.api_key})
    assert response.status_code == 200


def test_get_pin_returns_the_same_pin(client, sandbox):
    """The create response is built from the inserted row, not read back: it must be the pin as
    stored, field for field (no worker runs here, so nothing moves in between), scheduled or not."""
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    for body in (sandbox.pin_body(), sandbox.pin_body(publish_at=later)):
        created = client.post("/v1/pins", json=body, headers=sandbox.headers).get_json()
        fetched = client.get(f"/v1/pins/{created['id']}", headers=sandbox.headers)
        assert fetched.status_code == 200
        stored = fetched.get_json()
        estimates = [datetime.fromisoformat(p.pop("estimated_publish_at")) for p in (created, stored)]
        assert stored == created
        assert abs((estimates[1] - estimates[0]).total_seconds()) < 1


def drained_bucket(make_runtime, sandbox):
    """A runtime whose sandbox account has a slow ``org_write`` bucket, emptied; its test client."""
    limited = make_runtime(rate_limit_overrides={(sandbox.account_id, "org_write"): Limit(4, 2.0)})
    with limited.db.reading() as session:
        account = session.get(PinterestAccount, sandbox.account_id)
    while pacing.take(limited, account, "org_write").granted:
        pass
    return limited, contract_app(limited).test_client(), account


def test_estimates_of_immediate_pins_count_the_pins_ahead(make_runtime, sandbox):
    """With the account's bucket empty, each new pin's estimate is one refill later than the one
    before it, and it shows ``queued_reason: pacing``; GET and a replay of the create agree with
    the create response."""
    limited, client, account = drained_bucket(make_runtime, sandbox)
    bodies = [sandbox.pin_body() for _ in range(3)]
    created = [client.post("/v1/pins", json=body, headers=sandbox.headers).get_json() for body in bodies]
    assert [p["queued_reason"] for p in created] == ["pacing"] * 3
    estimates = [datetime.fromisoformat(p["estimated_publish_at"]) for p in created]
    gaps = [(later - earlier).total_seconds() for earlier, later in zip(estimates, estimates[1:], strict=False)]
    refill = 1 / pacing.buckets(limited, account, "org_write")[0].paced.per_second
    assert all(abs(gap - refill) < 0.2 for gap in gaps), (gaps, refill)
    fetched = client.get(f"/v1/pins/{created[-1]['id']}", headers=sandbox.headers).get_json()
    assert abs((datetime.fromisoformat(fetched["estimated_publish_at"]) - estimates[-1]).total_seconds()) < 0.5
    replayed = client.post("/v1/pins", json=bodies[-1], headers=sandbox.headers)
    assert replayed.status_code == 200 and replayed.get_json()["queued_reason"] == "pacing"
    assert (
        abs((datetime.fromisoformat(replayed.get_json()["estimated_publish_at"]) - estimates[-1]).total_seconds()) < 0.5
    )


def test_a_list_shows_paced_pins_as_get_does(make_runtime, sandbox):
    """One truth for ``GET /v1/pins`` and ``GET /v1/pins/{id}``: a pin its account's rate limit
    holds back is ``pacing`` in both, with the same estimate (the list once said ``ready``/now)."""
    _, client, _ = drained_bucket(make_runtime, sandbox)
    ids = [client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).get_json()["id"] for _ in range(3)]
    listed = client.get(f"/v1/pins?account_id={sandbox.account_id}&limit=3", headers=sandbox.headers).get_json()
    by_id = {pin["id"]: pin for pin in listed["data"]}
    assert set(by_id) == set(ids)
    for pin_id in ids:
        fetched = client.get(f"/v1/pins/{pin_id}", headers=sandbox.headers).get_json()
        assert by_id[pin_id]["queued_reason"] == fetched["queued_reason"] == "pacing"
        estimates = [datetime.fromisoformat(p["estimated_publish_at"]) for p in (by_id[pin_id], fetched)]
        assert abs((estimates[0] - estimates[1]).total_seconds()) < 0.5


def test_same_key_same_body_replays_with_200(client, sandbox):
    body = sandbox.pin_body()
    first = client.post("/v1/pins", json=body, headers=sandbox.headers)
    second = client.post("/v1/pins", json=body, headers=sandbox.headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.get_json()["id"] == second.get_json()["id"]


def test_same_key_different_body_is_409(client, sandbox):
    body = sandbox.pin_body()
    client.post("/v1/pins", json=body, headers=sandbox.headers)
    response = client.post("/v1/pins", json={**body, "title": "Other"}, headers=sandbox.headers)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "idempotency_conflict"


def test_board_name_resolves_to_its_id(client, sandbox, runtime):
    from pinbridge.services import accounts, boards

    account = accounts.find_account(runtime, _workspace(runtime, sandbox), sandbox.account_id)
    board = boards.list_boards(runtime, account)[1]
    body = sandbox.pin_body(board_id=None, board_name=board["name"])
    response = client.post("/v1/pins", json=body, headers=sandbox.headers)
    assert response.status_code == 201
    assert response.get_json()["board_id"] == board["id"]


def test_unknown_board_name_suggests_close_matches(client, sandbox):
    body = sandbox.pin_body(board_id=None, board_name="Recipez")
    response = client.post("/v1/pins", json=body, headers=sandbox.headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "board_not_found"
    assert "Recipes" in error["details"]["close_matches"]


def test_future_publish_at_is_scheduled(client, sandbox):
    when = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)
    body = sandbox.pin_body(publish_at=when.isoformat())
    pin = client.post("/v1/pins", json=body, headers=sandbox.headers).get_json()
    assert pin["queued_reason"] == "scheduled"
    assert datetime.fromisoformat(pin["estimated_publish_at"]) == when


def test_list_is_newest_first_and_paginates_with_cursor(client, sandbox):
    ids = [client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).get_json()["id"] for _ in range(5)]
    seen, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/pins", query_string=query, headers=sandbox.headers).get_json()
        seen += [pin["id"] for pin in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))


def test_list_filters_by_status(client, sandbox, runtime):
    keep = client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).get_json()["id"]
    client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers)
    client.delete(f"/v1/pins/{keep}", headers=sandbox.headers)
    page = client.get("/v1/pins?status=canceled", headers=sandbox.headers).get_json()
    assert [pin["id"] for pin in page["data"]] == [keep]


def test_cancel_queued_pin_then_cancel_again_is_409(client, sandbox):
    pin = client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).get_json()
    canceled = client.delete(f"/v1/pins/{pin['id']}", headers=sandbox.headers)
    assert canceled.get_json()["status"] == "canceled"
    again = client.delete(f"/v1/pins/{pin['id']}", headers=sandbox.headers)
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "pin_not_cancelable"


def test_retry_requeues_a_failed_pin_and_refuses_others(client, sandbox, runtime):
    pin = client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).get_json()
    assert client.post(f"/v1/pins/{pin['id']}/retry", headers=sandbox.headers).status_code == 409
    with runtime.db.session() as session:
        session.execute(
            update(Pin).where(Pin.id == pin["id"]).values(status=PinStatus.FAILED, error_code="x", attempt_count=5)
        )
    retried = client.post(f"/v1/pins/{pin['id']}/retry", headers=sandbox.headers).get_json()
    assert (retried["status"], retried["attempt_count"], retried["error"]) == ("queued", 0, None)


def test_another_workspace_cannot_see_or_touch_a_pin(client, sandbox, runtime):
    from tests.factories import sandbox_workspace

    other = sandbox_workspace(runtime)
    pin = client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).get_json()
    for method, path in (("get", ""), ("delete", ""), ("post", "/retry")):
        response = getattr(client, method)(f"/v1/pins/{pin['id']}{path}", headers=other.headers)
        assert response.status_code == 404, (method, path)
        assert response.get_json()["error"]["code"] == "pin_not_found"
    assert client.get("/v1/pins", headers=other.headers).get_json()["data"] == []


def _workspace(runtime, sandbox):
    from pinbridge.models import Workspace

    with runtime.db.session() as session:
        return session.get(Workspace, sandbox.workspace_id)
