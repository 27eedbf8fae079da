"""Every ``PINBRIDGE_*`` setting, parsed and validated once into a frozen object.

Nothing here connects to anything. ``Settings.from_env()`` is called by the CLI entry points and
the result is passed down explicitly (``create_app(settings)``, the worker), so a module never reads
the environment on its own. Defaults point at the embedded layout that ``pinbridge dev`` creates
under ``.pinbridge/``, so ``pinbridge workspace create`` after ``pinbridge dev`` needs no variables.
"""

from __future__ import annotations

import base64
import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from pinbridge.errors import ConfigurationError

DEFAULT_DATA_DIR = ".pinbridge"
SIGNUP_MODES = ("open", "invite", "closed")


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, got {raw!r}") from None


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number, got {raw!r}") from None


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name} must be true or false, got {raw!r}")


DEFAULT_MAX_ASSET_BYTES = 2 * 1024**3  # Pinterest accepts videos up to 2 GB
DEFAULT_MAX_IMAGE_BYTES = 20 * 1024**2  # and images up to 20 MB
DEFAULT_WEBHOOK_SCHEDULE = (0.0, 5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)


def _schedule(env: Mapping[str, str], name: str) -> tuple[float, ...]:
    """Seconds before each delivery attempt, comma-separated; its length is the attempt count."""
    raw = env.get(name)
    if not raw:
        return DEFAULT_WEBHOOK_SCHEDULE
    try:
        schedule = tuple(float(part) for part in raw.split(","))
    except ValueError:
        raise ConfigurationError(f"{name} must be comma-separated seconds, got {raw!r}") from None
    if any(value < 0 for value in schedule):
        raise ConfigurationError(f"{name} cannot contain negative delays")
    return schedule


DEFAULT_RATE_LIMITS = {
    "standard": {"org_write": "100/60", "org_read": "1000/60"},
    "trial": {"org_write": "300/86400", "org_read": "1000/86400"},
}


@dataclasses.dataclass(frozen=True)
class Limit:
    """A rate limit as a token bucket: bursts of ``capacity``, refilled at ``per_second``."""

    capacity: float
    per_second: float

    @classmethod
    def parse(cls, text: str) -> Limit:
        """``N/S``: N requests per S seconds → a bucket of N refilled at N/S per second."""
        count, _, seconds = text.partition("/")
        limit = cls(float(count), float(count) / float(seconds or 1))
        if limit.capacity < 1 or limit.per_second <= 0:
            raise ValueError(text)
        return limit


def _limit(env: Mapping[str, str], name: str, default: str) -> Limit:
    raw = env.get(name) or default
    try:
        return Limit.parse(raw)
    except (ValueError, ZeroDivisionError):
        raise ConfigurationError(f"{name} must look like N/S (N requests per S seconds), got {raw!r}") from None


def _rate_limits(env: Mapping[str, str]) -> dict[str, dict[str, Limit]]:
    """``PINBRIDGE_RATE_LIMIT_<TIER>_<CATEGORY>`` = ``N/S``, e.g. PINBRIDGE_RATE_LIMIT_STANDARD_ORG_WRITE=100/60."""
    return {
        tier: {
            category: _limit(env, f"PINBRIDGE_RATE_LIMIT_{tier.upper()}_{category.upper()}", default)
            for category, default in limits.items()
        }
        for tier, limits in DEFAULT_RATE_LIMITS.items()
    }


def _overrides(raw: str) -> dict[tuple[str, str], Limit]:
    """``acc_1:org_write=10/1,acc_2:org_read=50/1`` — per-account limits that replace the tier's."""
    found = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        target, _, limit = part.partition("=")
        account_id, _, category = target.partition(":")
        if category not in ("org_write", "org_read"):
            raise ConfigurationError(f"PINBRIDGE_RATE_LIMIT_OVERRIDES entry {part!r}: use acc_…:org_write=N/S")
        found[(account_id, category)] = _limit({"x": limit}, "x", limit)
    return found


def _tier(env: Mapping[str, str], name: str) -> str:
    value = env.get(name) or "standard"
    if value not in ("standard", "trial"):
        raise ConfigurationError(f"{name} must be standard or trial, got {value!r}")
    return value


def parse_token_keys(raw: str) -> tuple[tuple[str, bytes], ...]:
    """Parse ``kid:base64key,kid2:base64key`` — the first key encrypts, all of them decrypt."""
    keys = []
    for part in filter(None, (p.strip() for p in raw.split(","))):
        kid, sep, b64 = part.partition(":")
        if not sep or not kid.isalnum():
            raise ConfigurationError("PINBRIDGE_TOKEN_KEYS entries look like 'kid:base64key' with an alphanumeric kid")
        try:
            key = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4))
        except ValueError:
            raise ConfigurationError(f"token key {kid!r} is not valid base64") from None
        if len(key) != 32:
            raise ConfigurationError(f"token key {kid!r} must decode to 32 bytes (AES-256)")
        keys.append((kid, key))
    return tuple(keys)


def parse_origins(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """Comma-separated ``scheme://host[:port]`` origins; a path or query is refused, not ignored."""
    raw = env.get(name)
    if raw in (None, ""):
        return default
    origins = []
    for part in filter(None, (p.strip() for p in raw.split(","))):
        origin = origin_of(part)
        if origin is None or origin != part.rstrip("/").lower():
            raise ConfigurationError(f"{name} entries look like 'https://app.example.com', got {part!r}")
        origins.append(origin)
    return tuple(origins)


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of an absolute http(s) URL, lower-cased; None for anything else."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme.lower()}://{parts.hostname.lower()}{port}"


@dataclasses.dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str
    token_keys: tuple[tuple[str, bytes], ...]
    simulator_url: str
    simulator_database_url: str
    simulator_client_id: str = "pinbridge-sandbox"
    simulator_client_secret: str = "pinbridge-sandbox-secret"
    pinterest_api_url: str = "https://api.pinterest.com/v5"
    pinterest_sandbox_api_url: str = "https://api-sandbox.pinterest.com/v5"
    pinterest_client_id: str = ""
    pinterest_client_secret: str = ""
    pinterest_authorize_url: str = "https://www.pinterest.com/oauth/"
    simulator_authorize_url: str = ""
    public_url: str = "http://127.0.0.1:8000"
    oauth_allowed_origins: tuple[str, ...] = ()
    oauth_state_seconds: int = 600
    token_refresh_margin_seconds: int = 3 * 24 * 3600
    refresh_token_margin_seconds: int = 14 * 24 * 3600
    token_refresh_sweep_seconds: float = 300.0
    pinterest_connect_timeout: float = 5.0
    pinterest_read_timeout: float = 30.0
    publish_lease_seconds: float = 60.0
    max_attempts: int = 5
    retry_base_seconds: float = 5.0
    scheduler_interval: float = 0.5
    dispatch_interval: float = 0.1
    bulk_nice: int = 10
    board_cache_seconds: int = 300
    max_body_bytes: int = 1024 * 1024
    log_level: str = "INFO"
    data_dir: str = DEFAULT_DATA_DIR
    outbound_allow_loopback: bool = False
    webhook_timeout: float = 15.0
    webhook_retry_schedule: tuple[float, ...] = DEFAULT_WEBHOOK_SCHEDULE
    webhook_disable_after_seconds: float = 5 * 24 * 3600
    webhook_secret_grace_seconds: float = 24 * 3600
    pinterest_access_tier: str = "standard"
    simulator_access_tier: str = "standard"
    rate_limits: dict[str, dict[str, Limit]] = dataclasses.field(default_factory=dict)
    trial_app_daily_limit: Limit = Limit(1000, 1000 / 86400)
    rate_limit_overrides: dict[tuple[str, str], Limit] = dataclasses.field(default_factory=dict)
    pacing_headroom: float = 0.02
    dispatch_per_account: int = 20
    api_rate_limit: Limit = Limit(100, 100)
    monthly_live_pin_quota: int = 1000
    asset_storage_dir: str = ""
    max_asset_bytes: int = DEFAULT_MAX_ASSET_BYTES
    max_image_bytes: int = DEFAULT_MAX_IMAGE_BYTES
    asset_fetch_timeout: float = 60.0
    media_processing_timeout: float = 1800.0
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = dataclasses.field(default="", repr=False)
    smtp_from: str = "pinbridge@localhost"
    smtp_starttls: bool = True
    secret_key: str = ""
    signup: str = "open"
    secure_cookies: bool = False
    login_rate_limit: Limit = Limit(10, 10 / 60)

    @property
    def asset_dir(self) -> Path:
        """Where the local asset store keeps its files (default ``<data dir>/assets``)."""
        return Path(self.asset_storage_dir or Path(self.data_dir) / "assets").absolute()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = env.get("PINBRIDGE_DATA_DIR") or DEFAULT_DATA_DIR
        sqlite_path = Path(data_dir).absolute() / "pinbridge.db"
        read_timeout = _float(env, "PINBRIDGE_PINTEREST_READ_TIMEOUT", 30.0)
        simulator_url = env.get("PINBRIDGE_SIMULATOR_URL") or "http://127.0.0.1:8000/simulator/v5"
        public_url = (env.get("PINBRIDGE_PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/")
        settings = cls(
            database_url=env.get("PINBRIDGE_DATABASE_URL") or f"sqlite:///{sqlite_path}",
            redis_url=env.get("PINBRIDGE_REDIS_URL") or "redis://127.0.0.1:6379/0",
            token_keys=parse_token_keys(env.get("PINBRIDGE_TOKEN_KEYS", "")),
            simulator_url=simulator_url,
            simulator_database_url=env.get("PINBRIDGE_SIMULATOR_DATABASE_URL")
            or f"sqlite:///{Path(data_dir).absolute() / 'simulator.db'}",
            simulator_client_id=env.get("PINBRIDGE_SIMULATOR_CLIENT_ID") or "pinbridge-sandbox",
            simulator_client_secret=env.get("PINBRIDGE_SIMULATOR_CLIENT_SECRET") or "pinbridge-sandbox-secret",
            pinterest_api_url=env.get("PINBRIDGE_PINTEREST_API_URL") or "https://api.pinterest.com/v5",
            pinterest_sandbox_api_url=env.get("PINBRIDGE_PINTEREST_SANDBOX_API_URL")
            or "https://api-sandbox.pinterest.com/v5",
            pinterest_client_id=env.get("PINBRIDGE_PINTEREST_CLIENT_ID", ""),
            pinterest_client_secret=env.get("PINBRIDGE_PINTEREST_CLIENT_SECRET", ""),
            pinterest_authorize_url=env.get("PINBRIDGE_PINTEREST_AUTHORIZE_URL") or "https://www.pinterest.com/oauth/",
            simulator_authorize_url=env.get("PINBRIDGE_SIMULATOR_AUTHORIZE_URL")
            or simulator_url.rstrip("/").removesuffix("/v5") + "/oauth/",
            public_url=public_url,
            oauth_allowed_origins=parse_origins(
                env, "PINBRIDGE_OAUTH_ALLOWED_ORIGINS", tuple(filter(None, [origin_of(public_url)]))
            ),
            oauth_state_seconds=_int(env, "PINBRIDGE_OAUTH_STATE_SECONDS", 600),
            token_refresh_margin_seconds=_int(env, "PINBRIDGE_TOKEN_REFRESH_MARGIN_SECONDS", 3 * 24 * 3600),
            refresh_token_margin_seconds=_int(env, "PINBRIDGE_REFRESH_TOKEN_MARGIN_SECONDS", 14 * 24 * 3600),
            token_refresh_sweep_seconds=_float(env, "PINBRIDGE_TOKEN_REFRESH_SWEEP_SECONDS", 300.0),
            pinterest_connect_timeout=_float(env, "PINBRIDGE_PINTEREST_CONNECT_TIMEOUT", 5.0),
            pinterest_read_timeout=read_timeout,
            publish_lease_seconds=_float(env, "PINBRIDGE_PUBLISH_LEASE_SECONDS", read_timeout + 30.0),
            max_attempts=_int(env, "PINBRIDGE_MAX_ATTEMPTS", 5),
            retry_base_seconds=_float(env, "PINBRIDGE_RETRY_BASE_SECONDS", 5.0),
            scheduler_interval=_float(env, "PINBRIDGE_SCHEDULER_INTERVAL", 0.5),
            dispatch_interval=_float(env, "PINBRIDGE_DISPATCH_INTERVAL", 0.1),
            bulk_nice=_int(env, "PINBRIDGE_BULK_NICE", 10),
            board_cache_seconds=_int(env, "PINBRIDGE_BOARD_CACHE_SECONDS", 300),
            max_body_bytes=_int(env, "PINBRIDGE_MAX_BODY_BYTES", 1024 * 1024),
            log_level=(env.get("PINBRIDGE_LOG_LEVEL") or "INFO").upper(),
            data_dir=data_dir,
            outbound_allow_loopback=_bool(env, "PINBRIDGE_OUTBOUND_ALLOW_LOOPBACK", False),
            webhook_timeout=_float(env, "PINBRIDGE_WEBHOOK_TIMEOUT", 15.0),
            webhook_retry_schedule=_schedule(env, "PINBRIDGE_WEBHOOK_RETRY_SCHEDULE"),
            webhook_disable_after_seconds=_float(env, "PINBRIDGE_WEBHOOK_DISABLE_AFTER_SECONDS", 5 * 24 * 3600),
            webhook_secret_grace_seconds=_float(env, "PINBRIDGE_WEBHOOK_SECRET_GRACE_SECONDS", 24 * 3600),
            pinterest_access_tier=_tier(env, "PINBRIDGE_PINTEREST_ACCESS_TIER"),
            simulator_access_tier=_tier(env, "PINBRIDGE_SIMULATOR_ACCESS_TIER"),
            rate_limits=_rate_limits(env),
            trial_app_daily_limit=_limit(env, "PINBRIDGE_RATE_LIMIT_TRIAL_APP", "1000/86400"),
            rate_limit_overrides=_overrides(env.get("PINBRIDGE_RATE_LIMIT_OVERRIDES", "")),
            pacing_headroom=_float(env, "PINBRIDGE_PACING_HEADROOM", 0.02),
            dispatch_per_account=_int(env, "PINBRIDGE_DISPATCH_PER_ACCOUNT", 20),
            api_rate_limit=_limit(env, "PINBRIDGE_API_RATE_LIMIT", "100/1"),
            monthly_live_pin_quota=_int(env, "PINBRIDGE_MONTHLY_LIVE_PIN_QUOTA", 1000),
            asset_storage_dir=env.get("PINBRIDGE_ASSET_STORAGE_DIR", ""),
            max_asset_bytes=_int(env, "PINBRIDGE_MAX_ASSET_BYTES", DEFAULT_MAX_ASSET_BYTES),
            max_image_bytes=_int(env, "PINBRIDGE_MAX_IMAGE_BYTES", DEFAULT_MAX_IMAGE_BYTES),
            asset_fetch_timeout=_float(env, "PINBRIDGE_ASSET_FETCH_TIMEOUT", 60.0),
            media_processing_timeout=_float(env, "PINBRIDGE_MEDIA_PROCESSING_TIMEOUT", 1800.0),
            smtp_host=env.get("PINBRIDGE_SMTP_HOST", ""),
            smtp_port=_int(env, "PINBRIDGE_SMTP_PORT", 587),
            smtp_username=env.get("PINBRIDGE_SMTP_USERNAME", ""),
            smtp_password=env.get("PINBRIDGE_SMTP_PASSWORD", ""),
            smtp_from=env.get("PINBRIDGE_SMTP_FROM") or f"pinbridge@{urlsplit(public_url).hostname or 'localhost'}",
            smtp_starttls=_bool(env, "PINBRIDGE_SMTP_STARTTLS", True),
            secret_key=env.get("PINBRIDGE_SECRET_KEY", ""),
            signup=(env.get("PINBRIDGE_SIGNUP") or "open").lower(),
            secure_cookies=_bool(env, "PINBRIDGE_SECURE_COOKIES", public_url.startswith("https://")),
            login_rate_limit=_limit(env, "PINBRIDGE_LOGIN_RATE_LIMIT", "10/60"),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.publish_lease_seconds <= self.pinterest_read_timeout + self.pinterest_connect_timeout:
            raise ConfigurationError(
                "PINBRIDGE_PUBLISH_LEASE_SECONDS must exceed the Pinterest connect + read timeouts, "
                "or a slow but live publish could be taken over and sent twice"
            )
        if self.max_attempts < 1:
            raise ConfigurationError("PINBRIDGE_MAX_ATTEMPTS must be at least 1")
        if origin_of(self.public_url) is None:
            raise ConfigurationError(f"PINBRIDGE_PUBLIC_URL must be an absolute http(s) URL, got {self.public_url!r}")
        if self.signup not in SIGNUP_MODES:
            raise ConfigurationError(f"PINBRIDGE_SIGNUP must be one of {', '.join(SIGNUP_MODES)}, got {self.signup!r}")
        if self.oauth_state_seconds < 1:
            raise ConfigurationError("PINBRIDGE_OAUTH_STATE_SECONDS must be at least 1")

    @property
    def oauth_redirect_uri(self) -> str:
        """Where Pinterest sends the user back; register exactly this URI with your Pinterest app."""
        return f"{self.public_url}/v1/pinterest/oauth/callback"

    @property
    def has_pinterest_app(self) -> bool:
        return bool(self.pinterest_client_id and self.pinterest_client_secret)

    def require_pinterest_app(self) -> None:
        """Live workspaces talk to Pinterest as your app; without its credentials nothing works."""
        if not self.has_pinterest_app:
            raise ConfigurationError(
                "PINBRIDGE_PINTEREST_CLIENT_ID and PINBRIDGE_PINTEREST_CLIENT_SECRET are required "
                "once a workspace uses Pinterest itself (live, or sandbox on Pinterest's sandbox); "
                "they are your app's credentials from developers.pinterest.com"
            )
        if self.max_asset_bytes < 1 or self.max_image_bytes < 1:
            raise ConfigurationError("PINBRIDGE_MAX_ASSET_BYTES and PINBRIDGE_MAX_IMAGE_BYTES must be positive")

    def require_token_keys(self) -> None:
        """Processes that touch tokens refuse to start without an encryption key."""
        if not self.token_keys:
            raise ConfigurationError(
                "PINBRIDGE_TOKEN_KEYS is required (e.g. 'k1:<32 random bytes, base64>'); "
                'generate one with: python -c "import os,base64;'
                "print('k1:'+base64.urlsafe_b64encode(os.urandom(32)).decode())\""
            )
