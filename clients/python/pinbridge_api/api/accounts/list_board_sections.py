from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.board_section_list import BoardSectionList
from ...models.error_envelope import ErrorEnvelope
from ...types import Response


def _get_kwargs(
    account_id: str,
    board_id: str,
) -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/pinterest/accounts/{account_id}/boards/{board_id}/sections".format(
            account_id=quote(str(account_id), safe=""),
            board_id=quote(str(board_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BoardSectionList | ErrorEnvelope:
    if response.status_code == 200:
        response_200 = BoardSectionList.from_dict(response.json())

        return response_200

    response_default = ErrorEnvelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BoardSectionList | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    board_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[BoardSectionList | ErrorEnvelope]:
    """List a board's sections

     Every page from Pinterest; 404 `board_not_found` when the board is not the account's.

    Args:
        account_id (str):
        board_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BoardSectionList | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        board_id=board_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    board_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> BoardSectionList | ErrorEnvelope | None:
    """List a board's sections

     Every page from Pinterest; 404 `board_not_found` when the board is not the account's.

    Args:
        account_id (str):
        board_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BoardSectionList | ErrorEnvelope
    """

    return sync_detailed(
        account_id=account_id,
        board_id=board_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    board_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[BoardSectionList | ErrorEnvelope]:
    """List a board's sections

     Every page from Pinterest; 404 `board_not_found` when the board is not the account's.

    Args:
        account_id (str):
        board_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BoardSectionList | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        board_id=board_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    board_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> BoardSectionList | ErrorEnvelope | None:
    """List a board's sections

     Every page from Pinterest; 404 `board_not_found` when the board is not the account's.

    Args:
        account_id (str):
        board_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BoardSectionList | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            board_id=board_id,
            client=client,
        )
    ).parsed
