from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Usage")


@_attrs_define
class Usage:
    """
    Attributes:
        environment (str):
        period_end (datetime.datetime):
        period_start (datetime.datetime):
        pins_created (int): Counts against the quota.
        pins_published (int):
        quota (int | None): null: unlimited (sandbox).
        remaining (int | None):
    """

    environment: str
    period_end: datetime.datetime
    period_start: datetime.datetime
    pins_created: int
    pins_published: int
    quota: int | None
    remaining: int | None

    def to_dict(self) -> dict[str, Any]:
        environment = self.environment

        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        pins_created = self.pins_created

        pins_published = self.pins_published

        quota: int | None
        quota = self.quota

        remaining: int | None
        remaining = self.remaining

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "environment": environment,
                "period_end": period_end,
                "period_start": period_start,
                "pins_created": pins_created,
                "pins_published": pins_published,
                "quota": quota,
                "remaining": remaining,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        environment = d.pop("environment")

        period_end = datetime.datetime.fromisoformat(d.pop("period_end"))

        period_start = datetime.datetime.fromisoformat(d.pop("period_start"))

        pins_created = d.pop("pins_created")

        pins_published = d.pop("pins_published")

        def _parse_quota(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        quota = _parse_quota(d.pop("quota"))

        def _parse_remaining(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        remaining = _parse_remaining(d.pop("remaining"))

        usage = cls(
            environment=environment,
            period_end=period_end,
            period_start=period_start,
            pins_created=pins_created,
            pins_published=pins_published,
            quota=quota,
            remaining=remaining,
        )

        return usage
