from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.o_auth_start import OAuthStart
from ...types import UNSET, Response


def _get_kwargs(
    *,
    return_url: str,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["return_url"] = return_url

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/pinterest/oauth/start",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorEnvelope | OAuthStart:
    if response.status_code == 200:
        response_200 = OAuthStart.from_dict(response.json())

        return response_200

    if response.status_code == 422:
        response_422 = ErrorEnvelope.from_dict(response.json())

        return response_422

    response_default = ErrorEnvelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | OAuthStart]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    return_url: str,
) -> Response[ErrorEnvelope | OAuthStart]:
    """Start connecting a Pinterest account

     Returns the consent URL to send the end user to, with a single-use `state` that expires.
    Sandbox workspaces connect to the simulator (or Pinterest's sandbox), live ones to Pinterest.

    Args:
        return_url (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | OAuthStart]
    """

    kwargs = _get_kwargs(
        return_url=return_url,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    return_url: str,
) -> ErrorEnvelope | OAuthStart | None:
    """Start connecting a Pinterest account

     Returns the consent URL to send the end user to, with a single-use `state` that expires.
    Sandbox workspaces connect to the simulator (or Pinterest's sandbox), live ones to Pinterest.

    Args:
        return_url (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | OAuthStart
    """

    return sync_detailed(
        client=client,
        return_url=return_url,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    return_url: str,
) -> Response[ErrorEnvelope | OAuthStart]:
    """Start connecting a Pinterest account

     Returns the consent URL to send the end user to, with a single-use `state` that expires.
    Sandbox workspaces connect to the simulator (or Pinterest's sandbox), live ones to Pinterest.

    Args:
        return_url (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | OAuthStart]
    """

    kwargs = _get_kwargs(
        return_url=return_url,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    return_url: str,
) -> ErrorEnvelope | OAuthStart | None:
    """Start connecting a Pinterest account

     Returns the consent URL to send the end user to, with a single-use `state` that expires.
    Sandbox workspaces connect to the simulator (or Pinterest's sandbox), live ones to Pinterest.

    Args:
        return_url (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | OAuthStart
    """

    return (
        await asyncio_detailed(
            client=client,
            return_url=return_url,
        )
    ).parsed
