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

from pinbridge.errors import ConfigurationError

DEFAULT_DATA_DIR = ".pinbridge"


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


def parse_token_keys(raw: str) -> tuple[tuple[str, bytes], ...]:
    """Parse ``kid:base64key,kid2:base64key`` — the first key encrypts, all of them decrypt."""
    keys = []
    for part in filter(None, (p.strip() for p in raw.split(","))):
        kid, sep, b64 = part.partition(":")
        if not sep or not kid.isalnum():
            raise ConfigurationError(
                "PINBRIDGE_TOKEN_KEYS entries look like 'kid:base64key' with an alphanumeric kid"
            )
        try:
            key = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4))
        except ValueError:
            raise ConfigurationError(f"token key {kid!r} is not valid base64") from None
        if len(key) != 32:
            raise ConfigurationError(f"token key {kid!r} must decode to 32 bytes (AES-256)")
        keys.append((kid, key))
    return tuple(keys)


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
    pinterest_connect_timeout: float = 5.0
    pinterest_read_timeout: float = 30.0
    publish_lease_seconds: float = 60.0
    max_attempts: int = 5
    retry_base_seconds: float = 5.0
    scheduler_interval: float = 1.0
    board_cache_seconds: int = 300
    max_body_bytes: int = 1024 * 1024
    log_level: str = "INFO"
    data_dir: str = DEFAULT_DATA_DIR
    outbound_allow_loopback: bool = False
    webhook_timeout: float = 15.0
    webhook_retry_schedule: tuple[float, ...] = DEFAULT_WEBHOOK_SCHEDULE
    webhook_disable_after_seconds: float = 5 * 24 * 3600
    webhook_secret_grace_seconds: float = 24 * 3600
    asset_storage_dir: str = ""
    max_asset_bytes: int = DEFAULT_MAX_ASSET_BYTES
    max_image_bytes: int = DEFAULT_MAX_IMAGE_BYTES
    asset_fetch_timeout: float = 60.0
    media_processing_timeout: float = 1800.0

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
        settings = cls(
            database_url=env.get("PINBRIDGE_DATABASE_URL") or f"sqlite:///{sqlite_path}",
            redis_url=env.get("PINBRIDGE_REDIS_URL") or "redis://127.0.0.1:6379/0",
            token_keys=parse_token_keys(env.get("PINBRIDGE_TOKEN_KEYS", "")),
            simulator_url=env.get("PINBRIDGE_SIMULATOR_URL")
            or "http://127.0.0.1:8000/simulator/v5",
            simulator_database_url=env.get("PINBRIDGE_SIMULATOR_DATABASE_URL")
            or f"sqlite:///{Path(data_dir).absolute() / 'simulator.db'}",
            simulator_client_id=env.get("PINBRIDGE_SIMULATOR_CLIENT_ID") or "pinbridge-sandbox",
            simulator_client_secret=env.get("PINBRIDGE_SIMULATOR_CLIENT_SECRET")
            or "pinbridge-sandbox-secret",
            pinterest_api_url=env.get("PINBRIDGE_PINTEREST_API_URL")
            or "https://api.pinterest.com/v5",
            pinterest_sandbox_api_url=env.get("PINBRIDGE_PINTEREST_SANDBOX_API_URL")
            or "https://api-sandbox.pinterest.com/v5",
            pinterest_client_id=env.get("PINBRIDGE_PINTEREST_CLIENT_ID", ""),
            pinterest_client_secret=env.get("PINBRIDGE_PINTEREST_CLIENT_SECRET", ""),
            pinterest_connect_timeout=_float(env, "PINBRIDGE_PINTEREST_CONNECT_TIMEOUT", 5.0),
            pinterest_read_timeout=read_timeout,
            publish_lease_seconds=_float(
                env, "PINBRIDGE_PUBLISH_LEASE_SECONDS", read_timeout + 30.0
            ),
            max_attempts=_int(env, "PINBRIDGE_MAX_ATTEMPTS", 5),
            retry_base_seconds=_float(env, "PINBRIDGE_RETRY_BASE_SECONDS", 5.0),
            scheduler_interval=_float(env, "PINBRIDGE_SCHEDULER_INTERVAL", 1.0),
            board_cache_seconds=_int(env, "PINBRIDGE_BOARD_CACHE_SECONDS", 300),
            max_body_bytes=_int(env, "PINBRIDGE_MAX_BODY_BYTES", 1024 * 1024),
            log_level=(env.get("PINBRIDGE_LOG_LEVEL") or "INFO").upper(),
            data_dir=data_dir,
            outbound_allow_loopback=_bool(env, "PINBRIDGE_OUTBOUND_ALLOW_LOOPBACK", False),
            webhook_timeout=_float(env, "PINBRIDGE_WEBHOOK_TIMEOUT", 15.0),
            webhook_retry_schedule=_schedule(env, "PINBRIDGE_WEBHOOK_RETRY_SCHEDULE"),
            webhook_disable_after_seconds=_float(env, "PINBRIDGE_WEBHOOK_DISABLE_AFTER_SECONDS", 5 * 24 * 3600),
            webhook_secret_grace_seconds=_float(env, "PINBRIDGE_WEBHOOK_SECRET_GRACE_SECONDS", 24 * 3600),
            asset_storage_dir=env.get("PINBRIDGE_ASSET_STORAGE_DIR", ""),
            max_asset_bytes=_int(env, "PINBRIDGE_MAX_ASSET_BYTES", DEFAULT_MAX_ASSET_BYTES),
            max_image_bytes=_int(env, "PINBRIDGE_MAX_IMAGE_BYTES", DEFAULT_MAX_IMAGE_BYTES),
            asset_fetch_timeout=_float(env, "PINBRIDGE_ASSET_FETCH_TIMEOUT", 60.0),
            media_processing_timeout=_float(env, "PINBRIDGE_MEDIA_PROCESSING_TIMEOUT", 1800.0),
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
        if self.max_asset_bytes < 1 or self.max_image_bytes < 1:
            raise ConfigurationError("PINBRIDGE_MAX_ASSET_BYTES and PINBRIDGE_MAX_IMAGE_BYTES must be positive")

    def require_token_keys(self) -> None:
        """Processes that touch tokens refuse to start without an encryption key."""
        if not self.token_keys:
            raise ConfigurationError(
                "PINBRIDGE_TOKEN_KEYS is required (e.g. 'k1:<32 random bytes, base64>'); "
                "generate one with: python -c \"import os,base64;"
                "print('k1:'+base64.urlsafe_b64encode(os.urandom(32)).decode())\""
            )
