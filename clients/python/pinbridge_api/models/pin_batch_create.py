from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.pin_batch_create_pins_item import PinBatchCreatePinsItem


T = TypeVar("T", bound="PinBatchCreate")


@_attrs_define
class PinBatchCreate:
    """
    Attributes:
        pins (list[PinBatchCreatePinsItem]): 1–100 pins, each a PinCreate body, each accepted on its own.
    """

    pins: list[PinBatchCreatePinsItem]

    def to_dict(self) -> dict[str, Any]:
        pins = []
        for pins_item_data in self.pins:
            pins_item = pins_item_data.to_dict()
            pins.append(pins_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "pins": pins,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pin_batch_create_pins_item import (
            PinBatchCreatePinsItem,  # noqa: PLC0415
        )

        d = dict(src_dict)
        pins = []
        _pins = d.pop("pins")
        for pins_item_data in _pins:
            pins_item = PinBatchCreatePinsItem.from_dict(pins_item_data)

            pins.append(pins_item)

        pin_batch_create = cls(
            pins=pins,
        )

        return pin_batch_create
