from enum import StrEnum


class ApiKeyCreateScopesItem(StrEnum):
    READ = "read"
    WRITE = "write"

    def __str__(self) -> str:
        return str(self.value)
