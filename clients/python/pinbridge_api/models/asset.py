from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.asset_media_type import AssetMediaType

T = TypeVar("T", bound="Asset")


@_attrs_define
class Asset:
    """
    Attributes:
        content_type (str): Sniffed from the bytes: image/jpeg|png|webp|gif, video/mp4|quicktime|x-m4v.
        created_at (datetime.datetime):
        duration_seconds (float | None): Videos, when the file states it.
        filename (None | str): As uploaded; informative only.
        height (int | None):
        id (str):
        media_type (AssetMediaType):
        object_ (Any):  Default: 'asset'.
        sha256 (str): Hex SHA-256 of the bytes; the same bytes are one asset.
        size_bytes (int):
        source_url (None | str):
        width (int | None):
    """

    content_type: str
    created_at: datetime.datetime
    duration_seconds: float | None
    filename: None | str
    height: int | None
    id: str
    media_type: AssetMediaType
    sha256: str
    size_bytes: int
    source_url: None | str
    width: int | None
    object_: Any = "asset"

    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type

        created_at = self.created_at.isoformat()

        duration_seconds: float | None
        duration_seconds = self.duration_seconds

        filename: None | str
        filename = self.filename

        height: int | None
        height = self.height

        id = self.id

        media_type = self.media_type.value

        object_ = self.object_

        sha256 = self.sha256

        size_bytes = self.size_bytes

        source_url: None | str
        source_url = self.source_url

        width: int | None
        width = self.width

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content_type": content_type,
                "created_at": created_at,
                "duration_seconds": duration_seconds,
                "filename": filename,
                "height": height,
                "id": id,
                "media_type": media_type,
                "object": object_,
                "sha256": sha256,
                "size_bytes": size_bytes,
                "source_url": source_url,
                "width": width,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_type = d.pop("content_type")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_duration_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds"))

        def _parse_filename(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        filename = _parse_filename(d.pop("filename"))

        def _parse_height(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        height = _parse_height(d.pop("height"))

        id = d.pop("id")

        media_type = AssetMediaType(d.pop("media_type"))

        object_ = d.pop("object")

        sha256 = d.pop("sha256")

        size_bytes = d.pop("size_bytes")

        def _parse_source_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source_url = _parse_source_url(d.pop("source_url"))

        def _parse_width(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        width = _parse_width(d.pop("width"))

        asset = cls(
            content_type=content_type,
            created_at=created_at,
            duration_seconds=duration_seconds,
            filename=filename,
            height=height,
            id=id,
            media_type=media_type,
            object_=object_,
            sha256=sha256,
            size_bytes=size_bytes,
            source_url=source_url,
            width=width,
        )

        return asset
