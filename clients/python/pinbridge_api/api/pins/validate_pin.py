from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.pin_create import PinCreate
from ...models.pin_validation import PinValidation
from ...types import Response


def _get_kwargs(
    *,
    body: PinCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/pins/validate",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorEnvelope | PinValidation:
    if response.status_code == 200:
        response_200 = PinValidation.from_dict(response.json())

        return response_200

    response_default = ErrorEnvelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | PinValidation]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PinCreate,
) -> Response[ErrorEnvelope | PinValidation]:
    """Validate a pin without creating it

     Runs every check `POST /v1/pins` would (schema, text lengths, idempotency, account, board
    access, media, carousel, video cover, media reachability) and creates nothing. `verdict`
    is what create would answer; each check has a status and, when it fails, a remediation.

    Args:
        body (PinCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | PinValidation]
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
    body: PinCreate,
) -> ErrorEnvelope | PinValidation | None:
    """Validate a pin without creating it

     Runs every check `POST /v1/pins` would (schema, text lengths, idempotency, account, board
    access, media, carousel, video cover, media reachability) and creates nothing. `verdict`
    is what create would answer; each check has a status and, when it fails, a remediation.

    Args:
        body (PinCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | PinValidation
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PinCreate,
) -> Response[ErrorEnvelope | PinValidation]:
    """Validate a pin without creating it

     Runs every check `POST /v1/pins` would (schema, text lengths, idempotency, account, board
    access, media, carousel, video cover, media reachability) and creates nothing. `verdict`
    is what create would answer; each check has a status and, when it fails, a remediation.

    Args:
        body (PinCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | PinValidation]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PinCreate,
) -> ErrorEnvelope | PinValidation | None:
    """Validate a pin without creating it

     Runs every check `POST /v1/pins` would (schema, text lengths, idempotency, account, board
    access, media, carousel, video cover, media reachability) and creates nothing. `verdict`
    is what create would answer; each check has a status and, when it fails, a remediation.

    Args:
        body (PinCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | PinValidation
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
