"""``POST /v1/pins/batch``: up to 100 pins, each accepted on its own, each with its own result.

Items are independent: each goes through exactly what ``POST /v1/pins`` does (schema, then
``pins.create_pin``) and gets ``created``, ``existing`` (its idempotency key was used before with
the same body) or ``failed`` with the error create would have answered. One bad item fails only
itself, so a replay of the same batch returns ``existing`` for every item that was created and the
same errors for the others — nothing is created twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pinbridge.errors import PinBridgeError
from pinbridge.models import Workspace
from pinbridge.runtime import Runtime
from pinbridge.services import pins
from pinbridge.shapes.errors import load_object
from pinbridge.shapes.pins import PinCreateSchema, PinView

MAX_ITEMS = 100


@dataclass(frozen=True)
class ItemResult:
    index: int
    status: str  # created | existing | failed
    pin: PinView | None = None
    error: dict[str, Any] | None = None


def create_batch(runtime: Runtime, workspace: Workspace, items: list[Any]) -> list[ItemResult]:
    return [_one(runtime, workspace, index, item) for index, item in enumerate(items)]


def _one(runtime: Runtime, workspace: Workspace, index: int, item: Any) -> ItemResult:
    try:
        data = load_object(PinCreateSchema(), item, "pin")
        accepted = pins.create_pin(runtime, workspace, data)
    except PinBridgeError as exc:
        return ItemResult(index, "failed", error=exc.to_dict())
    return ItemResult(index, "created" if accepted.created else "existing", pin=accepted.pin)


def summary(results: list[ItemResult]) -> dict[str, int]:
    counts = {"created": 0, "existing": 0, "failed": 0}
    for result in results:
        counts[result.status] += 1
    return counts
