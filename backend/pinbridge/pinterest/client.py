"""The one Pinterest API v5 client, used unchanged against Pinterest and the PinBridge simulator.

It does exactly one HTTP call per method call (the paginating helpers one per page) and never
retries: Pinterest's create has no idempotency key, so only the caller — which knows the pin's
attempt history and can reconcile against the board — may decide to try again. Failures are
raised as ``pinbridge.pinterest.errors.PinterestFailure`` subclasses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import requests

from pinbridge import __version__
from pinbridge.multipart import MultipartBody
from pinbridge.pinterest.errors import (
    PinterestError,
    error_from_response,
    error_from_transport,
    upload_error_from_response,
)

USER_AGENT = f"PinBridge/{__version__}"
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 30.0)
MAX_PAGE_SIZE = 250


@dataclass(frozen=True)
class PinterestResponse:
    """A successful answer: parsed JSON (None for 204), HTTP status and Pinterest's request id.

    The request id (``x-request-id``) is what Pinterest support asks for; the publisher records
    it on every attempt.
    """

    data: Any
    status: int
    request_id: str | None


class PinterestClient:
    """Typed methods over Pinterest v5 for one user's access token.

    ``base_url`` is e.g. ``https://api.pinterest.com/v5`` or a simulator's ``…/v5``;
    ``timeout`` is ``(connect, read)`` seconds. Pass ``session`` to share a connection pool;
    it must not be configured to retry.
    """

    def __init__(
        self,
        base_url: str,
        access_token: str,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = session or requests.Session()
        self._headers = {
            "Authorization": f"Bearer {access_token}",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }

    def get_user_account(self) -> PinterestResponse:
        """``GET /user_account``: the token owner's account (username, id, account_type…)."""
        return self._request("GET", "/user_account")

    def list_boards(self, page_size: int = MAX_PAGE_SIZE) -> list[dict[str, Any]]:
        """Every board of the user, following each ``bookmark`` until Pinterest returns null."""
        return list(self._paginate("/boards", page_size))

    def get_board(self, board_id: str) -> PinterestResponse:
        """``GET /boards/{board_id}``."""
        return self._request("GET", f"/boards/{board_id}")

    def list_board_sections(self, board_id: str, page_size: int = MAX_PAGE_SIZE) -> list[dict[str, Any]]:
        """Every section of a board (``GET /boards/{board_id}/sections``, all pages)."""
        return list(self._paginate(f"/boards/{board_id}/sections", page_size))

    def iter_board_pins(self, board_id: str, page_size: int = 100) -> Iterator[dict[str, Any]]:
        """Pins on a board, newest first, one page request at a time as the caller consumes.

        Lazy on purpose: reconciliation stops as soon as it has seen pins older than the attempt.
        """
        return self._paginate(f"/boards/{board_id}/pins", page_size)

    def create_pin(self, body: dict[str, Any]) -> PinterestResponse:
        """``POST /pins`` with a ``PinCreate`` body. Not idempotent: see the module docstring."""
        return self._request("POST", "/pins", json=body)

    def get_pin(self, pin_id: str) -> PinterestResponse:
        """``GET /pins/{pin_id}``."""
        return self._request("GET", f"/pins/{pin_id}")

    def delete_pin(self, pin_id: str) -> PinterestResponse:
        """``DELETE /pins/{pin_id}`` (Pinterest answers 204, sometimes 200)."""
        return self._request("DELETE", f"/pins/{pin_id}")

    def register_media(self, media_type: str = "video") -> PinterestResponse:
        """``POST /media``: ``media_id``, ``upload_url`` and ``upload_parameters`` for one upload."""
        return self._request("POST", "/media", json={"media_type": media_type})

    def get_media(self, media_id: str) -> PinterestResponse:
        """``GET /media/{media_id}``: ``status`` is registered, processing, succeeded or failed."""
        return self._request("GET", f"/media/{media_id}")

    def upload_media(
        self,
        upload_url: str,
        upload_parameters: dict[str, str],
        file: BinaryIO,
        size: int,
        *,
        filename: str,
        content_type: str,
    ) -> PinterestResponse:
        """The presigned POST to ``upload_url``: every parameter, then the bytes as ``file``.

        It goes to Pinterest's storage (S3), not the API: no Bearer token (S3 refuses a second
        credential), a ``Content-Length`` (S3 refuses chunked POSTs), streamed from ``file`` so a
        large video is never in memory. Success is 204.
        """
        body = MultipartBody(
            list(upload_parameters.items()), file, size, filename=filename, file_content_type=content_type
        )
        headers = {"Content-Type": body.content_type, "User-Agent": USER_AGENT}
        try:
            response = self._session.post(
                upload_url, data=body, headers=headers, timeout=self.timeout, allow_redirects=False
            )
        except requests.RequestException as exc:
            raise error_from_transport(exc) from exc
        if not 200 <= response.status_code < 300:
            raise upload_error_from_response(response)
        return PinterestResponse(None, response.status_code, response.headers.get("x-amz-request-id"))

    def _paginate(self, path: str, page_size: int) -> Iterator[dict[str, Any]]:
        params: dict[str, Any] = {"page_size": min(max(page_size, 1), MAX_PAGE_SIZE)}
        while True:
            page = self._request("GET", path, params=params).data
            yield from page.get("items") or []
            bookmark = page.get("bookmark")
            if not bookmark:
                return
            params = {**params, "bookmark": bookmark}

    def _request(self, method: str, path: str, **kwargs: Any) -> PinterestResponse:
        try:
            response = self._session.request(
                method,
                self.base_url + path,
                headers=self._headers,
                timeout=self.timeout,
                allow_redirects=False,
                **kwargs,
            )
        except requests.RequestException as exc:
            raise error_from_transport(exc) from exc
        return parse_response(response)


def parse_response(response: requests.Response) -> PinterestResponse:
    """Turn a requests response into a ``PinterestResponse`` or raise ``PinterestFailure``.

    Any 2xx is success (Pinterest documents both 200 and 201 for creates); a 2xx whose body is
    not JSON means something other than Pinterest answered, so it counts as a 502 (outcome
    unknown).
    """
    if not 200 <= response.status_code < 300:
        raise error_from_response(response)
    request_id = response.headers.get("x-request-id")
    if response.status_code == 204 or not response.content:
        return PinterestResponse(None, response.status_code, request_id)
    try:
        data = response.json()
    except ValueError as exc:
        message = f"HTTP {response.status_code} with a body that is not JSON"
        raise PinterestError(502, None, message, request_id=request_id) from exc
    return PinterestResponse(data, response.status_code, request_id)
