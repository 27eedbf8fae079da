"""refresh_account_token: the periodic refresh of one account's tokens, ahead of expiry.

Enqueued by the scheduler's token sweep (jobs/sweep.py) for every active account whose access
token nears expiry or whose refresh token nears its 60 days — the latter catches idle accounts,
which would otherwise lapse and need reconnecting. Safe to run twice: the refresh re-checks, under
the account's lock, that it is still due.
"""

from __future__ import annotations

import logging

from pinbridge.errors import PinBridgeError
from pinbridge.runtime import current
from pinbridge.services import tokens

log = logging.getLogger(__name__)


def refresh_account_token(account_id: str) -> str:
    try:
        tokens.refresh(current(), account_id)
    except PinBridgeError as exc:  # reconnect required is recorded; an outage waits for the next sweep
        log.warning("periodic refresh of %s: %s", account_id, exc.code)
        return exc.code
    return "ok"
