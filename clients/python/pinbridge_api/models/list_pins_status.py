from enum import StrEnum


class ListPinsStatus(StrEnum):
    CANCELED = "canceled"
    FAILED = "failed"
    PUBLISHED = "published"
    PUBLISHING = "publishing"
    QUEUED = "queued"

    def __str__(self) -> str:
        return str(self.value)
