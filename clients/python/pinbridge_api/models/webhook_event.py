from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.webhook_event_type import WebhookEventType

if TYPE_CHECKING:
    from ..models.webhook_event_data import WebhookEventData


T = TypeVar("T", bound="WebhookEvent")


@_attrs_define
class WebhookEvent:
    """
    Attributes:
        created_at (datetime.datetime):
        data (WebhookEventData): pin.published / pin.failed: {pin: Pin}; account.reconnect_required: {account:
            PinterestAccount}; webhook.test: {webhook_id, message}.
        id (str): evt_…; also the webhook-id header.
        type_ (WebhookEventType):
    """

    created_at: datetime.datetime
    data: WebhookEventData
    id: str
    type_: WebhookEventType

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        data = self.data.to_dict()

        id = self.id

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "created_at": created_at,
                "data": data,
                "id": id,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_event_data import WebhookEventData  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        data = WebhookEventData.from_dict(d.pop("data"))

        id = d.pop("id")

        type_ = WebhookEventType(d.pop("type"))

        webhook_event = cls(
            created_at=created_at,
            data=data,
            id=id,
            type_=type_,
        )

        return webhook_event
