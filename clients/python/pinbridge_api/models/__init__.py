"""Contains all the data models used in inputs/outputs"""

from .account import Account
from .account_health import AccountHealth
from .account_list import AccountList
from .api_key import ApiKey
from .api_key_create import ApiKeyCreate
from .api_key_create_scopes_item import ApiKeyCreateScopesItem
from .api_key_list import ApiKeyList
from .api_key_with_secret import ApiKeyWithSecret
from .asset import Asset
from .asset_import import AssetImport
from .asset_list import AssetList
from .asset_media_type import AssetMediaType
from .asset_upload import AssetUpload
from .board import Board
from .board_list import BoardList
from .board_section import BoardSection
from .board_section_list import BoardSectionList
from .bucket import Bucket
from .carousel_item import CarouselItem
from .check import Check
from .check_fields import CheckFields
from .check_status import CheckStatus
from .error_body import ErrorBody
from .error_body_details import ErrorBodyDetails
from .error_envelope import ErrorEnvelope
from .health import Health
from .list_assets_media_type import ListAssetsMediaType
from .list_pins_status import ListPinsStatus
from .o_auth_start import OAuthStart
from .pagination_metadata import PaginationMetadata
from .pin import Pin
from .pin_attempt import PinAttempt
from .pin_batch_create import PinBatchCreate
from .pin_batch_create_pins_item import PinBatchCreatePinsItem
from .pin_batch_item import PinBatchItem
from .pin_batch_item_error_type_0_type_0 import PinBatchItemErrorType0Type0
from .pin_batch_item_pin_type_0_type_0 import PinBatchItemPinType0Type0
from .pin_batch_item_status import PinBatchItemStatus
from .pin_batch_result import PinBatchResult
from .pin_batch_summary import PinBatchSummary
from .pin_create import PinCreate
from .pin_error import PinError
from .pin_error_type_0_type_0 import PinErrorType0Type0
from .pin_event import PinEvent
from .pin_list import PinList
from .pin_media_type import PinMediaType
from .pin_queued_reason_type_1 import PinQueuedReasonType1
from .pin_queued_reason_type_2_type_1 import PinQueuedReasonType2Type1
from .pin_queued_reason_type_3_type_1 import PinQueuedReasonType3Type1
from .pin_status import PinStatus
from .pin_validation import PinValidation
from .rate_meter import RateMeter
from .rate_meter_categories import RateMeterCategories
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .usage import Usage
from .verdict import Verdict
from .verdict_error_type_0_type_0 import VerdictErrorType0Type0
from .verdict_outcome import VerdictOutcome
from .webhook import Webhook
from .webhook_attempt import WebhookAttempt
from .webhook_create import WebhookCreate
from .webhook_create_events_item import WebhookCreateEventsItem
from .webhook_delivery import WebhookDelivery
from .webhook_delivery_list import WebhookDeliveryList
from .webhook_event import WebhookEvent
from .webhook_event_data import WebhookEventData
from .webhook_event_type import WebhookEventType
from .webhook_list import WebhookList
from .webhook_update import WebhookUpdate
from .webhook_update_events_item import WebhookUpdateEventsItem
from .webhook_with_secret import WebhookWithSecret

__all__ = (
    "Account",
    "AccountHealth",
    "AccountList",
    "ApiKey",
    "ApiKeyCreate",
    "ApiKeyCreateScopesItem",
    "ApiKeyList",
    "ApiKeyWithSecret",
    "Asset",
    "AssetImport",
    "AssetList",
    "AssetMediaType",
    "AssetUpload",
    "Board",
    "BoardList",
    "BoardSection",
    "BoardSectionList",
    "Bucket",
    "CarouselItem",
    "Check",
    "CheckFields",
    "CheckStatus",
    "ErrorBody",
    "ErrorBodyDetails",
    "ErrorEnvelope",
    "Health",
    "ListAssetsMediaType",
    "ListPinsStatus",
    "OAuthStart",
    "PaginationMetadata",
    "Pin",
    "PinAttempt",
    "PinBatchCreate",
    "PinBatchCreatePinsItem",
    "PinBatchItem",
    "PinBatchItemErrorType0Type0",
    "PinBatchItemPinType0Type0",
    "PinBatchItemStatus",
    "PinBatchResult",
    "PinBatchSummary",
    "PinCreate",
    "PinError",
    "PinErrorType0Type0",
    "PinEvent",
    "PinList",
    "PinMediaType",
    "PinQueuedReasonType1",
    "PinQueuedReasonType2Type1",
    "PinQueuedReasonType3Type1",
    "PinStatus",
    "PinValidation",
    "RateMeter",
    "RateMeterCategories",
    "Readiness",
    "ReadinessChecks",
    "Usage",
    "Verdict",
    "VerdictErrorType0Type0",
    "VerdictOutcome",
    "Webhook",
    "WebhookAttempt",
    "WebhookCreate",
    "WebhookCreateEventsItem",
    "WebhookDelivery",
    "WebhookDeliveryList",
    "WebhookEvent",
    "WebhookEventData",
    "WebhookEventType",
    "WebhookList",
    "WebhookUpdate",
    "WebhookUpdateEventsItem",
    "WebhookWithSecret",
)
