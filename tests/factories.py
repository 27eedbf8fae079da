"""Small functions that make the things tests need, through the product's own code paths."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import requests

from pinbridge.models import PinterestAccount, Workspace
from pinbridge.runtime import Runtime
from pinbridge.services import accounts, boards
from pinbridge.services.workspaces import create_workspace
from pinbridge.simulator.scenarios import find_scenario

IMAGE_URL = "https://images.example.com/photo.jpg"
GENEROUS_SIM_LIMITS = {
    "rate_org_write_capacity": 100000,
    "rate_org_write_per_second": 100000,
    "rate_org_read_capacity": 100000,
    "rate_org_read_per_second": 100000,
}


@dataclass
class Sandbox:
    workspace_id: str
    api_key: str
    account_id: str
    board_ids: list[str]  # ordinary boards only
    magic_boards: dict[str, str]  # simulator scenario board name → id

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    def pin_body(self, **overrides: Any) -> dict[str, Any]:
        body = {
            "account_id": self.account_id,
            "board_id": self.board_ids[0],
            "title": "A pin",
            "description": "Made by a test",
            "link_url": "https://example.com/post",
            "image_url": IMAGE_URL,
            "idempotency_key": uuid.uuid4().hex,
        }
        body.update(overrides)
        return {k: v for k, v in body.items() if v is not None}


def sandbox_workspace(runtime: Runtime) -> Sandbox:
    created = create_workspace(runtime, "Test", "sandbox")
    assert created.account_id is not None
    with runtime.db.session() as session:
        account = session.get(PinterestAccount, created.account_id)
    listed = boards.list_boards(runtime, account)
    magic = {b["name"]: b["id"] for b in listed if find_scenario(b["name"]) is not None}
    plain = [b["id"] for b in listed if b["name"] not in magic]
    return Sandbox(created.workspace_id, created.api_key, created.account_id, plain, magic)


def connect_sim_account(runtime: Runtime, workspace_id: str, **user: Any) -> str:
    """Another simulator user connected to the workspace (``user``: boards, extra_boards…)."""
    with runtime.db.session() as session:
        workspace = session.get(Workspace, workspace_id)
        username = f"sim_{uuid.uuid4().hex[:12]}"
        return accounts.connect_simulator_account(runtime, session, workspace, username, **user).id


class SimulatorControl:
    """The simulator's /_simulator control endpoints, for forcing conditions and counting pins."""

    def __init__(self, v5_url: str) -> None:
        self.root = v5_url.removesuffix("/v5")

    def configure(self, **values: Any) -> None:
        requests.patch(f"{self.root}/_simulator/config", json=values, timeout=5).raise_for_status()

    def reset(self) -> None:
        self.configure(create_latency_seconds=0, slow_board_latency_seconds=35)

    def calls(self, **params: str) -> list[dict[str, Any]]:
        response = requests.get(f"{self.root}/_simulator/calls", params=params, timeout=10)
        response.raise_for_status()
        return response.json()["items"]

    def user_id_of(self, board_id: str) -> str:
        return next(p["user_id"] for p in self.pins(board_id=board_id))

    def pins(self, **params: str) -> list[dict[str, Any]]:
        response = requests.get(f"{self.root}/_simulator/pins", params=params, timeout=5)
        response.raise_for_status()
        body = response.json()
        return body["items"] if isinstance(body, dict) else body


def live_workspace(runtime: Runtime) -> tuple[str, dict[str, str]]:
    created = create_workspace(runtime, "Live test", "live")
    return created.workspace_id, {"Authorization": f"Bearer {created.api_key}"}


def add_sim_board(sim: SimulatorControl, runtime: Runtime, sandbox: Sandbox, name: str) -> str:
    """Give the sandbox's simulator user one more board (e.g. a magic one); returns its id."""
    with runtime.db.session() as session:
        user_id = session.get(PinterestAccount, sandbox.account_id).pinterest_user_id
    response = requests.post(f"{sim.root}/_simulator/users/{user_id}/boards", json={"boards": [name]}, timeout=10)
    response.raise_for_status()
    return response.json()["boards"][0]["id"]


def live_workspace_with_account(runtime: Runtime) -> Sandbox:
    """A live workspace whose connected account is a simulator user (no real Pinterest here)."""
    from pinbridge.models import Workspace
    from pinbridge.services import accounts

    workspace_id, headers = live_workspace(runtime)
    with runtime.db.session() as session:
        workspace = session.get(Workspace, workspace_id)
        account = accounts.connect_simulator_account(runtime, session, workspace, f"live-{workspace_id[-8:]}")
        account_id = account.id
    with runtime.db.session() as session:
        account = session.get(PinterestAccount, account_id)
    board_ids = [b["id"] for b in boards.list_boards(runtime, account) if find_scenario(b["name"]) is None]
    return Sandbox(workspace_id, headers["Authorization"].removeprefix("Bearer "), account_id, board_ids, {})
