from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.pin_batch_create import PinBatchCreate
from ...models.pin_batch_result import PinBatchResult
from ...types import Response


def _get_kwargs(
    *,
    body: PinBatchCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/pins/batch",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | PinBatchResult:
    if response.status_code == 200:
        response_200 = PinBatchResult.from_dict(response.json())

        return response_200

    if response.status_code == 422:
        response_422 = ErrorEnvelope.from_dict(response.json())

        return response_422

    response_default = ErrorEnvelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | PinBatchResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PinBatchCreate,
) -> Response[ErrorEnvelope | PinBatchResult]:
    """Create up to 100 pins

     Each pin is accepted on its own, exactly as `POST /v1/pins` would: per item `created`,
    `existing` (idempotent replay) or `failed` with the error. One bad pin fails only itself.

    Args:
        body (PinBatchCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | PinBatchResult]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: PinBatchCreate,
) -> ErrorEnvelope | PinBatchResult | None:
    """Create up to 100 pins

     Each pin is accepted on its own, exactly as `POST /v1/pins` would: per item `created`,
    `existing` (idempotent replay) or `failed` with the error. One bad pin fails only itself.

    Args:
        body (PinBatchCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | PinBatchResult
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PinBatchCreate,
) -> Response[ErrorEnvelope | PinBatchResult]:
    """Create up to 100 pins

     Each pin is accepted on its own, exactly as `POST /v1/pins` would: per item `created`,
    `existing` (idempotent replay) or `failed` with the error. One bad pin fails only itself.

    Args:
        body (PinBatchCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | PinBatchResult]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PinBatchCreate,
) -> ErrorEnvelope | PinBatchResult | None:
    """Create up to 100 pins

     Each pin is accepted on its own, exactly as `POST /v1/pins` would: per item `created`,
    `existing` (idempotent replay) or `failed` with the error. One bad pin fails only itself.

    Args:
        body (PinBatchCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | PinBatchResult
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
