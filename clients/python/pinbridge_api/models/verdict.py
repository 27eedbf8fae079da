from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.verdict_outcome import VerdictOutcome

if TYPE_CHECKING:
    from ..models.error_body import ErrorBody
    from ..models.verdict_error_type_0_type_0 import VerdictErrorType0Type0


T = TypeVar("T", bound="Verdict")


@_attrs_define
class Verdict:
    """
    Attributes:
        error (ErrorBody | None | VerdictErrorType0Type0):
        outcome (VerdictOutcome):
        pin_id (None | str): The existing pin, for a replay.
        status (int): The HTTP status POST /v1/pins would answer.
    """

    error: ErrorBody | None | VerdictErrorType0Type0
    outcome: VerdictOutcome
    pin_id: None | str
    status: int

    def to_dict(self) -> dict[str, Any]:
        from ..models.error_body import ErrorBody  # noqa: PLC0415
        from ..models.verdict_error_type_0_type_0 import (
            VerdictErrorType0Type0,  # noqa: PLC0415
        )

        error: dict[str, Any] | None
        if isinstance(self.error, VerdictErrorType0Type0):
            error = self.error.to_dict()
        elif isinstance(self.error, ErrorBody):
            error = self.error.to_dict()
        else:
            error = self.error

        outcome = self.outcome.value

        pin_id: None | str
        pin_id = self.pin_id

        status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "error": error,
                "outcome": outcome,
                "pin_id": pin_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_body import ErrorBody  # noqa: PLC0415
        from ..models.verdict_error_type_0_type_0 import (
            VerdictErrorType0Type0,  # noqa: PLC0415
        )

        d = dict(src_dict)

        def _parse_error(data: object) -> ErrorBody | None | VerdictErrorType0Type0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0_type_0 = VerdictErrorType0Type0.from_dict(data)

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
            return cast(ErrorBody | None | VerdictErrorType0Type0, data)

        error = _parse_error(d.pop("error"))

        outcome = VerdictOutcome(d.pop("outcome"))

        def _parse_pin_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pin_id = _parse_pin_id(d.pop("pin_id"))

        status = d.pop("status")

        verdict = cls(
            error=error,
            outcome=outcome,
            pin_id=pin_id,
            status=status,
        )

        return verdict
