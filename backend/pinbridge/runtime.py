"""The per-process wiring: settings plus the connections built from them, created once.

The API keeps one in ``app.extensions["pinbridge"]``; a worker process builds one at start and
installs it with ``set_current`` so that RQ jobs, which receive only ids, can reach it. Nothing is
connected until first use, so building a Runtime (e.g. to write openapi.yaml) needs no servers.
"""

from __future__ import annotations

import functools

import redis
import requests
import requests.adapters

from pinbridge.crypto import TokenCipher
from pinbridge.db import Database
from pinbridge.settings import Settings
from pinbridge.storage import LocalStorage, Storage

PINTEREST_POOL_SIZE = 16  # connections kept per host: an API process's threads call concurrently


class Runtime:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @functools.cached_property
    def db(self) -> Database:
        return Database(self.settings.database_url)

    @functools.cached_property
    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.settings.redis_url, socket_timeout=10, socket_connect_timeout=5)

    @functools.cached_property
    def storage(self) -> Storage:
        return LocalStorage(self.settings.asset_dir)

    @functools.cached_property
    def pinterest_http(self) -> requests.Session:
        """One connection pool for every Pinterest call of this process: kept-alive connections
        instead of a new Session, TCP handshake and socket left to the GC per call (with a
        backlog at 10/s the CPU difference stayed within measurement noise). Never retries: only
        the publisher decides to try again (pinterest/client.py)."""
        session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=PINTEREST_POOL_SIZE, max_retries=0)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    @functools.cached_property
    def cipher(self) -> TokenCipher:
        self.settings.require_token_keys()
        return TokenCipher(self.settings.token_keys)

    def close(self) -> None:
        if "db" in self.__dict__:
            self.db.dispose()
        if "redis" in self.__dict__:
            self.redis.close()
        if "pinterest_http" in self.__dict__:
            self.pinterest_http.close()


_current: Runtime | None = None


def set_current(runtime: Runtime | None) -> None:
    global _current
    _current = runtime


def current() -> Runtime:
    if _current is None:
        raise RuntimeError("no PinBridge runtime installed in this process")
    return _current
