"""Pinterest-shaped errors raised by the simulator's views: ``{"code": int, "message": str}``.

Codes follow shared/pinterest/NOTES.md so that PinBridge's error mapping sees exactly what
Pinterest would send; the helpers below name the ones the simulator produces.
"""

from __future__ import annotations


class SimError(Exception):
    """Rendered by the app as ``status`` with Pinterest's error body (and optional headers)."""

    def __init__(self, status: int, code: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def body(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message}


def invalid(message: str) -> SimError:
    """400 code 1: Pinterest's answer to pattern, length and URL violations."""
    return SimError(400, 1, message)


def authentication_failed() -> SimError:
    return SimError(401, 2, "Authentication failed.")


def missing_scopes(scopes: list[str]) -> SimError:
    missing = ", ".join(scopes)
    return SimError(401, 3, f"Not authorized to access the resource. Missing scopes: {missing}.")


def invalid_grant(message: str) -> SimError:
    """401 code 283: the code or refresh token is unknown, used, rotated or expired."""
    return SimError(401, 283, message)


def board_not_found() -> SimError:
    return SimError(404, 40, "Board not found.")


def section_not_found() -> SimError:
    return SimError(404, 2031, "Board section not found.")


def pin_not_found() -> SimError:
    return SimError(404, 50, "Pin not found.")
