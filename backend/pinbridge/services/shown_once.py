"""A resource together with a secret that the API shows only once (API keys, webhook secrets)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class WithSecret:
    resource: Any
    secret: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.resource, name)
