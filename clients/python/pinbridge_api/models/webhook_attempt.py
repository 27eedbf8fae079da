from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookAttempt")


@_attrs_define
class WebhookAttempt:
    """
    Attributes:
        error (None | str):
        latency_ms (int | None):
        manual (bool):
        next_attempt_at (datetime.datetime | None):
        number (int):
        response_excerpt (None | str):
        started_at (datetime.datetime):
        status_code (int | None):
    """

    error: None | str
    latency_ms: int | None
    manual: bool
    next_attempt_at: datetime.datetime | None
    number: int
    response_excerpt: None | str
    started_at: datetime.datetime
    status_code: int | None

    def to_dict(self) -> dict[str, Any]:
        error: None | str
        error = self.error

        latency_ms: int | None
        latency_ms = self.latency_ms

        manual = self.manual

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        number = self.number

        response_excerpt: None | str
        response_excerpt = self.response_excerpt

        started_at = self.started_at.isoformat()

        status_code: int | None
        status_code = self.status_code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "error": error,
                "latency_ms": latency_ms,
                "manual": manual,
                "next_attempt_at": next_attempt_at,
                "number": number,
                "response_excerpt": response_excerpt,
                "started_at": started_at,
                "status_code": status_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        def _parse_latency_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        latency_ms = _parse_latency_ms(d.pop("latency_ms"))

        manual = d.pop("manual")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        number = d.pop("number")

        def _parse_response_excerpt(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        response_excerpt = _parse_response_excerpt(d.pop("response_excerpt"))

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        def _parse_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status_code = _parse_status_code(d.pop("status_code"))

        webhook_attempt = cls(
            error=error,
            latency_ms=latency_ms,
            manual=manual,
            next_attempt_at=next_attempt_at,
            number=number,
            response_excerpt=response_excerpt,
            started_at=started_at,
            status_code=status_code,
        )

        return webhook_attempt
