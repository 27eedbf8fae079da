"""Pinterest accounts: connecting one (the sandbox shortcut for now), listing, and talking as it."""

from __future__ import annotations

from datetime import timedelta

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
)
from pinbridge.pinterest import oauth
from pinbridge.pinterest.client import PinterestClient
from pinbridge.runtime import Runtime
from pinbridge.timeutil import utcnow

SANDBOX_REDIRECT_URI = "http://127.0.0.1/pinbridge/sandbox-connect"


def base_url(runtime: Runtime, api: str) -> str:
    settings = runtime.settings
    return {
        API_SIMULATOR: settings.simulator_url,
        API_PINTEREST_SANDBOX: settings.pinterest_sandbox_api_url,
        API_PINTEREST: settings.pinterest_api_url,
    }[api]


def client_for(runtime: Runtime, account: PinterestAccount) -> PinterestClient:
    token = runtime.cipher.decrypt(account.access_token_encrypted or "", context=account.id)
    settings = runtime.settings
    return PinterestClient(
        base_url(runtime, account.api),
        token,
        timeout=(settings.pinterest_connect_timeout, settings.pinterest_read_timeout),
    )


def get_account(session: Session, workspace: Workspace, account_id: str) -> PinterestAccount:
    account = session.get(PinterestAccount, account_id)
    if account is None or account.workspace_id != workspace.id:
        raise NotFound(f"No Pinterest account {account_id!r} in this workspace.", code="account_not_found")
    return account


def require_active(account: PinterestAccount) -> None:
    if account.status != ACTIVE:
        raise Conflict(
            f"Pinterest account {account.id} needs to be reconnected before it can publish.",
            code="account_reconnect_required",
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


def connect_simulator_account(
    runtime: Runtime, session: Session, workspace: Workspace, username: str
) -> PinterestAccount:
    """Create a simulator user and connect it through the real OAuth code exchange.

    The simulator hands out an authorization code for a new user (the step a person's consent
    performs on Pinterest); from there on it is the production path: code → tokens → user_account.
    """
    settings = runtime.settings
    sim_root = settings.simulator_url.removesuffix("/").removesuffix("/v5")
    try:
        response = requests.post(f"{sim_root}/_simulator/users", json={"username": username}, timeout=10)
        response.raise_for_status()
    except requests.RequestException as exc:
        raise ServiceUnavailable(
            f"The Pinterest simulator at {sim_root} is not reachable ({type(exc).__name__}); "
            "start it with `pinbridge dev` or `pinbridge simulator`.",
            code="simulator_unavailable",
        ) from None
    tokens = oauth.exchange_code(
        settings.simulator_url,
        settings.simulator_client_id,
        settings.simulator_client_secret,
        response.json()["authorization_code"],
        SANDBOX_REDIRECT_URI,
        timeout=(settings.pinterest_connect_timeout, settings.pinterest_read_timeout),
    )
    user = PinterestClient(settings.simulator_url, tokens.access_token).get_user_account().data
    account = PinterestAccount(
        id=new_id("acc"),
        workspace_id=workspace.id,
        pinterest_user_id=str(user.get("id") or user["username"]),
        username=user["username"],
        api=API_SIMULATOR,
    )
    store_tokens(runtime, account, tokens)
    session.add(account)
    return account


def store_tokens(runtime: Runtime, account: PinterestAccount, tokens: oauth.TokenSet) -> None:
    cipher = runtime.cipher
    account.access_token_encrypted = cipher.encrypt(tokens.access_token, context=account.id)
    if tokens.refresh_token:
        account.refresh_token_encrypted = cipher.encrypt(tokens.refresh_token, context=account.id)
    account.token_expires_at = tokens.expires_at or utcnow() + timedelta(days=30)
    account.refresh_token_expires_at = tokens.refresh_token_expires_at
    account.scopes = ",".join(tokens.scopes)
    account.status = ACTIVE
