from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.pin import Pin
from ...types import UNSET, Response, Unset


def _get_kwargs(
    pin_id: str,
    *,
    from_pinterest: bool | Unset = False,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["from_pinterest"] = from_pinterest

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/pins/{pin_id}".format(
            pin_id=quote(str(pin_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorEnvelope | Pin:
    if response.status_code == 200:
        response_200 = Pin.from_dict(response.json())

        return response_200

    if response.status_code == 422:
        response_422 = ErrorEnvelope.from_dict(response.json())

        return response_422

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
    from_pinterest: bool | Unset = False,
) -> Response[ErrorEnvelope | Pin]:
    """Cancel a queued pin, or delete a published one from Pinterest

     A `queued` pin becomes `canceled`. A `published` pin is refused (409 `pin_not_cancelable`)
    unless `from_pinterest=true`: then PinBridge deletes it on Pinterest (an `org_write` call,
    paced like publishing: without a token, 429 `rate_limited` with `Retry-After`) and the pin
    stays `published` with `deleted_from_pinterest_at` set and a `deleted_from_pinterest` event.
    A pin Pinterest no longer has counts as deleted; repeating the call returns the same pin and
    does not call Pinterest again. Pinterest errors: 503 `pinterest_unavailable` (retry),
    409 `pinterest_delete_refused` (reason in `details`). No webhook is sent.

    Args:
        pin_id (str):
        from_pinterest (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | Pin]
    """

    kwargs = _get_kwargs(
        pin_id=pin_id,
        from_pinterest=from_pinterest,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    pin_id: str,
    *,
    client: AuthenticatedClient | Client,
    from_pinterest: bool | Unset = False,
) -> ErrorEnvelope | Pin | None:
    """Cancel a queued pin, or delete a published one from Pinterest

     A `queued` pin becomes `canceled`. A `published` pin is refused (409 `pin_not_cancelable`)
    unless `from_pinterest=true`: then PinBridge deletes it on Pinterest (an `org_write` call,
    paced like publishing: without a token, 429 `rate_limited` with `Retry-After`) and the pin
    stays `published` with `deleted_from_pinterest_at` set and a `deleted_from_pinterest` event.
    A pin Pinterest no longer has counts as deleted; repeating the call returns the same pin and
    does not call Pinterest again. Pinterest errors: 503 `pinterest_unavailable` (retry),
    409 `pinterest_delete_refused` (reason in `details`). No webhook is sent.

    Args:
        pin_id (str):
        from_pinterest (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | Pin
    """

    return sync_detailed(
        pin_id=pin_id,
        client=client,
        from_pinterest=from_pinterest,
    ).parsed


async def asyncio_detailed(
    pin_id: str,
    *,
    client: AuthenticatedClient | Client,
    from_pinterest: bool | Unset = False,
) -> Response[ErrorEnvelope | Pin]:
    """Cancel a queued pin, or delete a published one from Pinterest

     A `queued` pin becomes `canceled`. A `published` pin is refused (409 `pin_not_cancelable`)
    unless `from_pinterest=true`: then PinBridge deletes it on Pinterest (an `org_write` call,
    paced like publishing: without a token, 429 `rate_limited` with `Retry-After`) and the pin
    stays `published` with `deleted_from_pinterest_at` set and a `deleted_from_pinterest` event.
    A pin Pinterest no longer has counts as deleted; repeating the call returns the same pin and
    does not call Pinterest again. Pinterest errors: 503 `pinterest_unavailable` (retry),
    409 `pinterest_delete_refused` (reason in `details`). No webhook is sent.

    Args:
        pin_id (str):
        from_pinterest (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | Pin]
    """

    kwargs = _get_kwargs(
        pin_id=pin_id,
        from_pinterest=from_pinterest,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    pin_id: str,
    *,
    client: AuthenticatedClient | Client,
    from_pinterest: bool | Unset = False,
) -> ErrorEnvelope | Pin | None:
    """Cancel a queued pin, or delete a published one from Pinterest

     A `queued` pin becomes `canceled`. A `published` pin is refused (409 `pin_not_cancelable`)
    unless `from_pinterest=true`: then PinBridge deletes it on Pinterest (an `org_write` call,
    paced like publishing: without a token, 429 `rate_limited` with `Retry-After`) and the pin
    stays `published` with `deleted_from_pinterest_at` set and a `deleted_from_pinterest` event.
    A pin Pinterest no longer has counts as deleted; repeating the call returns the same pin and
    does not call Pinterest again. Pinterest errors: 503 `pinterest_unavailable` (retry),
    409 `pinterest_delete_refused` (reason in `details`). No webhook is sent.

    Args:
        pin_id (str):
        from_pinterest (bool | Unset):  Default: False.

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
            from_pinterest=from_pinterest,
        )
    ).parsed
