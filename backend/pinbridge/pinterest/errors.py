"""Pinterest failures, translated into PinBridge terms at the boundary.

Everything the Pinterest client raises is a ``PinterestFailure``::

    PinterestFailure                  anything that went wrong talking to Pinterest
    ├── PinterestError                Pinterest answered with a non-2xx status
    │     .http_status, .pinterest_code, .message, .request_id
    │     .code      PinBridge error code (board_not_found, rate_limited, …)
    │     .kind      ErrorKind: permanent | transient | auth | rate_limited | spam_blocked
    │     .retry_after   seconds, from Retry-After / X-RateLimit-Reset (429s)
    │     .max_retries   a cap tighter than the caller's policy, or None
    └── PinterestTransportError       no complete answer (DNS, connect, timeout, reset)

Both carry ``outcome_unknown``. Pinterest's create call has no idempotency key, so the caller
must know whether a failed create may nevertheless have created the pin: a connect error or
connect timeout happens before any byte of the request is sent (nothing was created), whereas a
read timeout, a reset after sending, or a 5xx may hide a pin that exists. When it is True the
caller reconciles (looks for the pin on the board) before creating again.

What each Pinterest answer means is decided by ``ERROR_RULES``, one table transcribing
shared/pinterest/NOTES.md "Errors worth mapping": the first matching row wins, so specific rows
(a code or a message fragment) come before the per-status fallbacks. A redirect is never
followed (it would turn a create into a GET); it means a misconfigured base URL.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import requests
import urllib3.exceptions


class ErrorKind(enum.Enum):
    """How the caller should react to a failure."""

    PERMANENT = "permanent"  # fail the pin now; retrying cannot help
    TRANSIENT = "transient"  # retry with backoff (reconcile first if outcome_unknown)
    AUTH = "auth"  # refresh the access token once, then reconnect_required
    RATE_LIMITED = "rate_limited"  # defer until retry_after; not a failed attempt
    SPAM_BLOCKED = "spam_blocked"  # stop this attempt series and tell the user


@dataclass(frozen=True)
class ErrorRule:
    """One row of the mapping: what to match in Pinterest's answer and what it means.

    ``statuses`` is the HTTP status range; ``pinterest_code`` and ``message_contains``
    (case-insensitive) narrow it when set. ``max_retries`` caps retries below the caller's
    policy for errors that are only briefly worth retrying.
    """

    statuses: range
    code: str
    kind: ErrorKind
    pinterest_code: int | None = None
    message_contains: str | None = None
    max_retries: int | None = None

    def matches(self, status: int, pinterest_code: int | None, message: str) -> bool:
        if status not in self.statuses:
            return False
        if self.pinterest_code is not None and self.pinterest_code != pinterest_code:
            return False
        return self.message_contains is None or self.message_contains in message.lower()


def _only(status: int) -> range:
    return range(status, status + 1)


_P, _T = ErrorKind.PERMANENT, ErrorKind.TRANSIENT
_ANY_4XX, _ANY_5XX = range(400, 500), range(500, 600)

ERROR_RULES: tuple[ErrorRule, ...] = (
    ErrorRule(
        _ANY_4XX,
        "image_unreachable",
        _T,
        message_contains="could not fetch the image",
        max_retries=2,
    ),
    ErrorRule(_ANY_4XX, "image_unreachable", _T, message_contains="unable to reach the url", max_retries=2),
    ErrorRule(_only(400), "validation_failed", _P),
    ErrorRule(_only(401), "invalid_grant", _P, pinterest_code=283),
    ErrorRule(_only(401), "insufficient_scope", _P, pinterest_code=3),
    ErrorRule(_only(401), "authentication_failed", ErrorKind.AUTH),
    ErrorRule(_only(403), "trial_access_production", _P, pinterest_code=29, message_contains="trial"),
    ErrorRule(_only(403), "not_permitted", _P, pinterest_code=29),
    ErrorRule(_only(403), "image_too_small", _P, pinterest_code=233),
    ErrorRule(_only(403), "broken_image", _P, pinterest_code=235),
    ErrorRule(_only(403), "not_permitted", _P),
    ErrorRule(_only(404), "board_not_found", _P, pinterest_code=40),
    ErrorRule(_only(404), "section_not_found", _P, pinterest_code=2031),
    ErrorRule(_only(404), "board_not_found", _P, message_contains="board not found"),
    ErrorRule(_only(404), "not_found", _P),
    ErrorRule(
        _only(409),
        "exclusive_access_conflict",
        _T,
        message_contains="could not get exclusive access",
    ),
    ErrorRule(_only(429), "spam_blocked", ErrorKind.SPAM_BLOCKED, message_contains="spam"),
    ErrorRule(_only(429), "rate_limited", ErrorKind.RATE_LIMITED),
    ErrorRule(_ANY_5XX, "pinterest_unavailable", _T),
    ErrorRule(_ANY_4XX, "invalid_request", _P),
    ErrorRule(range(300, 400), "unexpected_redirect", _P),
)
"""The Pinterest → PinBridge error table (first match wins)."""

_FALLBACK_RULE = ErrorRule(range(0, 1000), "pinterest_unavailable", _T)

REMEDIATIONS: dict[str, str] = {
    "trial_access_production": (
        "Your Pinterest app has Trial access, which cannot create pins in production: publish "
        "from a sandbox workspace on Pinterest's sandbox (pinterest_sandbox) until Pinterest "
        "grants your app Standard access, then publish from the live workspace."
    ),
    "insufficient_scope": (
        "The account did not grant every scope PinBridge needs to publish: reconnect it through "
        "/v1/pinterest/oauth/start."
    ),
}
"""What the user can do about a permanent failure, appended to Pinterest's own message."""


def explain(code: str, message: str) -> str:
    """Pinterest's message plus the remediation sentence for ``code``, when there is one."""
    remedy = REMEDIATIONS.get(code)
    return f"{message.rstrip()} {remedy}" if remedy else message


class PinterestFailure(Exception):
    """Base of everything the Pinterest client raises."""

    code: str = "pinterest_unavailable"
    kind: ErrorKind = ErrorKind.TRANSIENT
    outcome_unknown: bool = False

    @property
    def retryable(self) -> bool:
        """True when trying again later can succeed (possibly after a token refresh)."""
        return self.kind in (ErrorKind.TRANSIENT, ErrorKind.AUTH, ErrorKind.RATE_LIMITED)


class PinterestError(PinterestFailure):
    """Pinterest answered with a non-2xx status; see ``ERROR_RULES`` for the meaning."""

    def __init__(
        self,
        http_status: int,
        pinterest_code: int | None,
        message: str,
        *,
        request_id: str | None = None,
        retry_after: float | None = None,
        rule: ErrorRule | None = None,
    ) -> None:
        super().__init__(f"Pinterest {http_status} (code {pinterest_code}): {message}")
        self.http_status = http_status
        self.pinterest_code = pinterest_code
        self.message = message
        self.request_id = request_id
        self.retry_after = retry_after
        rule = rule or classify(http_status, pinterest_code, message)
        self.code = rule.code
        self.kind = rule.kind
        self.max_retries = rule.max_retries
        self.outcome_unknown = http_status >= 500


class PinterestTransportError(PinterestFailure):
    """No complete answer from Pinterest; ``outcome_unknown`` says whether it may have acted."""

    def __init__(self, message: str, *, outcome_unknown: bool) -> None:
        super().__init__(message)
        self.message = message
        self.outcome_unknown = outcome_unknown


def classify(status: int, pinterest_code: int | None, message: str) -> ErrorRule:
    """The first ``ERROR_RULES`` row matching this answer."""
    text = message.lower()
    return next((r for r in ERROR_RULES if r.matches(status, pinterest_code, text)), _FALLBACK_RULE)


def error_from_response(response: requests.Response) -> PinterestError:
    """Build the ``PinterestError`` for a non-2xx response, whatever its body looks like."""
    pinterest_code, message = _parse_error_body(response)
    return PinterestError(
        response.status_code,
        pinterest_code,
        message,
        request_id=response.headers.get("x-request-id"),
        retry_after=parse_retry_after(response.headers),
    )


UPLOAD_RULES = (
    ErrorRule(_ANY_5XX, "media_upload_failed", _T),
    ErrorRule(range(0, 1000), "media_upload_failed", _P),
)
"""The media upload goes to S3, whose XML errors Pinterest's codes do not describe: a refused
upload (policy, size, credential) will not pass on a retry; a 5xx might."""


def upload_error_from_response(response: requests.Response) -> PinterestError:
    """The ``PinterestError`` for a failed presigned upload (S3 answers XML; its text is kept)."""
    message = (response.text or response.reason or f"HTTP {response.status_code}").strip()[:300]
    rule = next(r for r in UPLOAD_RULES if r.matches(response.status_code, None, message.lower()))
    return PinterestError(
        response.status_code, None, message, request_id=response.headers.get("x-amz-request-id"), rule=rule
    )


def _parse_error_body(response: requests.Response) -> tuple[int | None, str]:
    """Pinterest's ``{"code", "message"}``, or the status text when a proxy answered instead."""
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        code = body.get("code")
        return (code if isinstance(code, int) else None), body["message"]
    text = (response.text or "").strip()[:200]
    return None, text or (response.reason or f"HTTP {response.status_code}")


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds to wait, from ``Retry-After`` (seconds or HTTP date) or ``X-RateLimit-Reset``.

    ``X-RateLimit-Reset`` is read as an epoch timestamp when it looks like one (> 10^9) and as
    seconds-from-now otherwise, since APIs use both conventions. None when neither is usable.
    """
    now = time.time() if now is None else now
    retry_after = headers.get("Retry-After")
    if retry_after:
        seconds = _seconds_or_date(retry_after.strip(), now)
        if seconds is not None:
            return seconds
    reset = headers.get("X-RateLimit-Reset")
    if reset:
        value = _float(reset.strip())
        if value is not None:
            return max(0.0, value - now if value > 1e9 else value)
    return None


def _seconds_or_date(value: str, now: float) -> float | None:
    seconds = _float(value)
    if seconds is not None:
        return max(0.0, seconds)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError, IndexError):
        return None


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def error_from_transport(exc: requests.RequestException) -> PinterestTransportError:
    """Translate a requests exception, deciding whether the request may have reached Pinterest."""
    sent = not _failed_before_sending(exc)
    label = type(exc).__name__
    return PinterestTransportError(f"{label} talking to Pinterest: {exc}", outcome_unknown=sent)


def _failed_before_sending(exc: requests.RequestException) -> bool:
    """True only when we can prove no request byte left this machine.

    Connect timeouts, refused connections, DNS failures and TLS handshake failures all happen
    before the request is written. Everything else (read timeout, reset mid-exchange, truncated
    body) is treated as "may have been processed" — the safe assumption for a non-idempotent call.
    """
    if isinstance(exc, (requests.ConnectTimeout, requests.exceptions.SSLError)):
        return True
    if not isinstance(exc, requests.ConnectionError):
        return False
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, urllib3.exceptions.MaxRetryError):
        reason = reason.reason
    # NewConnectionError (refused, DNS) subclasses ConnectTimeoutError in urllib3 2.x.
    return isinstance(reason, urllib3.exceptions.ConnectTimeoutError)
