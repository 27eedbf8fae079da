"""Retry delays: exponential, base 2, with jitter; never sooner than Pinterest asked."""

import random


def retry_delay(attempt: int, base_seconds: float, retry_after: float | None = None) -> float:
    """Delay before attempt ``attempt + 1``: base·2^(attempt-1), plus up to one base of jitter."""
    delay = base_seconds * 2 ** (attempt - 1) + random.uniform(0, base_seconds)
    return max(delay, retry_after or 0.0)
