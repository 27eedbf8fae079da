"""Creating workspaces: a sandbox one comes with a connected simulator account to publish to."""

from __future__ import annotations

from dataclasses import dataclass

from pinbridge.errors import ValidationFailed
from pinbridge.ids import new_id
from pinbridge.models import Workspace
from pinbridge.models.workspace import ENVIRONMENTS, SANDBOX
from pinbridge.runtime import Runtime
from pinbridge.services import accounts, keys


@dataclass(frozen=True)
class NewWorkspace:
    workspace_id: str
    api_key: str
    account_id: str | None


def create_workspace(runtime: Runtime, name: str, environment: str) -> NewWorkspace:
    if environment not in ENVIRONMENTS:
        raise ValidationFailed(
            "Unknown environment.", fields={"environment": [f"Must be one of {ENVIRONMENTS}."]}
        )
    with runtime.db.session() as session:
        workspace = Workspace(id=new_id("ws"), name=name, environment=environment)
        session.add(workspace)
        session.flush()
        raw_key = keys.create_key(session, workspace)
        account_id = None
        if environment == SANDBOX:
            username = f"sandbox-{workspace.id[-8:]}"
            account_id = accounts.connect_simulator_account(runtime, session, workspace, username).id
    return NewWorkspace(workspace.id, raw_key, account_id)
