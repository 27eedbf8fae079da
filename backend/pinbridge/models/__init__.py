"""The data model, one aggregate per module; importing this package registers every table."""

from pinbridge.models.account import PinterestAccount
from pinbridge.models.activity import Activity
from pinbridge.models.asset import Asset, PinAsset
from pinbridge.models.pin import IdempotencyRecord, Pin, PinAttempt, PinEvent, PinStatus
from pinbridge.models.user import Invitation, Membership, PasswordReset, User
from pinbridge.models.webhook import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from pinbridge.models.workspace import ApiKey, Workspace

__all__ = [
    "Activity",
    "ApiKey",
    "Asset",
    "Event",
    "IdempotencyRecord",
    "Invitation",
    "Membership",
    "PasswordReset",
    "Pin",
    "PinAsset",
    "PinAttempt",
    "PinEvent",
    "PinStatus",
    "PinterestAccount",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "Workspace",
]
