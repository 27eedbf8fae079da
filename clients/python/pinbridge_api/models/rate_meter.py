from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.rate_meter_categories import RateMeterCategories


T = TypeVar("T", bound="RateMeter")


@_attrs_define
class RateMeter:
    """
    Attributes:
        access_tier (str): standard or trial.
        account_id (str):
        categories (RateMeterCategories): org_write (creates/deletes) and org_read (reads).
        estimated_drain_at (datetime.datetime | None):
        queue_depth (int): Queued pins of this account.
    """

    access_tier: str
    account_id: str
    categories: RateMeterCategories
    estimated_drain_at: datetime.datetime | None
    queue_depth: int

    def to_dict(self) -> dict[str, Any]:
        access_tier = self.access_tier

        account_id = self.account_id

        categories = self.categories.to_dict()

        estimated_drain_at: None | str
        if isinstance(self.estimated_drain_at, datetime.datetime):
            estimated_drain_at = self.estimated_drain_at.isoformat()
        else:
            estimated_drain_at = self.estimated_drain_at

        queue_depth = self.queue_depth

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "access_tier": access_tier,
                "account_id": account_id,
                "categories": categories,
                "estimated_drain_at": estimated_drain_at,
                "queue_depth": queue_depth,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rate_meter_categories import RateMeterCategories  # noqa: PLC0415

        d = dict(src_dict)
        access_tier = d.pop("access_tier")

        account_id = d.pop("account_id")

        categories = RateMeterCategories.from_dict(d.pop("categories"))

        def _parse_estimated_drain_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                estimated_drain_at_type_0 = datetime.datetime.fromisoformat(data)

                return estimated_drain_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        estimated_drain_at = _parse_estimated_drain_at(d.pop("estimated_drain_at"))

        queue_depth = d.pop("queue_depth")

        rate_meter = cls(
            access_tier=access_tier,
            account_id=account_id,
            categories=categories,
            estimated_drain_at=estimated_drain_at,
            queue_depth=queue_depth,
        )

        return rate_meter
