from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AssetImport")


@_attrs_define
class AssetImport:
    """
    Attributes:
        url (str): Public http(s) URL PinBridge fetches the file from (SSRF-guarded, size and time capped).
    """

    url: str

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        asset_import = cls(
            url=url,
        )

        return asset_import
