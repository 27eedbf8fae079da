from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="PinEvent")


@_attrs_define
class PinEvent:
    """
    Attributes:
        at (datetime.datetime):
        message (None | str):
        reason (None | str):
        status (str):
    """

    at: datetime.datetime
    message: None | str
    reason: None | str
    status: str

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        message: None | str
        message = self.message

        reason: None | str
        reason = self.reason

        status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "at": at,
                "message": message,
                "reason": reason,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        message = _parse_message(d.pop("message"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        status = d.pop("status")

        pin_event = cls(
            at=at,
            message=message,
            reason=reason,
            status=status,
        )

        return pin_event
