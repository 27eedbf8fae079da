"""Creating and configuring workspaces: a sandbox one comes with a connected simulator account.

Configuration an operator may change per workspace: which Pinterest a sandbox workspace connects
new accounts to (``simulator``, the default, or ``pinterest_sandbox`` for an app on Pinterest's
Trial tier), and which origins an OAuth ``return_url`` may point at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pinbridge.errors import NotFound, ValidationFailed
from pinbridge.ids import new_id
from pinbridge.models import Workspace
from pinbridge.models.account import API_PINTEREST_SANDBOX, API_SIMULATOR
from pinbridge.models.workspace import ENVIRONMENTS, SANDBOX
from pinbridge.runtime import Runtime
from pinbridge.services import accounts, keys
from pinbridge.settings import origin_of


@dataclass(frozen=True)
class NewWorkspace:
    workspace_id: str
    api_key: str
    account_id: str | None


def create_workspace(runtime: Runtime, name: str, environment: str, *, actor: str | None = None) -> NewWorkspace:
    """``actor`` (who asked: a user, or None for an operator) goes into the activity log."""
    if environment not in ENVIRONMENTS:
        raise ValidationFailed("Unknown environment.", fields={"environment": [f"Must be one of {ENVIRONMENTS}."]})
    with runtime.db.session() as session:
        workspace = Workspace(id=new_id("ws"), name=name, environment=environment)
        session.add(workspace)
        session.flush()
        raw_key = keys.create_key(session, workspace, actor=actor)
        account_id = None
        if environment == SANDBOX:
            username = f"sandbox-{workspace.id[-8:]}"
            account_id = accounts.connect_simulator_account(runtime, session, workspace, username, actor=actor).id
    return NewWorkspace(workspace.id, raw_key, account_id)


def configure_workspace(
    runtime: Runtime,
    workspace_id: str,
    *,
    pinterest_api: str | None = None,
    allowed_origins: Sequence[str] | None = None,
) -> Workspace:
    """Change what is given; an empty ``allowed_origins`` falls back to the global setting."""
    with runtime.db.session() as session:
        workspace = session.get(Workspace, workspace_id)
        if workspace is None:
            raise NotFound(f"No workspace {workspace_id!r}.", code="workspace_not_found")
        if pinterest_api is not None:
            workspace.pinterest_api = _sandbox_api(workspace, pinterest_api)
        if allowed_origins is not None:
            workspace.oauth_allowed_origins = [_origin(o) for o in allowed_origins] or None
    return workspace


def _sandbox_api(workspace: Workspace, api: str) -> str:
    if not workspace.is_sandbox or api not in (API_SIMULATOR, API_PINTEREST_SANDBOX):
        raise ValidationFailed(
            "Only a sandbox workspace chooses its Pinterest: simulator or pinterest_sandbox.",
            fields={"pinterest_api": ["Live workspaces always use Pinterest production."]},
        )
    return api


def _origin(value: str) -> str:
    origin = origin_of(value)
    if origin is None or origin != value.rstrip("/").lower():
        raise ValidationFailed(
            f"{value!r} is not an origin like https://app.example.com.", fields={"allowed_origins": [value]}
        )
    return origin
