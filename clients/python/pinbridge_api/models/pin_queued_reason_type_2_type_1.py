from enum import StrEnum


class PinQueuedReasonType2Type1(StrEnum):
    MEDIA_PROCESSING = "media_processing"
    PACING = "pacing"
    READY = "ready"
    RETRY_BACKOFF = "retry_backoff"
    SCHEDULED = "scheduled"

    def __str__(self) -> str:
        return str(self.value)
