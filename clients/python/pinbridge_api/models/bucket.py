from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Bucket")


@_attrs_define
class Bucket:
    """
    Attributes:
        capacity (float): Burst size PinBridge admits.
        next_token_at (datetime.datetime):
        refill_per_second (float):
        tokens_available (float):
    """

    capacity: float
    next_token_at: datetime.datetime
    refill_per_second: float
    tokens_available: float

    def to_dict(self) -> dict[str, Any]:
        capacity = self.capacity

        next_token_at = self.next_token_at.isoformat()

        refill_per_second = self.refill_per_second

        tokens_available = self.tokens_available

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "capacity": capacity,
                "next_token_at": next_token_at,
                "refill_per_second": refill_per_second,
                "tokens_available": tokens_available,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        capacity = d.pop("capacity")

        next_token_at = datetime.datetime.fromisoformat(d.pop("next_token_at"))

        refill_per_second = d.pop("refill_per_second")

        tokens_available = d.pop("tokens_available")

        bucket = cls(
            capacity=capacity,
            next_token_at=next_token_at,
            refill_per_second=refill_per_second,
            tokens_available=tokens_available,
        )

        return bucket
