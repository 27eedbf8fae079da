"""Magic boards: board names that force the outcome of ``POST /v5/pins`` in the sandbox.

Customers use them to exercise their error paths without waiting for Pinterest to misbehave.
Matching is on the board's name (case-insensitive, whole name). Every new sandbox user gets one
board per scenario unless the caller chooses its boards. ``GET /_simulator/scenarios`` lists them.

==============================  ===============================================================
Board name                      Outcome of each create on it
==============================  ===============================================================
Always fails                    400 code 1 every time (a permanent error; nothing is created)
Flaky (N transient errors)      503 for the first N attempts of each distinct request body,
                                then success (any N, e.g. "Flaky (2 transient errors)")
Rate limited                    429 code 8 with ``Retry-After: 2`` on the first attempt of each
                                distinct request body, then success
Spam block                      429 code 8 whose message mentions spam, every time
Trial access                    403 code 29 "Apps with Trial access may not create Pins in
                                production", every time: what a Trial-tier app gets from
                                Pinterest production (nothing is created)
Slow (timeout)                  the pin is created, then the answer is delayed by the
                                ``slow_board_latency_seconds`` setting (default 35 s, longer
                                than a 30 s read timeout): the caller sees a timeout although
                                the pin exists, and must reconcile
==============================  ===============================================================

"Each distinct request body" means the count is kept per board and per exact JSON body, so a
client retrying the same pin sees the sequence, and a different pin starts its own.

Magic media, on any board:

======================================  =======================================================
Input                                   Outcome
======================================  =======================================================
an image URL containing                 400 code 1 "Sorry we could not fetch the image" on every
``sandbox-unreachable``                 create (an image, a carousel item or a video cover URL)
an image URL containing                 403 code 233 "Image is too small"
``sandbox-too-small``
a video whose bytes contain             the upload succeeds, then ``GET /v5/media/{id}`` goes
``SANDBOX_FAIL_PROCESSING``             registered → processing → **failed** (any video that
                                        is not an MP4/MOV/M4V fails the same way). Put the text
                                        in the file's metadata, e.g.
                                        ``ffmpeg -i in.mp4 -metadata comment=SANDBOX_FAIL_PROCESSING -c copy out.mp4``
======================================  =======================================================

Media processing otherwise succeeds ``media_processing_seconds`` (a ``/_simulator/config``
setting, default 1 s) after the upload.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pinbridge.simulator.errors import SimError
from pinbridge.simulator.models import SimBoard, SimScenarioHit


@dataclass(frozen=True)
class Failure:
    """The Pinterest error a scenario answers with."""

    status: int
    code: int
    message: str
    retry_after: int | None = None

    def error(self) -> SimError:
        headers = {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}
        return SimError(self.status, self.code, self.message, headers)


@dataclass(frozen=True)
class Scenario:
    """One magic board. ``failures`` None means fail every time; a number captured by the
    pattern overrides ``failures``. ``slow`` delays a successful answer instead."""

    pattern: str
    example_name: str
    summary: str
    failure: Failure | None = None
    failures: int | None = None
    slow: bool = False

    def failure_limit(self, match: re.Match[str]) -> int | None:
        return int(match.group(1)) if match.groups() else self.failures


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        r"always fails",
        "Always fails",
        "Every create fails with 400 code 1 (permanent).",
        Failure(400, 1, "Sandbox board 'Always fails': the Pin was rejected (simulated)."),
    ),
    Scenario(
        r"flaky \((\d+) transient errors?\)",
        "Flaky (2 transient errors)",
        "The first N attempts of each request fail with 503, then it succeeds.",
        Failure(503, 503, "Service temporarily unavailable, please try again (simulated)."),
    ),
    Scenario(
        r"rate limited",
        "Rate limited",
        "The first attempt of each request gets 429 code 8 with Retry-After: 2.",
        Failure(429, 8, "This request exceeded a rate limit (simulated).", retry_after=2),
        failures=1,
    ),
    Scenario(
        r"spam block",
        "Spam block",
        "Every create gets 429 code 8 blocked as spam (do not retry quickly).",
        Failure(429, 8, "Your request was blocked because it looks like spam (simulated)."),
    ),
    Scenario(
        r"trial access",
        "Trial access",
        "Every create gets 403 code 29: a Trial-access app creating pins in production.",
        Failure(
            403,
            29,
            "Apps with Trial access may not create Pins in production. Please use API Sandbox (simulated).",
        ),
    ),
    Scenario(
        r"slow \(timeout\)",
        "Slow (timeout)",
        "The pin is created, then the answer waits slow_board_latency_seconds.",
        slow=True,
    ),
)

MAGIC_BOARD_NAMES: tuple[str, ...] = tuple(s.example_name for s in SCENARIOS)

FAIL_PROCESSING_MARKER = b"SANDBOX_FAIL_PROCESSING"
MAGIC_IMAGE_URLS: dict[str, Failure] = {
    "sandbox-unreachable": Failure(400, 1, "Sorry we could not fetch the image (simulated)."),
    "sandbox-too-small": Failure(403, 233, "Image is too small: it must be larger (simulated)."),
}
MAGIC_MEDIA: tuple[tuple[str, str], ...] = (
    ("image URL containing 'sandbox-unreachable'", "400 code 1: could not fetch the image"),
    ("image URL containing 'sandbox-too-small'", "403 code 233: image too small"),
    ("video bytes containing 'SANDBOX_FAIL_PROCESSING'", "media processing ends 'failed'"),
)


def image_url_failure(urls: list[str]) -> SimError | None:
    """The error a magic image URL forces, if any of ``urls`` is one."""
    for url in urls:
        for fragment, failure in MAGIC_IMAGE_URLS.items():
            if fragment in url:
                return failure.error()
    return None


@dataclass(frozen=True)
class Decision:
    """What ``POST /v5/pins`` must do: answer ``error`` (nothing created) or create, then
    wait the slow-board latency when ``slow``."""

    error: SimError | None = None
    slow: bool = False


PROCEED = Decision()


def find_scenario(board_name: str) -> tuple[Scenario, re.Match[str]] | None:
    for scenario in SCENARIOS:
        match = re.fullmatch(scenario.pattern, board_name.strip(), flags=re.IGNORECASE)
        if match:
            return scenario, match
    return None


def decide(session: Session, board: SimBoard, body: object) -> Decision:
    """Apply the board's scenario to this create request, counting failures in the database.

    Run inside the create's write transaction so that concurrent attempts count exactly once.
    """
    found = find_scenario(board.name)
    if found is None:
        return PROCEED
    scenario, match = found
    if scenario.slow or scenario.failure is None:
        return Decision(slow=scenario.slow)
    limit = scenario.failure_limit(match)
    if limit is None:
        return Decision(error=scenario.failure.error())
    if _count_attempt(session, board, body) > limit:
        return PROCEED
    return Decision(error=scenario.failure.error())


def _count_attempt(session: Session, board: SimBoard, body: object) -> int:
    """Record one more attempt of this exact body on this board; return the attempt number."""
    fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    hit = session.get(SimScenarioHit, (board.seq, fingerprint), with_for_update=True)
    if hit is None:
        hit = SimScenarioHit(board_seq=board.seq, fingerprint=fingerprint, count=0)
        session.add(hit)
    hit.count += 1
    return hit.count
