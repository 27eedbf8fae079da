from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CarouselItem")


@_attrs_define
class CarouselItem:
    """
    Attributes:
        description (str | Unset):
        link_url (str | Unset):
        title (str | Unset):
    """

    description: str | Unset = UNSET
    link_url: str | Unset = UNSET
    title: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        link_url = self.link_url

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if description is not UNSET:
            field_dict["description"] = description
        if link_url is not UNSET:
            field_dict["link_url"] = link_url
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description", UNSET)

        link_url = d.pop("link_url", UNSET)

        title = d.pop("title", UNSET)

        carousel_item = cls(
            description=description,
            link_url=link_url,
            title=title,
        )

        return carousel_item
