"""The pacing primitive: token buckets in Redis, one atomic Lua script, Redis's own clock.

A bucket per (Pinterest account, rate-limit category) — ``org_write`` for creates/deletes,
``org_read`` for reads — plus, for apps on Pinterest's Trial tier, an app-wide daily budget that
every account of that Pinterest shares. A call must take one token from *each* bucket that applies,
all or nothing, so the script checks and takes them together.

Script contract (``SCRIPT``):
  KEYS   the bucket hashes, each ``{tokens, ts}`` (ts = Redis TIME in seconds, fractional)
  ARGV   mode (``take`` | ``peek`` | ``drain``), then per key: capacity, refill_per_second,
         then for ``drain``: seconds the bucket must stay empty (Retry-After), else 0
  reply  {granted 0|1, wait_seconds, tokens_1, tokens_2, …} — numbers as strings (Lua → Redis
         truncates floats); ``wait_seconds`` is when every bucket will hold a token again

The buckets are configured below Pinterest's real limit by ``PINBRIDGE_PACING_HEADROOM`` (keep one
token in reserve and refill 2 % slower) so clock skew and in-flight reordering cannot push the
upstream over. Buckets start full; a Redis flush refills them (documented trade-off).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pinbridge.models import PinterestAccount
from pinbridge.models.account import API_SIMULATOR
from pinbridge.runtime import Runtime
from pinbridge.settings import Limit
from pinbridge.timeutil import utcnow

CATEGORIES = ("org_write", "org_read")

SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local mode = ARGV[1]
local n = #KEYS
local tokens, caps, rates = {}, {}, {}
local wait = 0
for i = 1, n do
  local cap = tonumber(ARGV[2 + (i - 1) * 2])
  local rate = tonumber(ARGV[3 + (i - 1) * 2])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local level = tonumber(state[1])
  local ts = tonumber(state[2])
  if level == nil then level = cap; ts = now end
  level = math.min(cap, level + math.max(0, now - ts) * rate)
  tokens[i], caps[i], rates[i] = level, cap, rate
  if level < 1 then wait = math.max(wait, (1 - level) / rate) end
end
local granted = 0
if mode == 'drain' then
  local hold = tonumber(ARGV[2 + n * 2])
  for i = 1, n do tokens[i] = math.min(tokens[i], 0) - hold * rates[i] end
  wait = hold
elseif mode == 'take' and wait == 0 then
  granted = 1
  for i = 1, n do tokens[i] = tokens[i] - 1 end
end
if mode ~= 'peek' then
  for i = 1, n do
    redis.call('HSET', KEYS[i], 'tokens', tostring(tokens[i]), 'ts', tostring(now))
    redis.call('EXPIRE', KEYS[i], math.ceil(caps[i] / rates[i] * 2) + 60)
  end
end
local reply = {granted, tostring(wait)}
for i = 1, n do reply[#reply + 1] = tostring(tokens[i]) end
return reply
"""


@dataclass(frozen=True)
class Bucket:
    key: str
    limit: Limit  # what Pinterest allows
    paced: Limit  # what we admit (with headroom)


@dataclass(frozen=True)
class Decision:
    granted: bool
    wait_seconds: float
    tokens: tuple[float, ...]

    @property
    def retry_at(self) -> datetime:
        return utcnow() + timedelta(seconds=self.wait_seconds)


def tier(runtime: Runtime, account: PinterestAccount) -> str:
    settings = runtime.settings
    return settings.simulator_access_tier if account.api == API_SIMULATOR else settings.pinterest_access_tier


def _paced(runtime: Runtime, limit: Limit) -> Limit:
    headroom = runtime.settings.pacing_headroom
    return Limit(max(1.0, limit.capacity - 1), limit.per_second * (1 - headroom))


def buckets(runtime: Runtime, account: PinterestAccount, category: str) -> list[Bucket]:
    settings = runtime.settings
    tier_name = tier(runtime, account)
    limit = settings.rate_limit_overrides.get((account.id, category)) or settings.rate_limits[tier_name][category]
    found = [Bucket(f"pinbridge:pace:{account.id}:{category}", limit, _paced(runtime, limit))]
    if tier_name == "trial":
        app = settings.trial_app_daily_limit
        found.append(Bucket(f"pinbridge:pace:app:{account.api}:daily", app, _paced(runtime, app)))
    return found


def _run(runtime: Runtime, mode: str, selected: list[Bucket], hold: float = 0.0) -> Decision:
    args: list[str | float] = [mode]
    for bucket in selected:
        args += [bucket.paced.capacity, bucket.paced.per_second]
    args.append(hold)
    # EVALSHA (loading the script on a NOSCRIPT): Redis need not hash and parse its text each call.
    reply = runtime.redis.register_script(SCRIPT)(keys=[b.key for b in selected], args=args)
    return Decision(bool(int(reply[0])), float(reply[1]), tuple(float(x) for x in reply[2:]))


def take(runtime: Runtime, account: PinterestAccount, *categories: str) -> Decision:
    """One token from every bucket of these categories, or none and how long until there will be."""
    return _run(runtime, "take", [b for c in categories for b in buckets(runtime, account, c)])


def peek(runtime: Runtime, account: PinterestAccount, category: str) -> Decision:
    return _run(runtime, "peek", buckets(runtime, account, category))


def drain(runtime: Runtime, account: PinterestAccount, category: str, hold_seconds: float) -> Decision:
    """Pinterest said 429: empty the account's bucket and keep it empty for ``hold_seconds``."""
    return _run(runtime, "drain", buckets(runtime, account, category)[:1], hold=hold_seconds)


def take_bucket(runtime: Runtime, key: str, limit: Limit) -> Decision:
    """One token from a standalone bucket at exactly ``limit`` (e.g. the API's per-key limit)."""
    return _run(runtime, "take", [Bucket(key, limit, limit)])
