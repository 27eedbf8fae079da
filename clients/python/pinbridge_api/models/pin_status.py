from enum import StrEnum


class PinStatus(StrEnum):
    CANCELED = "canceled"
    FAILED = "failed"
    PUBLISHED = "published"
    PUBLISHING = "publishing"
    QUEUED = "queued"

    def __str__(self) -> str:
        return str(self.value)
