from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.asset import Asset
from ...models.asset_import import AssetImport
from ...models.asset_upload import AssetUpload
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: AssetImport | AssetUpload | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/assets",
    }

    if isinstance(body, AssetImport):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, AssetUpload):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Asset | ErrorEnvelope:
    if response.status_code == 200:
        response_200 = Asset.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = Asset.from_dict(response.json())

        return response_201

    response_default = ErrorEnvelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Asset | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AssetImport | AssetUpload | Unset = UNSET,
) -> Response[Asset | ErrorEnvelope]:
    """Upload an asset

     Multipart with the file in the part `file`, or JSON `{"url"}` to have PinBridge fetch it.
    The type is read from the bytes (JPEG, PNG, WebP, GIF images; MP4, MOV, M4V videos; else
    415); images up to 20 MB, files up to 2 GiB by default (413 beyond). The same bytes give
    the same asset (200).

    Args:
        body (AssetImport):
        body (AssetUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Asset | ErrorEnvelope]
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
    body: AssetImport | AssetUpload | Unset = UNSET,
) -> Asset | ErrorEnvelope | None:
    """Upload an asset

     Multipart with the file in the part `file`, or JSON `{"url"}` to have PinBridge fetch it.
    The type is read from the bytes (JPEG, PNG, WebP, GIF images; MP4, MOV, M4V videos; else
    415); images up to 20 MB, files up to 2 GiB by default (413 beyond). The same bytes give
    the same asset (200).

    Args:
        body (AssetImport):
        body (AssetUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Asset | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AssetImport | AssetUpload | Unset = UNSET,
) -> Response[Asset | ErrorEnvelope]:
    """Upload an asset

     Multipart with the file in the part `file`, or JSON `{"url"}` to have PinBridge fetch it.
    The type is read from the bytes (JPEG, PNG, WebP, GIF images; MP4, MOV, M4V videos; else
    415); images up to 20 MB, files up to 2 GiB by default (413 beyond). The same bytes give
    the same asset (200).

    Args:
        body (AssetImport):
        body (AssetUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Asset | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AssetImport | AssetUpload | Unset = UNSET,
) -> Asset | ErrorEnvelope | None:
    """Upload an asset

     Multipart with the file in the part `file`, or JSON `{"url"}` to have PinBridge fetch it.
    The type is read from the bytes (JPEG, PNG, WebP, GIF images; MP4, MOV, M4V videos; else
    415); images up to 20 MB, files up to 2 GiB by default (413 beyond). The same bytes give
    the same asset (200).

    Args:
        body (AssetImport):
        body (AssetUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Asset | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
