from enum import StrEnum


class AccountHealth(StrEnum):
    ACTIVE = "active"
    DISCONNECTED = "disconnected"
    MISSING_SCOPES = "missing_scopes"
    RECONNECT_REQUIRED = "reconnect_required"

    def __str__(self) -> str:
        return str(self.value)
