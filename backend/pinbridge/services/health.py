"""Readiness: can this process reach its database and Redis right now?"""

from __future__ import annotations

from typing import Any

import redis
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from pinbridge.errors import ServiceUnavailable
from pinbridge.runtime import Runtime


def readiness(runtime: Runtime) -> dict[str, Any]:
    checks = {"database": "ok", "redis": "ok"}
    try:
        with runtime.db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        checks["database"] = "unreachable"
    try:
        runtime.redis.ping()
    except redis.RedisError:
        checks["redis"] = "unreachable"
    if any(value != "ok" for value in checks.values()):
        raise ServiceUnavailable("Not ready: a dependency is unreachable.", details={"checks": checks})
    return {"status": "ok", "checks": checks}
