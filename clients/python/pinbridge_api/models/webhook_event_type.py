from enum import StrEnum


class WebhookEventType(StrEnum):
    ACCOUNT_RECONNECT_REQUIRED = "account.reconnect_required"
    PIN_FAILED = "pin.failed"
    PIN_PUBLISHED = "pin.published"
    WEBHOOK_TEST = "webhook.test"

    def __str__(self) -> str:
        return str(self.value)
