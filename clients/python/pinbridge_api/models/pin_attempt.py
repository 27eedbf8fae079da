from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="PinAttempt")


@_attrs_define
class PinAttempt:
    """
    Attributes:
        error_code (None | str):
        error_message (None | str):
        finished_at (datetime.datetime | None):
        http_status (int | None):
        number (int):
        outcome (str): in_progress, published, reconciled, retry_scheduled, retries_exhausted (the last attempt allowed
            failed transiently), media_processing (a video upload was being processed; not counted as an attempt),
            reconcile_failed (the read that looks for an earlier create failed transiently; no create was sent, not counted
            as an attempt), failed, interrupted, lease_lost
        pinterest_request_id (None | str):
        started_at (datetime.datetime):
    """

    error_code: None | str
    error_message: None | str
    finished_at: datetime.datetime | None
    http_status: int | None
    number: int
    outcome: str
    pinterest_request_id: None | str
    started_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        error_code: None | str
        error_code = self.error_code

        error_message: None | str
        error_message = self.error_message

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        http_status: int | None
        http_status = self.http_status

        number = self.number

        outcome = self.outcome

        pinterest_request_id: None | str
        pinterest_request_id = self.pinterest_request_id

        started_at = self.started_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "error_code": error_code,
                "error_message": error_message,
                "finished_at": finished_at,
                "http_status": http_status,
                "number": number,
                "outcome": outcome,
                "pinterest_request_id": pinterest_request_id,
                "started_at": started_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_error_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error_code = _parse_error_code(d.pop("error_code"))

        def _parse_error_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error_message = _parse_error_message(d.pop("error_message"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        def _parse_http_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        http_status = _parse_http_status(d.pop("http_status"))

        number = d.pop("number")

        outcome = d.pop("outcome")

        def _parse_pinterest_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pinterest_request_id = _parse_pinterest_request_id(d.pop("pinterest_request_id"))

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        pin_attempt = cls(
            error_code=error_code,
            error_message=error_message,
            finished_at=finished_at,
            http_status=http_status,
            number=number,
            outcome=outcome,
            pinterest_request_id=pinterest_request_id,
            started_at=started_at,
        )

        return pin_attempt
