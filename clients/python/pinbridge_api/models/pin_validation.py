from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.check import Check
    from ..models.verdict import Verdict


T = TypeVar("T", bound="PinValidation")


@_attrs_define
class PinValidation:
    """
    Attributes:
        checks (list[Check]):
        valid (bool):
        verdict (Verdict):
    """

    checks: list[Check]
    valid: bool
    verdict: Verdict

    def to_dict(self) -> dict[str, Any]:
        checks = []
        for checks_item_data in self.checks:
            checks_item = checks_item_data.to_dict()
            checks.append(checks_item)

        valid = self.valid

        verdict = self.verdict.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "checks": checks,
                "valid": valid,
                "verdict": verdict,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.check import Check  # noqa: PLC0415
        from ..models.verdict import Verdict  # noqa: PLC0415

        d = dict(src_dict)
        checks = []
        _checks = d.pop("checks")
        for checks_item_data in _checks:
            checks_item = Check.from_dict(checks_item_data)

            checks.append(checks_item)

        valid = d.pop("valid")

        verdict = Verdict.from_dict(d.pop("verdict"))

        pin_validation = cls(
            checks=checks,
            valid=valid,
            verdict=verdict,
        )

        return pin_validation
