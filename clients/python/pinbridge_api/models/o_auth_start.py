from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="OAuthStart")


@_attrs_define
class OAuthStart:
    """
    Attributes:
        authorization_url (str): Send the end user's browser here (Pinterest's consent page).
        expires_at (datetime.datetime): The state expires then.
        state (str): Single use; bound to this workspace.
    """

    authorization_url: str
    expires_at: datetime.datetime
    state: str

    def to_dict(self) -> dict[str, Any]:
        authorization_url = self.authorization_url

        expires_at = self.expires_at.isoformat()

        state = self.state

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "authorization_url": authorization_url,
                "expires_at": expires_at,
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        authorization_url = d.pop("authorization_url")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        state = d.pop("state")

        o_auth_start = cls(
            authorization_url=authorization_url,
            expires_at=expires_at,
            state=state,
        )

        return o_auth_start
