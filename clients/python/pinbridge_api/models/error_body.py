from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.error_body_details import ErrorBodyDetails


T = TypeVar("T", bound="ErrorBody")


@_attrs_define
class ErrorBody:
    """
    Attributes:
        code (str): Stable machine-readable code.
        details (ErrorBodyDetails): Context; validation errors list each bad field in `fields`.
        message (str): A sentence for humans.
        retryable (bool):
    """

    code: str
    details: ErrorBodyDetails
    message: str
    retryable: bool

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        details = self.details.to_dict()

        message = self.message

        retryable = self.retryable

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "details": details,
                "message": message,
                "retryable": retryable,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_body_details import ErrorBodyDetails  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        details = ErrorBodyDetails.from_dict(d.pop("details"))

        message = d.pop("message")

        retryable = d.pop("retryable")

        error_body = cls(
            code=code,
            details=details,
            message=message,
            retryable=retryable,
        )

        return error_body
