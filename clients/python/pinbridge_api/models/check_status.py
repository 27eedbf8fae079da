from enum import StrEnum


class CheckStatus(StrEnum):
    FAIL = "fail"
    PASS = "pass"
    SKIPPED = "skipped"
    WARN = "warn"

    def __str__(self) -> str:
        return str(self.value)
