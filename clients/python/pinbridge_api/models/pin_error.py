from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="PinError")


@_attrs_define
class PinError:
    """
    Attributes:
        code (str):
        message (None | str):
        retryable (bool):
    """

    code: str
    message: None | str
    retryable: bool

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message: None | str
        message = self.message

        retryable = self.retryable

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "message": message,
                "retryable": retryable,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        def _parse_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        message = _parse_message(d.pop("message"))

        retryable = d.pop("retryable")

        pin_error = cls(
            code=code,
            message=message,
            retryable=retryable,
        )

        return pin_error
