from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PinBatchSummary")


@_attrs_define
class PinBatchSummary:
    """
    Attributes:
        created (int):
        existing (int):
        failed (int):
    """

    created: int
    existing: int
    failed: int

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        existing = self.existing

        failed = self.failed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "created": created,
                "existing": existing,
                "failed": failed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created = d.pop("created")

        existing = d.pop("existing")

        failed = d.pop("failed")

        pin_batch_summary = cls(
            created=created,
            existing=existing,
            failed=failed,
        )

        return pin_batch_summary
