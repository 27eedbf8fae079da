from enum import StrEnum


class VerdictOutcome(StrEnum):
    CREATED = "created"
    EXISTING = "existing"
    FAILED = "failed"

    def __str__(self) -> str:
        return str(self.value)
