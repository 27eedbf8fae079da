"""The boundary to Pinterest API v5: client, OAuth and error translation.

Nothing here imports Flask or touches the database; callers own retries, pacing and storage.
"""

from pinbridge.pinterest.client import PinterestClient, PinterestResponse
from pinbridge.pinterest.errors import (
    ErrorKind,
    PinterestError,
    PinterestFailure,
    PinterestTransportError,
)
from pinbridge.pinterest.oauth import (
    TokenSet,
    build_authorize_url,
    exchange_code,
    refresh_access_token,
)

__all__ = [
    "ErrorKind",
    "PinterestClient",
    "PinterestError",
    "PinterestFailure",
    "PinterestResponse",
    "PinterestTransportError",
    "TokenSet",
    "build_authorize_url",
    "exchange_code",
    "refresh_access_token",
]
