from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.board_list import BoardList
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    *,
    refresh: bool | Unset = False,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["refresh"] = refresh

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/pinterest/accounts/{account_id}/boards".format(
            account_id=quote(str(account_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BoardList | ErrorEnvelope:
    if response.status_code == 200:
        response_200 = BoardList.from_dict(response.json())

        return response_200

    if response.status_code == 422:
        response_422 = ErrorEnvelope.from_dict(response.json())

        return response_422

    response_default = ErrorEnvelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BoardList | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    refresh: bool | Unset = False,
) -> Response[BoardList | ErrorEnvelope]:
    """List an account's boards

     Every page from Pinterest, cached briefly; `refresh=true` bypasses the cache.

    Args:
        account_id (str):
        refresh (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BoardList | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        refresh=refresh,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    refresh: bool | Unset = False,
) -> BoardList | ErrorEnvelope | None:
    """List an account's boards

     Every page from Pinterest, cached briefly; `refresh=true` bypasses the cache.

    Args:
        account_id (str):
        refresh (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BoardList | ErrorEnvelope
    """

    return sync_detailed(
        account_id=account_id,
        client=client,
        refresh=refresh,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    refresh: bool | Unset = False,
) -> Response[BoardList | ErrorEnvelope]:
    """List an account's boards

     Every page from Pinterest, cached briefly; `refresh=true` bypasses the cache.

    Args:
        account_id (str):
        refresh (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BoardList | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        refresh=refresh,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    refresh: bool | Unset = False,
) -> BoardList | ErrorEnvelope | None:
    """List an account's boards

     Every page from Pinterest, cached briefly; `refresh=true` bypasses the cache.

    Args:
        account_id (str):
        refresh (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BoardList | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            client=client,
            refresh=refresh,
        )
    ).parsed
