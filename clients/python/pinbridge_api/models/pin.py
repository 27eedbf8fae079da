from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.pin_media_type import PinMediaType
from ..models.pin_queued_reason_type_1 import PinQueuedReasonType1
from ..models.pin_queued_reason_type_2_type_1 import PinQueuedReasonType2Type1
from ..models.pin_queued_reason_type_3_type_1 import PinQueuedReasonType3Type1
from ..models.pin_status import PinStatus

if TYPE_CHECKING:
    from ..models.carousel_item import CarouselItem
    from ..models.pin_attempt import PinAttempt
    from ..models.pin_error import PinError
    from ..models.pin_error_type_0_type_0 import PinErrorType0Type0
    from ..models.pin_event import PinEvent


T = TypeVar("T", bound="Pin")


@_attrs_define
class Pin:
    """
    Attributes:
        account_id (str):
        alt_text (None | str):
        asset_id (None | str):
        asset_ids (list[str] | None):
        attempt_count (int):
        attempts (list[PinAttempt]):
        board_id (str):
        board_section_id (None | str):
        carousel_items (list[CarouselItem] | None):
        cover_asset_id (None | str):
        cover_image_url (None | str):
        cover_key_frame_time (int | None):
        created_at (datetime.datetime):
        deleted_from_pinterest_at (datetime.datetime | None): When `DELETE /v1/pins/{id}?from_pinterest=true` removed
            the published pin from Pinterest; it stays `published`, with its Pinterest id and URL kept for the record.
        description (None | str):
        dominant_color (None | str):
        error (None | PinError | PinErrorType0Type0):
        estimated_publish_at (datetime.datetime | None):
        events (list[PinEvent]):
        id (str):
        idempotency_key (str):
        image_url (None | str):
        image_urls (list[str] | None):
        link_url (None | str):
        media_type (PinMediaType):
        next_attempt_at (datetime.datetime | None):
        object_ (Any):  Default: 'pin'.
        pinterest_media_id (None | str): Videos: Pinterest's id for the uploaded video, once uploaded.
        pinterest_pin_id (None | str):
        pinterest_url (None | str):
        publish_at (datetime.datetime | None):
        published_at (datetime.datetime | None):
        queued_reason (None | PinQueuedReasonType1 | PinQueuedReasonType2Type1 | PinQueuedReasonType3Type1): Why a
            queued pin waits: ready, scheduled, pacing or retry_backoff.
        reconciled (bool):
        status (PinStatus):
        title (None | str):
        updated_at (datetime.datetime):
    """

    account_id: str
    alt_text: None | str
    asset_id: None | str
    asset_ids: list[str] | None
    attempt_count: int
    attempts: list[PinAttempt]
    board_id: str
    board_section_id: None | str
    carousel_items: list[CarouselItem] | None
    cover_asset_id: None | str
    cover_image_url: None | str
    cover_key_frame_time: int | None
    created_at: datetime.datetime
    deleted_from_pinterest_at: datetime.datetime | None
    description: None | str
    dominant_color: None | str
    error: None | PinError | PinErrorType0Type0
    estimated_publish_at: datetime.datetime | None
    events: list[PinEvent]
    id: str
    idempotency_key: str
    image_url: None | str
    image_urls: list[str] | None
    link_url: None | str
    media_type: PinMediaType
    next_attempt_at: datetime.datetime | None
    pinterest_media_id: None | str
    pinterest_pin_id: None | str
    pinterest_url: None | str
    publish_at: datetime.datetime | None
    published_at: datetime.datetime | None
    queued_reason: None | PinQueuedReasonType1 | PinQueuedReasonType2Type1 | PinQueuedReasonType3Type1
    reconciled: bool
    status: PinStatus
    title: None | str
    updated_at: datetime.datetime
    object_: Any = "pin"

    def to_dict(self) -> dict[str, Any]:
        from ..models.pin_error import PinError  # noqa: PLC0415
        from ..models.pin_error_type_0_type_0 import PinErrorType0Type0  # noqa: PLC0415

        account_id = self.account_id

        alt_text: None | str
        alt_text = self.alt_text

        asset_id: None | str
        asset_id = self.asset_id

        asset_ids: list[str] | None
        if isinstance(self.asset_ids, list):
            asset_ids = self.asset_ids

        else:
            asset_ids = self.asset_ids

        attempt_count = self.attempt_count

        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        board_id = self.board_id

        board_section_id: None | str
        board_section_id = self.board_section_id

        carousel_items: list[dict[str, Any]] | None
        if isinstance(self.carousel_items, list):
            carousel_items = []
            for carousel_items_type_0_item_data in self.carousel_items:
                carousel_items_type_0_item = carousel_items_type_0_item_data.to_dict()
                carousel_items.append(carousel_items_type_0_item)

        else:
            carousel_items = self.carousel_items

        cover_asset_id: None | str
        cover_asset_id = self.cover_asset_id

        cover_image_url: None | str
        cover_image_url = self.cover_image_url

        cover_key_frame_time: int | None
        cover_key_frame_time = self.cover_key_frame_time

        created_at = self.created_at.isoformat()

        deleted_from_pinterest_at: None | str
        if isinstance(self.deleted_from_pinterest_at, datetime.datetime):
            deleted_from_pinterest_at = self.deleted_from_pinterest_at.isoformat()
        else:
            deleted_from_pinterest_at = self.deleted_from_pinterest_at

        description: None | str
        description = self.description

        dominant_color: None | str
        dominant_color = self.dominant_color

        error: dict[str, Any] | None
        if isinstance(self.error, PinErrorType0Type0):
            error = self.error.to_dict()
        elif isinstance(self.error, PinError):
            error = self.error.to_dict()
        else:
            error = self.error

        estimated_publish_at: None | str
        if isinstance(self.estimated_publish_at, datetime.datetime):
            estimated_publish_at = self.estimated_publish_at.isoformat()
        else:
            estimated_publish_at = self.estimated_publish_at

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        id = self.id

        idempotency_key = self.idempotency_key

        image_url: None | str
        image_url = self.image_url

        image_urls: list[str] | None
        if isinstance(self.image_urls, list):
            image_urls = self.image_urls

        else:
            image_urls = self.image_urls

        link_url: None | str
        link_url = self.link_url

        media_type = self.media_type.value

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        object_ = self.object_

        pinterest_media_id: None | str
        pinterest_media_id = self.pinterest_media_id

        pinterest_pin_id: None | str
        pinterest_pin_id = self.pinterest_pin_id

        pinterest_url: None | str
        pinterest_url = self.pinterest_url

        publish_at: None | str
        if isinstance(self.publish_at, datetime.datetime):
            publish_at = self.publish_at.isoformat()
        else:
            publish_at = self.publish_at

        published_at: None | str
        if isinstance(self.published_at, datetime.datetime):
            published_at = self.published_at.isoformat()
        else:
            published_at = self.published_at

        queued_reason: None | str
        if isinstance(self.queued_reason, PinQueuedReasonType1):
            queued_reason = self.queued_reason.value
        elif isinstance(self.queued_reason, PinQueuedReasonType2Type1):
            queued_reason = self.queued_reason.value
        elif isinstance(self.queued_reason, PinQueuedReasonType3Type1):
            queued_reason = self.queued_reason.value
        else:
            queued_reason = self.queued_reason

        reconciled = self.reconciled

        status = self.status.value

        title: None | str
        title = self.title

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "account_id": account_id,
                "alt_text": alt_text,
                "asset_id": asset_id,
                "asset_ids": asset_ids,
                "attempt_count": attempt_count,
                "attempts": attempts,
                "board_id": board_id,
                "board_section_id": board_section_id,
                "carousel_items": carousel_items,
                "cover_asset_id": cover_asset_id,
                "cover_image_url": cover_image_url,
                "cover_key_frame_time": cover_key_frame_time,
                "created_at": created_at,
                "deleted_from_pinterest_at": deleted_from_pinterest_at,
                "description": description,
                "dominant_color": dominant_color,
                "error": error,
                "estimated_publish_at": estimated_publish_at,
                "events": events,
                "id": id,
                "idempotency_key": idempotency_key,
                "image_url": image_url,
                "image_urls": image_urls,
                "link_url": link_url,
                "media_type": media_type,
                "next_attempt_at": next_attempt_at,
                "object": object_,
                "pinterest_media_id": pinterest_media_id,
                "pinterest_pin_id": pinterest_pin_id,
                "pinterest_url": pinterest_url,
                "publish_at": publish_at,
                "published_at": published_at,
                "queued_reason": queued_reason,
                "reconciled": reconciled,
                "status": status,
                "title": title,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.carousel_item import CarouselItem  # noqa: PLC0415
        from ..models.pin_attempt import PinAttempt  # noqa: PLC0415
        from ..models.pin_error import PinError  # noqa: PLC0415
        from ..models.pin_error_type_0_type_0 import PinErrorType0Type0  # noqa: PLC0415
        from ..models.pin_event import PinEvent  # noqa: PLC0415

        d = dict(src_dict)
        account_id = d.pop("account_id")

        def _parse_alt_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        alt_text = _parse_alt_text(d.pop("alt_text"))

        def _parse_asset_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        asset_id = _parse_asset_id(d.pop("asset_id"))

        def _parse_asset_ids(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                asset_ids_type_0 = cast(list[str], data)

                return asset_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        asset_ids = _parse_asset_ids(d.pop("asset_ids"))

        attempt_count = d.pop("attempt_count")

        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in _attempts:
            attempts_item = PinAttempt.from_dict(attempts_item_data)

            attempts.append(attempts_item)

        board_id = d.pop("board_id")

        def _parse_board_section_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        board_section_id = _parse_board_section_id(d.pop("board_section_id"))

        def _parse_carousel_items(data: object) -> list[CarouselItem] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                carousel_items_type_0 = []
                _carousel_items_type_0 = data
                for carousel_items_type_0_item_data in _carousel_items_type_0:
                    carousel_items_type_0_item = CarouselItem.from_dict(carousel_items_type_0_item_data)

                    carousel_items_type_0.append(carousel_items_type_0_item)

                return carousel_items_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[CarouselItem] | None, data)

        carousel_items = _parse_carousel_items(d.pop("carousel_items"))

        def _parse_cover_asset_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cover_asset_id = _parse_cover_asset_id(d.pop("cover_asset_id"))

        def _parse_cover_image_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cover_image_url = _parse_cover_image_url(d.pop("cover_image_url"))

        def _parse_cover_key_frame_time(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cover_key_frame_time = _parse_cover_key_frame_time(d.pop("cover_key_frame_time"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_deleted_from_pinterest_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_from_pinterest_at_type_0 = datetime.datetime.fromisoformat(data)

                return deleted_from_pinterest_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        deleted_from_pinterest_at = _parse_deleted_from_pinterest_at(d.pop("deleted_from_pinterest_at"))

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        def _parse_dominant_color(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        dominant_color = _parse_dominant_color(d.pop("dominant_color"))

        def _parse_error(data: object) -> None | PinError | PinErrorType0Type0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0_type_0 = PinErrorType0Type0.from_dict(data)

                return error_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_1 = PinError.from_dict(data)

                return error_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PinError | PinErrorType0Type0, data)

        error = _parse_error(d.pop("error"))

        def _parse_estimated_publish_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                estimated_publish_at_type_0 = datetime.datetime.fromisoformat(data)

                return estimated_publish_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        estimated_publish_at = _parse_estimated_publish_at(d.pop("estimated_publish_at"))

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = PinEvent.from_dict(events_item_data)

            events.append(events_item)

        id = d.pop("id")

        idempotency_key = d.pop("idempotency_key")

        def _parse_image_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        image_url = _parse_image_url(d.pop("image_url"))

        def _parse_image_urls(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                image_urls_type_0 = cast(list[str], data)

                return image_urls_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        image_urls = _parse_image_urls(d.pop("image_urls"))

        def _parse_link_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        link_url = _parse_link_url(d.pop("link_url"))

        media_type = PinMediaType(d.pop("media_type"))

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

        object_ = d.pop("object")

        def _parse_pinterest_media_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pinterest_media_id = _parse_pinterest_media_id(d.pop("pinterest_media_id"))

        def _parse_pinterest_pin_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pinterest_pin_id = _parse_pinterest_pin_id(d.pop("pinterest_pin_id"))

        def _parse_pinterest_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pinterest_url = _parse_pinterest_url(d.pop("pinterest_url"))

        def _parse_publish_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                publish_at_type_0 = datetime.datetime.fromisoformat(data)

                return publish_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        publish_at = _parse_publish_at(d.pop("publish_at"))

        def _parse_published_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                published_at_type_0 = datetime.datetime.fromisoformat(data)

                return published_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        published_at = _parse_published_at(d.pop("published_at"))

        def _parse_queued_reason(
            data: object,
        ) -> None | PinQueuedReasonType1 | PinQueuedReasonType2Type1 | PinQueuedReasonType3Type1:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                queued_reason_type_1 = PinQueuedReasonType1(data)

                return queued_reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                queued_reason_type_2_type_1 = PinQueuedReasonType2Type1(data)

                return queued_reason_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                queued_reason_type_3_type_1 = PinQueuedReasonType3Type1(data)

                return queued_reason_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PinQueuedReasonType1 | PinQueuedReasonType2Type1 | PinQueuedReasonType3Type1, data)

        queued_reason = _parse_queued_reason(d.pop("queued_reason"))

        reconciled = d.pop("reconciled")

        status = PinStatus(d.pop("status"))

        def _parse_title(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        title = _parse_title(d.pop("title"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        pin = cls(
            account_id=account_id,
            alt_text=alt_text,
            asset_id=asset_id,
            asset_ids=asset_ids,
            attempt_count=attempt_count,
            attempts=attempts,
            board_id=board_id,
            board_section_id=board_section_id,
            carousel_items=carousel_items,
            cover_asset_id=cover_asset_id,
            cover_image_url=cover_image_url,
            cover_key_frame_time=cover_key_frame_time,
            created_at=created_at,
            deleted_from_pinterest_at=deleted_from_pinterest_at,
            description=description,
            dominant_color=dominant_color,
            error=error,
            estimated_publish_at=estimated_publish_at,
            events=events,
            id=id,
            idempotency_key=idempotency_key,
            image_url=image_url,
            image_urls=image_urls,
            link_url=link_url,
            media_type=media_type,
            next_attempt_at=next_attempt_at,
            object_=object_,
            pinterest_media_id=pinterest_media_id,
            pinterest_pin_id=pinterest_pin_id,
            pinterest_url=pinterest_url,
            publish_at=publish_at,
            published_at=published_at,
            queued_reason=queued_reason,
            reconciled=reconciled,
            status=status,
            title=title,
            updated_at=updated_at,
        )

        return pin
