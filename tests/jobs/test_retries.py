"""Retries and reconciliation against the simulator's magic boards, with a real worker."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from pinbridge.models import Event
from tests.factories import add_sim_board
from tests.helpers import wait_final, wait_for


def attempt_gaps(pin):
    starts = [datetime.fromisoformat(a["started_at"]) for a in pin["attempts"]]
    return [(b - a).total_seconds() for a, b in zip(starts, starts[1:], strict=False)]


def outcome_event_pin(runtime, sandbox, pin_id: str, event_type: str) -> dict:
    """The pin as the outcome event (the webhook payload) shows it."""
    with runtime.db.reading() as session:
        events = session.scalars(
            select(Event).where(Event.workspace_id == sandbox.workspace_id, Event.type == event_type)
        )
        [shown] = [e.data["pin"] for e in events if e.data["pin"]["id"] == pin_id]
    return shown


def test_flaky_board_publishes_after_its_transient_errors(client, sandbox, start_worker, runtime):
    start_worker()
    body = sandbox.pin_body(board_id=sandbox.magic_boards["Flaky (2 transient errors)"])
    pin = client.post("/v1/pins", json=body, headers=sandbox.headers).get_json()
    final = wait_final(client, sandbox, pin["id"])
    assert final["status"] == "published"
    outcomes = [(a["outcome"], a["http_status"], a["error_code"]) for a in final["attempts"]]
    assert outcomes == [
        ("retry_scheduled", 503, "pinterest_unavailable"),
        ("retry_scheduled", 503, "pinterest_unavailable"),
        ("published", 201, None),
    ]
    assert all(a["pinterest_request_id"] for a in final["attempts"])
    assert outcome_event_pin(runtime, sandbox, pin["id"], "pin.published") == final  # as the API shows it


def test_always_fails_board_fails_after_exactly_one_attempt(client, sandbox, start_worker, runtime):
    start_worker()
    body = sandbox.pin_body(board_id=sandbox.magic_boards["Always fails"])
    pin = client.post("/v1/pins", json=body, headers=sandbox.headers).get_json()
    final = wait_final(client, sandbox, pin["id"])
    assert final["status"] == "failed" and len(final["attempts"]) == 1
    assert final["error"]["code"] == "validation_failed" and final["error"]["retryable"] is False
    assert outcome_event_pin(runtime, sandbox, pin["id"], "pin.failed") == final


def test_spam_block_fails_at_once_with_spam_blocked(client, sandbox, start_worker):
    start_worker()
    body = sandbox.pin_body(board_id=sandbox.magic_boards["Spam block"])
    final = wait_final(client, sandbox, client.post("/v1/pins", json=body, headers=sandbox.headers).get_json()["id"])
    assert (final["status"], final["error"]["code"], len(final["attempts"])) == ("failed", "spam_blocked", 1)


def test_persistent_transient_errors_exhaust_five_attempts_with_growing_delays(
    client, sandbox, start_worker, sim_control, runtime
):
    board_id = add_sim_board(sim_control, runtime, sandbox, "Flaky (9 transient errors)")
    start_worker(PINBRIDGE_RETRY_BASE_SECONDS="0.5")
    pin = client.post("/v1/pins", json=sandbox.pin_body(board_id=board_id), headers=sandbox.headers).get_json()
    final = wait_final(client, sandbox, pin["id"], timeout=40)
    assert final["status"] == "failed" and final["error"]["code"] == "retries_exhausted"
    assert len(final["attempts"]) == 5
    # Final: no next attempt, and the last attempt says no retry followed it.
    assert final["next_attempt_at"] is None
    assert [a["outcome"] for a in final["attempts"]] == ["retry_scheduled"] * 4 + ["retries_exhausted"]
    assert outcome_event_pin(runtime, sandbox, pin["id"], "pin.failed") == final
    gaps = attempt_gaps(final)
    # Each wait is at least base·2^(n-1): 0.5, 1, 2, 4 seconds — never earlier, so it grows.
    for n, gap in enumerate(gaps, start=1):
        assert gap >= 0.5 * 2 ** (n - 1), gaps
    assert gaps[-1] > 2 * gaps[0]


def test_rate_limited_answer_defers_without_spending_an_attempt(client, sandbox, start_worker):
    start_worker()
    body = sandbox.pin_body(board_id=sandbox.magic_boards["Rate limited"])
    final = wait_final(client, sandbox, client.post("/v1/pins", json=body, headers=sandbox.headers).get_json()["id"])
    assert final["status"] == "published"
    assert [a["outcome"] for a in final["attempts"]] == ["rate_limited", "published"]
    assert final["attempt_count"] == 1
    gaps = attempt_gaps(final)
    assert gaps[0] >= 2.0  # the simulator's Retry-After: 2


def test_slow_board_create_after_timeout_is_reconciled_to_one_pin(client, sandbox, start_worker, sim_control):
    sim_control.configure(slow_board_latency_seconds=4)  # longer than the 3 s read timeout
    board_id = sandbox.magic_boards["Slow (timeout)"]
    title = f"slow {sandbox.workspace_id}"
    start_worker()
    pin = client.post(
        "/v1/pins", json=sandbox.pin_body(board_id=board_id, title=title), headers=sandbox.headers
    ).get_json()
    final = wait_final(client, sandbox, pin["id"], timeout=30)
    held = [p for p in sim_control.pins(board_id=board_id) if p.get("title") == title]
    assert final["status"] == "published" and final["reconciled"] is True
    assert len(held) == 1 and held[0]["id"] == final["pinterest_pin_id"]
    assert [a["outcome"] for a in final["attempts"]] == ["retry_scheduled", "reconciled"]


def test_flaky_board_under_tight_pacing_publishes_on_the_fifth_attempt(
    client, sandbox, start_worker, sim_control, runtime
):
    """Four transient errors, then success: deferrals for want of a token (PinBridge's pacing),
    Pinterest's 429s on the reconcile reads and the reconcile reads themselves are not attempts, so
    every pin publishes on its 5th counted attempt instead of ending retries_exhausted."""
    board_id = add_sim_board(sim_control, runtime, sandbox, "Flaky (4 transient errors)")
    sim_control.configure(rate_org_read_capacity=2, rate_org_read_per_second=1)
    try:
        start_worker(
            PINBRIDGE_RETRY_BASE_SECONDS="0.2",
            PINBRIDGE_RATE_LIMIT_OVERRIDES=f"{sandbox.account_id}:org_write=3/2,{sandbox.account_id}:org_read=3/2",
        )
        ids = [
            client.post(
                "/v1/pins", json=sandbox.pin_body(board_id=board_id, title=f"flaky {n}"), headers=sandbox.headers
            ).get_json()["id"]
            for n in range(4)
        ]
        finals = [wait_final(client, sandbox, pin_id, timeout=90) for pin_id in ids]
    finally:
        sim_control.configure(rate_org_read_capacity=1000, rate_org_read_per_second=1000 / 60)
    for final in finals:
        counted = [a["outcome"] for a in final["attempts"] if a["outcome"] not in ("rate_limited", "media_processing")]
        assert final["status"] == "published", final["attempts"]
        assert counted == ["retry_scheduled"] * 4 + ["reconciled" if final["reconciled"] else "published"]
        assert final["attempt_count"] == 5


def test_failed_reconcile_reads_are_not_attempts(client, sandbox, start_worker, sim_control, runtime):
    """After a 503 (the create's outcome is unknown) each attempt first reads the board. Reads that
    time out sent no create: they are recorded as ``reconcile_failed`` and not counted, so the pin
    still gets its 5 counted attempts and publishes on the 5th (they used to count: exhausted)."""
    board_id = add_sim_board(sim_control, runtime, sandbox, "Flaky (4 transient errors)")
    sim_control.configure(board_pins_latency_seconds=2)  # longer than the worker's 1 s read timeout
    try:
        start_worker(PINBRIDGE_RETRY_BASE_SECONDS="0.2", PINBRIDGE_PINTEREST_READ_TIMEOUT="1")
        pin = client.post("/v1/pins", json=sandbox.pin_body(board_id=board_id), headers=sandbox.headers).get_json()

        def read_failures() -> int:
            shown = client.get(f"/v1/pins/{pin['id']}", headers=sandbox.headers).get_json()
            return sum(a["outcome"] == "reconcile_failed" for a in shown["attempts"])

        wait_for(lambda: read_failures() >= 2, timeout=30)
    finally:
        sim_control.configure(board_pins_latency_seconds=0)
    final = wait_final(client, sandbox, pin["id"], timeout=60)
    assert final["status"] == "published", final["attempts"]
    counted = [a["outcome"] for a in final["attempts"] if a["outcome"] != "reconcile_failed"]
    assert counted == ["retry_scheduled"] * 4 + ["published"]
    assert final["attempt_count"] == 5
