from enum import StrEnum


class PinMediaType(StrEnum):
    CAROUSEL = "carousel"
    IMAGE = "image"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)
