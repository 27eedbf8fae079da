"""Pinterest accounts: which Pinterest a workspace talks to, saving a connection, reading accounts.

A connection is keyed by (workspace, Pinterest user id): connecting the same Pinterest user again
(a reconnect after ``reconnect_required``, a disconnect, or simply a second OAuth round) updates
that account — new tokens, scopes and username, status back to ``active`` — instead of creating a
second one, so pins and ids that refer to it stay valid.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from pinbridge.errors import Conflict, NotFound, ServiceUnavailable
from pinbridge.ids import new_id
from pinbridge.models import PinterestAccount, Workspace
from pinbridge.models.account import (
    ACTIVE,
    API_PINTEREST,
    API_PINTEREST_SANDBOX,
    API_SIMULATOR,
    DISCONNECTED,
)
from pinbridge.pinterest import oauth
from pinbridge.pinterest.client import PinterestClient
from pinbridge.runtime import Runtime
from pinbridge.services import activity
from pinbridge.settings import Settings
from pinbridge.timeutil import utcnow

SANDBOX_REDIRECT_URI = "http://127.0.0.1/pinbridge/sandbox-connect"
SANDBOX_APIS = (API_SIMULATOR, API_PINTEREST_SANDBOX)


def workspace_api(workspace: Workspace) -> str:
    """Live workspaces use Pinterest production; sandbox ones the simulator unless set otherwise."""
    if not workspace.is_sandbox:
        return API_PINTEREST
    return workspace.pinterest_api or API_SIMULATOR


def base_url(runtime: Runtime, api: str) -> str:
    settings = runtime.settings
    return {
        API_SIMULATOR: settings.simulator_url,
        API_PINTEREST_SANDBOX: settings.pinterest_sandbox_api_url,
        API_PINTEREST: settings.pinterest_api_url,
    }[api]


def authorize_url(settings: Settings, api: str) -> str:
    """The consent page: the simulator's own, or Pinterest's (its sandbox uses the same page)."""
    return settings.simulator_authorize_url if api == API_SIMULATOR else settings.pinterest_authorize_url


def app_credentials(settings: Settings, api: str) -> tuple[str, str]:
    """The OAuth client PinBridge is to this Pinterest: the simulator's, or your Pinterest app."""
    if api == API_SIMULATOR:
        return settings.simulator_client_id, settings.simulator_client_secret
    if not settings.has_pinterest_app:
        raise ServiceUnavailable(
            "This PinBridge has no Pinterest app configured (PINBRIDGE_PINTEREST_CLIENT_ID and "
            "PINBRIDGE_PINTEREST_CLIENT_SECRET); its operator must set them.",
            code="pinterest_app_not_configured",
            retryable=False,
        )
    return settings.pinterest_client_id, settings.pinterest_client_secret


def timeout(settings: Settings) -> tuple[float, float]:
    return settings.pinterest_connect_timeout, settings.pinterest_read_timeout


def client_with_token(runtime: Runtime, account: PinterestAccount, access_token: str) -> PinterestClient:
    return PinterestClient(
        base_url(runtime, account.api), access_token, timeout=timeout(runtime.settings), session=runtime.pinterest_http
    )


def access_token(runtime: Runtime, account: PinterestAccount) -> str:
    return runtime.cipher.decrypt(account.access_token_encrypted or "", context=account.id)


def get_account(session: Session, workspace: Workspace, account_id: str) -> PinterestAccount:
    account = session.get(PinterestAccount, account_id)
    if account is None or account.workspace_id != workspace.id:
        raise NotFound(f"No Pinterest account {account_id!r} in this workspace.", code="account_not_found")
    return account


def require_active(account: PinterestAccount) -> None:
    """Only an active account can talk to Pinterest; the error says how to get it back."""
    if account.status == ACTIVE:
        return
    if account.status == DISCONNECTED:
        raise Conflict(
            f"Pinterest account {account.id} was disconnected; connect it again through /v1/pinterest/oauth/start.",
            code="account_disconnected",
        )
    raise reconnect_error(account.id, account.status_reason)


def reconnect_error(account_id: str, reason: str | None) -> Conflict:
    return Conflict(
        f"Pinterest account {account_id} needs to be reconnected before it can publish "
        f"({reason or 'its token could not be refreshed'}); send the user through "
        "/v1/pinterest/oauth/start.",
        code="account_reconnect_required",
        details={"account_id": account_id, "reason": reason},
    )


def find_account(runtime: Runtime, workspace: Workspace, account_id: str) -> PinterestAccount:
    with runtime.db.reading() as session:
        return get_account(session, workspace, account_id)


def list_accounts(runtime: Runtime, workspace: Workspace) -> list[PinterestAccount]:
    with runtime.db.reading() as session:
        return list(
            session.scalars(
                select(PinterestAccount)
                .where(PinterestAccount.workspace_id == workspace.id)
                .order_by(PinterestAccount.id)
            )
        )


def save_connection(
    runtime: Runtime,
    session: Session,
    workspace_id: str,
    api: str,
    user: dict[str, Any],
    tokens: oauth.TokenSet,
    *,
    actor: str | None = None,
) -> PinterestAccount:
    """Create the account for this Pinterest user, or update the one this workspace already has
    (a reconnect), with its ``account.connected`` activity."""
    user_id = str(user.get("id") or user["username"])
    account = session.scalar(
        select(PinterestAccount)
        .where(PinterestAccount.workspace_id == workspace_id, PinterestAccount.pinterest_user_id == user_id)
        .with_for_update()
    )
    reconnected = account is not None
    if account is None:
        account = PinterestAccount(id=new_id("acc"), workspace_id=workspace_id, pinterest_user_id=user_id)
        session.add(account)
    account.username = user["username"]
    account.api = api
    for column, value in token_values(runtime, account.id, tokens).items():
        setattr(account, column, value)
    activity.record(
        session,
        workspace_id,
        "account.connected",
        actor=actor,
        subject_id=account.id,
        username=account.username,
        api=api,
        reconnected=reconnected,
    )
    session.flush()
    return account


def token_values(runtime: Runtime, account_id: str, tokens: oauth.TokenSet) -> dict[str, Any]:
    """The columns a fresh token set writes — all at once, so the pair is never half-updated."""
    cipher = runtime.cipher
    now = utcnow()
    return {
        "access_token_encrypted": cipher.encrypt(tokens.access_token, context=account_id),
        "refresh_token_encrypted": cipher.encrypt(tokens.refresh_token, context=account_id),
        "token_expires_at": tokens.expires_at or now + timedelta(days=30),
        "refresh_token_expires_at": tokens.refresh_token_expires_at,
        "token_refreshed_at": now,
        "scopes": ",".join(tokens.scopes),
        "status": ACTIVE,
        "status_reason": None,
        "updated_at": now,
    }


def connect_simulator_account(
    runtime: Runtime, session: Session, workspace: Workspace, username: str, *, actor: str | None = None, **user: Any
) -> PinterestAccount:
    """Create a simulator user and connect it through the real OAuth code exchange.

    The simulator hands out an authorization code for a new user (the step a person's consent
    performs on Pinterest); from there on it is the production path: code → tokens → user_account.
    ``user`` passes extra fields to ``POST /_simulator/users`` (e.g. ``boards``, ``extra_boards``).
    """
    settings = runtime.settings
    sim_root = settings.simulator_url.removesuffix("/").removesuffix("/v5")
    try:
        response = requests.post(f"{sim_root}/_simulator/users", json={"username": username, **user}, timeout=30)
        response.raise_for_status()
    except requests.RequestException as exc:
        raise ServiceUnavailable(
            f"The Pinterest simulator at {sim_root} is not reachable ({type(exc).__name__}); "
            "start it with `pinbridge dev` or `pinbridge simulator`.",
            code="simulator_unavailable",
        ) from None
    client_id, client_secret = app_credentials(settings, API_SIMULATOR)
    tokens = oauth.exchange_code(
        settings.simulator_url,
        client_id,
        client_secret,
        response.json()["authorization_code"],
        SANDBOX_REDIRECT_URI,
        timeout=timeout(settings),
    )
    me = PinterestClient(settings.simulator_url, tokens.access_token, timeout=timeout(settings))
    return save_connection(
        runtime, session, workspace.id, API_SIMULATOR, me.get_user_account().data, tokens, actor=actor
    )
