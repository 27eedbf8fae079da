from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.carousel_item import CarouselItem


T = TypeVar("T", bound="PinCreate")


@_attrs_define
class PinCreate:
    """
    Attributes:
        account_id (str):
        idempotency_key (str): Unique per workspace: a repeat returns the original pin.
        alt_text (str | Unset):
        asset_id (str | Unset): Media: an image asset, or a video asset (then give one `cover_*`).
        asset_ids (list[str] | Unset): Media: a carousel of 2–5 image assets.
        board_id (str | Unset): The board's Pinterest id. Give this or `board_name`.
        board_name (str | Unset): Exact board name, resolved to an id (ambiguous → 409).
        board_section_id (str | Unset):
        carousel_items (list[CarouselItem] | Unset): Per-image title, description and link of a carousel, in the same
            order.
        cover_asset_id (str | Unset): Video cover: an image asset.
        cover_image_url (str | Unset): Video cover: an image URL.
        cover_key_frame_time (int | Unset): Video cover: the frame at this second.
        description (str | Unset):
        dominant_color (str | Unset):
        image_url (str | Unset): Media, one of four: public http(s) URL of the image Pinterest will fetch.
        image_urls (list[str] | Unset): Media: a carousel of 2–5 image URLs.
        link_url (str | Unset):
        publish_at (datetime.datetime | Unset): RFC 3339 time with a zone; publish no earlier than this.
        title (str | Unset):
    """

    account_id: str
    idempotency_key: str
    alt_text: str | Unset = UNSET
    asset_id: str | Unset = UNSET
    asset_ids: list[str] | Unset = UNSET
    board_id: str | Unset = UNSET
    board_name: str | Unset = UNSET
    board_section_id: str | Unset = UNSET
    carousel_items: list[CarouselItem] | Unset = UNSET
    cover_asset_id: str | Unset = UNSET
    cover_image_url: str | Unset = UNSET
    cover_key_frame_time: int | Unset = UNSET
    description: str | Unset = UNSET
    dominant_color: str | Unset = UNSET
    image_url: str | Unset = UNSET
    image_urls: list[str] | Unset = UNSET
    link_url: str | Unset = UNSET
    publish_at: datetime.datetime | Unset = UNSET
    title: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        idempotency_key = self.idempotency_key

        alt_text = self.alt_text

        asset_id = self.asset_id

        asset_ids: list[str] | Unset = UNSET
        if not isinstance(self.asset_ids, Unset):
            asset_ids = self.asset_ids

        board_id = self.board_id

        board_name = self.board_name

        board_section_id = self.board_section_id

        carousel_items: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.carousel_items, Unset):
            carousel_items = []
            for carousel_items_item_data in self.carousel_items:
                carousel_items_item = carousel_items_item_data.to_dict()
                carousel_items.append(carousel_items_item)

        cover_asset_id = self.cover_asset_id

        cover_image_url = self.cover_image_url

        cover_key_frame_time = self.cover_key_frame_time

        description = self.description

        dominant_color = self.dominant_color

        image_url = self.image_url

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls

        link_url = self.link_url

        publish_at: str | Unset = UNSET
        if not isinstance(self.publish_at, Unset):
            publish_at = self.publish_at.isoformat()

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "account_id": account_id,
                "idempotency_key": idempotency_key,
            }
        )
        if alt_text is not UNSET:
            field_dict["alt_text"] = alt_text
        if asset_id is not UNSET:
            field_dict["asset_id"] = asset_id
        if asset_ids is not UNSET:
            field_dict["asset_ids"] = asset_ids
        if board_id is not UNSET:
            field_dict["board_id"] = board_id
        if board_name is not UNSET:
            field_dict["board_name"] = board_name
        if board_section_id is not UNSET:
            field_dict["board_section_id"] = board_section_id
        if carousel_items is not UNSET:
            field_dict["carousel_items"] = carousel_items
        if cover_asset_id is not UNSET:
            field_dict["cover_asset_id"] = cover_asset_id
        if cover_image_url is not UNSET:
            field_dict["cover_image_url"] = cover_image_url
        if cover_key_frame_time is not UNSET:
            field_dict["cover_key_frame_time"] = cover_key_frame_time
        if description is not UNSET:
            field_dict["description"] = description
        if dominant_color is not UNSET:
            field_dict["dominant_color"] = dominant_color
        if image_url is not UNSET:
            field_dict["image_url"] = image_url
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls
        if link_url is not UNSET:
            field_dict["link_url"] = link_url
        if publish_at is not UNSET:
            field_dict["publish_at"] = publish_at
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.carousel_item import CarouselItem  # noqa: PLC0415

        d = dict(src_dict)
        account_id = d.pop("account_id")

        idempotency_key = d.pop("idempotency_key")

        alt_text = d.pop("alt_text", UNSET)

        asset_id = d.pop("asset_id", UNSET)

        asset_ids = cast(list[str], d.pop("asset_ids", UNSET))

        board_id = d.pop("board_id", UNSET)

        board_name = d.pop("board_name", UNSET)

        board_section_id = d.pop("board_section_id", UNSET)

        _carousel_items = d.pop("carousel_items", UNSET)
        carousel_items: list[CarouselItem] | Unset = UNSET
        if _carousel_items is not UNSET:
            carousel_items = []
            for carousel_items_item_data in _carousel_items:
                carousel_items_item = CarouselItem.from_dict(carousel_items_item_data)

                carousel_items.append(carousel_items_item)

        cover_asset_id = d.pop("cover_asset_id", UNSET)

        cover_image_url = d.pop("cover_image_url", UNSET)

        cover_key_frame_time = d.pop("cover_key_frame_time", UNSET)

        description = d.pop("description", UNSET)

        dominant_color = d.pop("dominant_color", UNSET)

        image_url = d.pop("image_url", UNSET)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        link_url = d.pop("link_url", UNSET)

        _publish_at = d.pop("publish_at", UNSET)
        publish_at: datetime.datetime | Unset
        if isinstance(_publish_at, Unset):
            publish_at = UNSET
        else:
            publish_at = datetime.datetime.fromisoformat(_publish_at)

        title = d.pop("title", UNSET)

        pin_create = cls(
            account_id=account_id,
            idempotency_key=idempotency_key,
            alt_text=alt_text,
            asset_id=asset_id,
            asset_ids=asset_ids,
            board_id=board_id,
            board_name=board_name,
            board_section_id=board_section_id,
            carousel_items=carousel_items,
            cover_asset_id=cover_asset_id,
            cover_image_url=cover_image_url,
            cover_key_frame_time=cover_key_frame_time,
            description=description,
            dominant_color=dominant_color,
            image_url=image_url,
            image_urls=image_urls,
            link_url=link_url,
            publish_at=publish_at,
            title=title,
        )

        return pin_create
