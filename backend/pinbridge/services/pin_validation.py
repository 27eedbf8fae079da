"""``POST /v1/pins/validate``: the accept path of ``POST /v1/pins`` as a dry run with named checks.

Create stops at its first error; validate runs every check it can and names each one, but its
``verdict`` is what create would answer, because it walks the same steps in the same order with
the same functions: the schema (``PinCreateSchema``, 422), idempotency (a replay is 200, another
body 409), the account (404 / 409), the board (name resolution and ownership, 422 / 409), then
the media (assets in this workspace and of the right kind, 404 / 422). Nothing is written.

Checks, always all of them, each ``pass``, ``fail``, ``warn`` (create would not refuse, publishing
may) or ``skipped`` (not applicable, or an earlier check it depends on failed):
``schema``, ``text_lengths``, ``publish_at``, ``idempotency``, ``account``, ``board_access``,
``media``, ``carousel_items``, ``video_cover``, ``media_reachable``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pinbridge import outbound
from pinbridge.errors import PinBridgeError, ValidationFailed
from pinbridge.models import Workspace
from pinbridge.runtime import Runtime
from pinbridge.services import accounts, pin_media, pins
from pinbridge.shapes.errors import load_object
from pinbridge.shapes.pins import COVER_FIELDS, PinCreateSchema

CHECKS = (
    "schema", "text_lengths", "publish_at", "idempotency", "account", "board_access",
    "media", "carousel_items", "video_cover", "media_reachable",
)  # fmt: skip
CHECK_OF_FIELD = {
    "title": "text_lengths", "description": "text_lengths", "alt_text": "text_lengths",
    "link_url": "text_lengths", "dominant_color": "text_lengths",
    "publish_at": "publish_at", "idempotency_key": "idempotency", "account_id": "account",
    "board_id": "board_access", "board_name": "board_access", "board_section_id": "board_access",
    "image_url": "media", "asset_id": "media",
    "image_urls": "carousel_items", "asset_ids": "carousel_items", "carousel_items": "carousel_items",
    **{name: "video_cover" for name in COVER_FIELDS},
}  # fmt: skip
REMEDIATION = {
    "schema": "Send only documented fields, with the documented types.",
    "text_lengths": "Shorten the text: title ≤ 100, description ≤ 800, alt_text ≤ 500, link_url ≤ 2048 characters (http/https).",
    "publish_at": "Give an RFC 3339 time with a zone, no more than 60 s in the past and at most 365 days ahead.",
    "idempotency": "Use a new idempotency_key for a different pin, or resend the original body unchanged.",
    "account": "Use the id of a connected account of this workspace (GET /v1/pinterest/accounts); reconnect it if needed.",
    "board_access": "Pick a board of this account (GET /v1/pinterest/accounts/{id}/boards), by id or exact name.",
    "media": "Give exactly one of image_url, asset_id, image_urls or asset_ids.",
    "carousel_items": "Give 2 to 5 image_urls or image asset_ids, and carousel_items with one entry per image if any.",
    "video_cover": "A video asset needs exactly one of cover_image_url, cover_asset_id (an image) or cover_key_frame_time.",
    "media_reachable": "Upload the media first (POST /v1/assets) and use its id, or give a public image URL.",
}


@dataclass
class Check:
    name: str
    status: str = "pass"
    message: str | None = None
    remediation: str | None = None
    code: str | None = None
    fields: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Report:
    checks: dict[str, Check]
    verdict_status: int = 201
    verdict_error: PinBridgeError | None = None
    pin_id: str | None = None
    decided: bool = False  # create would have answered by now (an error, or a replay)

    def decide(self, status: int, error: PinBridgeError | None = None, pin_id: str | None = None) -> None:
        if not self.decided:
            self.verdict_status, self.verdict_error, self.pin_id, self.decided = status, error, pin_id, True

    @property
    def valid(self) -> bool:
        return self.verdict_error is None

    @property
    def verdict(self) -> dict[str, Any]:
        outcome = "failed" if self.verdict_error else ("existing" if self.verdict_status == 200 else "created")
        error = self.verdict_error.to_dict() if self.verdict_error else None
        return {"status": self.verdict_status, "outcome": outcome, "error": error, "pin_id": self.pin_id}

    def fail(self, name: str, error: PinBridgeError) -> None:
        check = self.checks[name]
        check.status, check.code, check.message = "fail", error.code, error.message
        check.fields.update(error.details.get("fields", {}))
        check.remediation = REMEDIATION[name]
        self.decide(error.status, error)

    def mark(self, name: str, status: str, message: str, remediation: str | None = None) -> None:
        check = self.checks[name]
        if check.status != "fail":
            check.status, check.message, check.remediation = status, message, remediation

    def ordered(self) -> list[Check]:
        return [self.checks[name] for name in CHECKS]


def validate(runtime: Runtime, workspace: Workspace, body: Any) -> Report:
    report = Report({name: Check(name) for name in CHECKS})
    data = _schema(report, body)
    if data is not None:
        _applicability(report, data)
        _domain(runtime, workspace, report, data)
    else:
        for name in CHECKS:
            report.mark(name, "skipped", "Not checked: the body does not match the schema yet.")
    return report


def _schema(report: Report, body: Any) -> dict[str, Any] | None:
    """The body through create's schema; each bad field fails the check it belongs to."""
    try:
        return load_object(PinCreateSchema(), body)
    except ValidationFailed as error:
        report.decide(error.status, error)
        by_check: dict[str, dict[str, list[str]]] = {}
        for name, messages in error.details["fields"].items():
            by_check.setdefault(CHECK_OF_FIELD.get(name.split(".")[0], "schema"), {})[name] = messages
        for name, fields in by_check.items():
            report.fail(name, ValidationFailed(error.message, fields=fields))
        return None


def _applicability(report: Report, data: dict[str, Any]) -> None:
    if not ("image_urls" in data or "asset_ids" in data):
        report.mark("carousel_items", "skipped", "Not a carousel.")
    if "asset_id" not in data:
        report.mark("video_cover", "skipped", "Not a video.")


def _domain(runtime: Runtime, workspace: Workspace, report: Report, data: dict[str, Any]) -> None:
    """The same steps as ``pins.create_pin``, in its order; a step's error fails its check."""
    with runtime.db.session() as session:
        try:
            existing = pins.replay(session, workspace, data)
        except PinBridgeError as exc:
            report.fail("idempotency", exc)
        else:
            if existing is not None:
                report.decide(200, pin_id=existing.id)
                report.mark(
                    "idempotency", "pass", f"A replay: create would return the existing pin {existing.id} (200)."
                )
            else:
                report.mark("idempotency", "pass", "A new key: create would make a new pin.")
        try:
            account = accounts.get_account(session, workspace, data["account_id"])
            accounts.require_active(account)
        except PinBridgeError as exc:
            report.fail("account", exc)
            account = None
    _board(runtime, report, account, data)
    _media(runtime, workspace, report, data)


def _board(runtime: Runtime, report: Report, account: Any, data: dict[str, Any]) -> None:
    if account is None:
        report.mark("board_access", "skipped", "Not checked: the account check failed.")
        return
    try:
        _, checked = pins.target_board(runtime, account, data)
    except PinBridgeError as exc:
        report.fail("board_access", exc)
        return
    if not checked:
        report.mark(
            "board_access",
            "warn",
            "Pinterest could not be reached to list the boards; publishing will check.",
            "Nothing to do now; if the board is wrong the pin fails with board_not_found.",
        )


def _media(runtime: Runtime, workspace: Workspace, report: Report, data: dict[str, Any]) -> None:
    with runtime.db.session() as session:
        try:
            resolved = pin_media.resolve(session, workspace, data)
        except PinBridgeError as exc:
            fields = exc.details.get("fields") or {}
            name = CHECK_OF_FIELD.get(next(iter(fields), "").split(".")[0], "media_reachable")
            report.fail(name, exc)
            return
    for url in _urls(resolved.media):
        try:
            outbound.check_url(url, allow_loopback=False, require_https=False)
        except outbound.OutboundRefused as exc:
            report.mark(
                "media_reachable",
                "warn",
                f"Pinterest will likely not be able to fetch {url}: {exc}.",
                "Use a public image URL, or upload the image as an asset (POST /v1/assets).",
            )
            return


def _urls(media: dict[str, Any]) -> list[str]:
    found = [media.get("url"), media.get("cover", {}).get("image_url")] + [i.get("url") for i in media.get("items", [])]
    return [url for url in found if url]
