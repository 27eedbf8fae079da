from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Board")


@_attrs_define
class Board:
    """
    Attributes:
        description (None | str):
        id (str):
        name (str):
        privacy (None | str):
    """

    description: None | str
    id: str
    name: str
    privacy: None | str

    def to_dict(self) -> dict[str, Any]:
        description: None | str
        description = self.description

        id = self.id

        name = self.name

        privacy: None | str
        privacy = self.privacy

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "description": description,
                "id": id,
                "name": name,
                "privacy": privacy,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        id = d.pop("id")

        name = d.pop("name")

        def _parse_privacy(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        privacy = _parse_privacy(d.pop("privacy"))

        board = cls(
            description=description,
            id=id,
            name=name,
            privacy=privacy,
        )

        return board
