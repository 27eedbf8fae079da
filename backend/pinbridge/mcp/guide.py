"""The ``pinbridge://guide`` resource (and the ``publish_pin`` prompt): the pin lifecycle and the
sandbox's magic boards, the board list taken from the simulator's scenario definitions."""

from __future__ import annotations

from pinbridge.simulator.scenarios import SCENARIOS

URI = "pinbridge://guide"

LIFECYCLE = """\
# PinBridge for agents

PinBridge publishes pins to Pinterest for a workspace; your API key decides the workspace and what
you may do (`read` lists and reads, `write` creates, cancels and retries).

## Publishing a pin

1. `list_accounts`: the connected Pinterest accounts (`account_id`).
2. `list_boards` with that `account_id`: pick a board (`board_id`), or give `board_name` to
   `create_pin` and PinBridge resolves it (an ambiguous name is refused with 409).
3. `create_pin` with `account_id`, the board, a `title`, media (`image_url`, `image_urls`,
   `asset_id`/`asset_ids` from `upload_asset_from_url`) and an `idempotency_key` you choose.
   Send `dry_run: true` first to have the pin validated without creating anything.
4. `get_pin` until the status is final.

The same `idempotency_key` with the same body returns the same pin (safe to repeat after a timeout);
with a different body it is refused (`idempotency_conflict`). Never invent a new key to "retry".

## The pin lifecycle

`queued` (accepted; with `publish_at` it waits until then) → `publishing` (a worker is calling
Pinterest, paced under Pinterest's rate limits) → `published` (with `pinterest_pin_id` and
`pinterest_url`) or `failed` (with `error.code`, `error.message` and whether it is retryable).
Transient Pinterest errors are retried by PinBridge itself, without double-publishing.
`cancel_pin` turns a `queued` pin into `canceled`; on a `published` pin it is refused unless
`from_pinterest: true`, which deletes the pin on Pinterest (the record stays, with
`deleted_from_pinterest_at`). `retry_pin` re-queues a `failed` pin.

## Errors

Every error is `{"error": {"code", "message", "retryable", "details"}}`; a tool error's text starts
with `code: message`. Common codes: `invalid_api_key`, `insufficient_scope`, `pin_not_found` and the other `*_not_found`
(also for another workspace's ids), `validation_failed` (details name the fields), `idempotency_conflict`,
`rate_limited` (wait `Retry-After`).

## Sandbox magic boards

In a sandbox workspace the account is a Pinterest simulator. Publishing to a board with one of these
names forces an outcome, so you can see every path without real Pinterest failures:

"""


def text() -> str:
    rows = "\n".join(f"- **{scenario.example_name}**: {scenario.summary}" for scenario in SCENARIOS)
    return (
        LIFECYCLE + rows + "\n\nAny other board publishes normally. An image URL containing `sandbox-unreachable` fails"
        " with 'could not fetch the image'; one containing `sandbox-too-small` fails as too small.\n"
    )
