from enum import StrEnum


class WebhookCreateEventsItem(StrEnum):
    ACCOUNT_RECONNECT_REQUIRED = "account.reconnect_required"
    PIN_FAILED = "pin.failed"
    PIN_PUBLISHED = "pin.published"

    def __str__(self) -> str:
        return str(self.value)
