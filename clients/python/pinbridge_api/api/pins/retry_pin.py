from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.pin import Pin
from ...types import Response


def _get_kwargs(
    pin_id: str,
) -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/pins/{pin_id}/retry".format(
            pin_id=quote(str(pin_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorEnvelope | Pin:
    if response.status_code == 200:
        response_200 = Pin.from_dict(response.json())

        return response_200

    response_default = ErrorEnvelope.from_dict(response.json())

    return response_default


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorEnvelope | Pin]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    pin_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorEnvelope | Pin]:
    """Retry a failed pin

     Queues a new attempt series for a `failed` pin (409 `pin_not_retryable` otherwise).

    Args:
        pin_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | Pin]
    """

    kwargs = _get_kwargs(
        pin_id=pin_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    pin_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorEnvelope | Pin | None:
    """Retry a failed pin

     Queues a new attempt series for a `failed` pin (409 `pin_not_retryable` otherwise).

    Args:
        pin_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | Pin
    """

    return sync_detailed(
        pin_id=pin_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    pin_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorEnvelope | Pin]:
    """Retry a failed pin

     Queues a new attempt series for a `failed` pin (409 `pin_not_retryable` otherwise).

    Args:
        pin_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | Pin]
    """

    kwargs = _get_kwargs(
        pin_id=pin_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    pin_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorEnvelope | Pin | None:
    """Retry a failed pin

     Queues a new attempt series for a `failed` pin (409 `pin_not_retryable` otherwise).

    Args:
        pin_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | Pin
    """

    return (
        await asyncio_detailed(
            pin_id=pin_id,
            client=client,
        )
    ).parsed
