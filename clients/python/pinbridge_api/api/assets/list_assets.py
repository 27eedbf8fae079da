from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.asset_list import AssetList
from ...models.error_envelope import ErrorEnvelope
from ...models.list_assets_media_type import ListAssetsMediaType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    media_type: ListAssetsMediaType | Unset = UNSET,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    json_media_type: str | Unset = UNSET
    if not isinstance(media_type, Unset):
        json_media_type = media_type.value

    params["media_type"] = json_media_type

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/assets",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AssetList | ErrorEnvelope:
    if response.status_code == 200:
        response_200 = AssetList.from_dict(response.json())

        return response_200

    if response.status_code == 422:
        response_422 = ErrorEnvelope.from_dict(response.json())

        return response_422

    response_default = ErrorEnvelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AssetList | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    media_type: ListAssetsMediaType | Unset = UNSET,
) -> Response[AssetList | ErrorEnvelope]:
    """List assets

     Newest first, optionally only images or videos; follow `next_cursor`.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        media_type (ListAssetsMediaType | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssetList | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        media_type=media_type,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    media_type: ListAssetsMediaType | Unset = UNSET,
) -> AssetList | ErrorEnvelope | None:
    """List assets

     Newest first, optionally only images or videos; follow `next_cursor`.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        media_type (ListAssetsMediaType | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssetList | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        media_type=media_type,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    media_type: ListAssetsMediaType | Unset = UNSET,
) -> Response[AssetList | ErrorEnvelope]:
    """List assets

     Newest first, optionally only images or videos; follow `next_cursor`.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        media_type (ListAssetsMediaType | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssetList | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        media_type=media_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    media_type: ListAssetsMediaType | Unset = UNSET,
) -> AssetList | ErrorEnvelope | None:
    """List assets

     Newest first, optionally only images or videos; follow `next_cursor`.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        media_type (ListAssetsMediaType | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssetList | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            media_type=media_type,
        )
    ).parsed
