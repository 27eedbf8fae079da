from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.pin_batch_item_status import PinBatchItemStatus

if TYPE_CHECKING:
    from ..models.error_body import ErrorBody
    from ..models.pin import Pin
    from ..models.pin_batch_item_error_type_0_type_0 import PinBatchItemErrorType0Type0
    from ..models.pin_batch_item_pin_type_0_type_0 import PinBatchItemPinType0Type0


T = TypeVar("T", bound="PinBatchItem")


@_attrs_define
class PinBatchItem:
    """
    Attributes:
        error (ErrorBody | None | PinBatchItemErrorType0Type0):
        index (int):
        pin (None | Pin | PinBatchItemPinType0Type0):
        status (PinBatchItemStatus):
    """

    error: ErrorBody | None | PinBatchItemErrorType0Type0
    index: int
    pin: None | Pin | PinBatchItemPinType0Type0
    status: PinBatchItemStatus

    def to_dict(self) -> dict[str, Any]:
        from ..models.error_body import ErrorBody  # noqa: PLC0415
        from ..models.pin import Pin  # noqa: PLC0415
        from ..models.pin_batch_item_error_type_0_type_0 import (
            PinBatchItemErrorType0Type0,  # noqa: PLC0415
        )
        from ..models.pin_batch_item_pin_type_0_type_0 import (
            PinBatchItemPinType0Type0,  # noqa: PLC0415
        )

        error: dict[str, Any] | None
        if isinstance(self.error, PinBatchItemErrorType0Type0):
            error = self.error.to_dict()
        elif isinstance(self.error, ErrorBody):
            error = self.error.to_dict()
        else:
            error = self.error

        index = self.index

        pin: dict[str, Any] | None
        if isinstance(self.pin, PinBatchItemPinType0Type0):
            pin = self.pin.to_dict()
        elif isinstance(self.pin, Pin):
            pin = self.pin.to_dict()
        else:
            pin = self.pin

        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "error": error,
                "index": index,
                "pin": pin,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_body import ErrorBody  # noqa: PLC0415
        from ..models.pin import Pin  # noqa: PLC0415
        from ..models.pin_batch_item_error_type_0_type_0 import (
            PinBatchItemErrorType0Type0,  # noqa: PLC0415
        )
        from ..models.pin_batch_item_pin_type_0_type_0 import (
            PinBatchItemPinType0Type0,  # noqa: PLC0415
        )

        d = dict(src_dict)

        def _parse_error(data: object) -> ErrorBody | None | PinBatchItemErrorType0Type0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0_type_0 = PinBatchItemErrorType0Type0.from_dict(data)

                return error_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_1 = ErrorBody.from_dict(data)

                return error_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorBody | None | PinBatchItemErrorType0Type0, data)

        error = _parse_error(d.pop("error"))

        index = d.pop("index")

        def _parse_pin(data: object) -> None | Pin | PinBatchItemPinType0Type0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pin_type_0_type_0 = PinBatchItemPinType0Type0.from_dict(data)

                return pin_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pin_type_1 = Pin.from_dict(data)

                return pin_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Pin | PinBatchItemPinType0Type0, data)

        pin = _parse_pin(d.pop("pin"))

        status = PinBatchItemStatus(d.pop("status"))

        pin_batch_item = cls(
            error=error,
            index=index,
            pin=pin,
            status=status,
        )

        return pin_batch_item
