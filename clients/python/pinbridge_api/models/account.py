from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.account_health import AccountHealth

T = TypeVar("T", bound="Account")


@_attrs_define
class Account:
    """
    Attributes:
        api (str): Which Pinterest it talks to: simulator, pinterest_sandbox or pinterest.
        created_at (datetime.datetime):
        health (AccountHealth): active (can publish); missing_scopes (reconnect to grant them); reconnect_required (its
            token could not be refreshed: send the user through OAuth again); disconnected (tokens destroyed).
        health_reason (None | str): Why it is not active, e.g. invalid_grant.
        id (str):
        missing_scopes (list[str]): Scopes PinBridge needs to publish that the account did not grant.
        object_ (Any):  Default: 'pinterest_account'.
        pinterest_user_id (str):
        refresh_token_expires_at (datetime.datetime | None): After this an idle account must reconnect; refreshed well
            before.
        scopes (list[str]):
        token_expires_at (datetime.datetime | None): When the access token expires.
        token_refreshed_at (datetime.datetime | None): Last token exchange or refresh.
        username (str):
    """

    api: str
    created_at: datetime.datetime
    health: AccountHealth
    health_reason: None | str
    id: str
    missing_scopes: list[str]
    pinterest_user_id: str
    refresh_token_expires_at: datetime.datetime | None
    scopes: list[str]
    token_expires_at: datetime.datetime | None
    token_refreshed_at: datetime.datetime | None
    username: str
    object_: Any = "pinterest_account"

    def to_dict(self) -> dict[str, Any]:
        api = self.api

        created_at = self.created_at.isoformat()

        health = self.health.value

        health_reason: None | str
        health_reason = self.health_reason

        id = self.id

        missing_scopes = self.missing_scopes

        object_ = self.object_

        pinterest_user_id = self.pinterest_user_id

        refresh_token_expires_at: None | str
        if isinstance(self.refresh_token_expires_at, datetime.datetime):
            refresh_token_expires_at = self.refresh_token_expires_at.isoformat()
        else:
            refresh_token_expires_at = self.refresh_token_expires_at

        scopes = self.scopes

        token_expires_at: None | str
        if isinstance(self.token_expires_at, datetime.datetime):
            token_expires_at = self.token_expires_at.isoformat()
        else:
            token_expires_at = self.token_expires_at

        token_refreshed_at: None | str
        if isinstance(self.token_refreshed_at, datetime.datetime):
            token_refreshed_at = self.token_refreshed_at.isoformat()
        else:
            token_refreshed_at = self.token_refreshed_at

        username = self.username

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "api": api,
                "created_at": created_at,
                "health": health,
                "health_reason": health_reason,
                "id": id,
                "missing_scopes": missing_scopes,
                "object": object_,
                "pinterest_user_id": pinterest_user_id,
                "refresh_token_expires_at": refresh_token_expires_at,
                "scopes": scopes,
                "token_expires_at": token_expires_at,
                "token_refreshed_at": token_refreshed_at,
                "username": username,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        api = d.pop("api")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        health = AccountHealth(d.pop("health"))

        def _parse_health_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        health_reason = _parse_health_reason(d.pop("health_reason"))

        id = d.pop("id")

        missing_scopes = cast(list[str], d.pop("missing_scopes"))

        object_ = d.pop("object")

        pinterest_user_id = d.pop("pinterest_user_id")

        def _parse_refresh_token_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                refresh_token_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return refresh_token_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        refresh_token_expires_at = _parse_refresh_token_expires_at(d.pop("refresh_token_expires_at"))

        scopes = cast(list[str], d.pop("scopes"))

        def _parse_token_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                token_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return token_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        token_expires_at = _parse_token_expires_at(d.pop("token_expires_at"))

        def _parse_token_refreshed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                token_refreshed_at_type_0 = datetime.datetime.fromisoformat(data)

                return token_refreshed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        token_refreshed_at = _parse_token_refreshed_at(d.pop("token_refreshed_at"))

        username = d.pop("username")

        account = cls(
            api=api,
            created_at=created_at,
            health=health,
            health_reason=health_reason,
            id=id,
            missing_scopes=missing_scopes,
            object_=object_,
            pinterest_user_id=pinterest_user_id,
            refresh_token_expires_at=refresh_token_expires_at,
            scopes=scopes,
            token_expires_at=token_expires_at,
            token_refreshed_at=token_refreshed_at,
            username=username,
        )

        return account
