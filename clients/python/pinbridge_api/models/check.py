from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.check_status import CheckStatus

if TYPE_CHECKING:
    from ..models.check_fields import CheckFields


T = TypeVar("T", bound="Check")


@_attrs_define
class Check:
    """
    Attributes:
        code (None | str): The error code create would answer.
        fields (CheckFields): Bad fields and their messages.
        message (None | str):
        name (str): schema, text_lengths, publish_at, idempotency, account, board_access, media, carousel_items,
            video_cover, media_reachable
        remediation (None | str): What to change, for fail and warn.
        status (CheckStatus):
    """

    code: None | str
    fields: CheckFields
    message: None | str
    name: str
    remediation: None | str
    status: CheckStatus

    def to_dict(self) -> dict[str, Any]:
        code: None | str
        code = self.code

        fields = self.fields.to_dict()

        message: None | str
        message = self.message

        name = self.name

        remediation: None | str
        remediation = self.remediation

        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "fields": fields,
                "message": message,
                "name": name,
                "remediation": remediation,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.check_fields import CheckFields  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        code = _parse_code(d.pop("code"))

        fields = CheckFields.from_dict(d.pop("fields"))

        def _parse_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        message = _parse_message(d.pop("message"))

        name = d.pop("name")

        def _parse_remediation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        remediation = _parse_remediation(d.pop("remediation"))

        status = CheckStatus(d.pop("status"))

        check = cls(
            code=code,
            fields=fields,
            message=message,
            name=name,
            remediation=remediation,
            status=status,
        )

        return check
