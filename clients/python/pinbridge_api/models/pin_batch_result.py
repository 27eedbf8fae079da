from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.pin_batch_item import PinBatchItem
    from ..models.pin_batch_summary import PinBatchSummary


T = TypeVar("T", bound="PinBatchResult")


@_attrs_define
class PinBatchResult:
    """
    Attributes:
        data (list[PinBatchItem]):
        summary (PinBatchSummary):
    """

    data: list[PinBatchItem]
    summary: PinBatchSummary

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        summary = self.summary.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "summary": summary,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pin_batch_item import PinBatchItem  # noqa: PLC0415
        from ..models.pin_batch_summary import PinBatchSummary  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = PinBatchItem.from_dict(data_item_data)

            data.append(data_item)

        summary = PinBatchSummary.from_dict(d.pop("summary"))

        pin_batch_result = cls(
            data=data,
            summary=summary,
        )

        return pin_batch_result
