"""Retry delays grow as base·2^(n-1) plus jitter, and honour Retry-After."""

from pinbridge.jobs.backoff import retry_delay


def test_delays_grow_exponentially_within_jitter():
    for attempt in range(1, 6):
        delay = retry_delay(attempt, 1.0)
        assert 2 ** (attempt - 1) <= delay <= 2 ** (attempt - 1) + 1.0


def test_retry_after_wins_when_longer():
    assert retry_delay(1, 1.0, retry_after=30) == 30
