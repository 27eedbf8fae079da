from enum import StrEnum


class PinBatchItemStatus(StrEnum):
    CREATED = "created"
    EXISTING = "existing"
    FAILED = "failed"

    def __str__(self) -> str:
        return str(self.value)
