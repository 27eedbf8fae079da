"""Acceptance 1 of issue 22: an agent publishes a sandbox pin through the MCP server, over stdio
(``pinbridge mcp`` as a subprocess) and over streamable HTTP (``/mcp`` on a real ``pinbridge api``),
with a real worker publishing to the simulator; scopes and workspace isolation hold."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import anyio
import pytest
import requests
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from pinbridge.simulator.scenarios import SCENARIOS
from tests import factories
from tests.helpers import REPO_ROOT

Opener = Callable[[str], AbstractAsyncContextManager[ClientSession]]


def stdio_opener(api_url: str) -> Opener:
    @asynccontextmanager
    async def open_session(api_key: str) -> AsyncIterator[ClientSession]:
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "pinbridge", "mcp", "--api-url", api_url],
            env={"PINBRIDGE_API_KEY": api_key, "PATH": "/usr/bin:/bin"},
            cwd=REPO_ROOT,
        )
        async with (
            stdio_client(params) as (read, write),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            yield session

    return open_session


def http_opener(api_url: str) -> Opener:
    @asynccontextmanager
    async def open_session(api_key: str) -> AsyncIterator[ClientSession]:
        client = create_mcp_http_client(headers={"Authorization": f"Bearer {api_key}"})
        async with (
            client,
            streamable_http_client(f"{api_url}/mcp", http_client=client) as (
                read,
                write,
            ),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            yield session

    return open_session


def result_json(result: Any) -> Any:
    return json.loads(result.content[0].text)


async def agent_session(
    open_session: Opener,
    sandbox: factories.Sandbox,
    read_only_key: str,
    foreign_pin: str,
) -> None:
    async with open_session(sandbox.api_key) as session:
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        assert {
            "create_pin",
            "get_pin",
            "list_pins",
            "cancel_pin",
            "retry_pin",
            "list_boards",
        } <= set(tools)
        assert tools["cancel_pin"].annotations.destructive_hint is True
        assert tools["get_pin"].annotations.read_only_hint is True
        assert "board_name" in tools["create_pin"].input_schema["properties"]
        guide = (await session.read_resource("pinbridge://guide")).contents[0].text
        assert all(scenario.example_name in guide for scenario in SCENARIOS)

        body = sandbox.pin_body()
        checked = await session.call_tool("create_pin", {**body, "dry_run": True})
        assert not checked.is_error, checked.content[0].text
        assert result_json(checked)["valid"] is True
        assert result_json(await session.call_tool("list_pins", {}))["data"] == []  # the dry run created nothing

        created = await session.call_tool("create_pin", body)
        assert not created.is_error, created.content[0].text
        pin = result_json(created)
        assert pin["status"] == "queued"
        deadline = time.monotonic() + 30
        while pin["status"] != "published" and time.monotonic() < deadline:
            await anyio.sleep(0.3)
            pin = result_json(await session.call_tool("get_pin", {"pin_id": pin["id"]}))
        assert pin["status"] == "published", pin
        assert pin["pinterest_pin_id"]

        foreign = await session.call_tool("get_pin", {"pin_id": foreign_pin})
        assert foreign.is_error
        assert foreign.content[0].text.startswith("pin_not_found:")  # the API's code for an id of another workspace

    async with open_session(read_only_key) as session:
        refused = await session.call_tool("create_pin", sandbox.pin_body())
        assert refused.is_error
        assert refused.content[0].text.startswith("insufficient_scope:")
        listed = await session.call_tool("list_pins", {})
        assert not listed.is_error and len(result_json(listed)["data"]) == 1


@pytest.fixture
def setup(start_api, start_worker, runtime):  # type: ignore[no-untyped-def]
    api = start_api()
    start_worker()
    sandbox = factories.sandbox_workspace(runtime)
    other = factories.sandbox_workspace(runtime)
    key = requests.post(
        f"{api.url}/v1/api-keys",
        json={"name": "ro", "scopes": ["read"]},
        headers=sandbox.headers,
        timeout=10,
    ).json()
    foreign = requests.post(f"{api.url}/v1/pins", json=other.pin_body(), headers=other.headers, timeout=10).json()
    return api, sandbox, key["secret"], foreign["id"]


@pytest.mark.parametrize("transport", [stdio_opener, http_opener], ids=["stdio", "http"])
def test_agent_publishes_a_sandbox_pin_and_the_api_rules_hold(setup, transport):  # type: ignore[no-untyped-def]
    api, sandbox, read_only_key, foreign_pin = setup
    anyio.run(agent_session, transport(api.url), sandbox, read_only_key, foreign_pin)


def test_mcp_over_http_needs_a_valid_key(start_api):  # type: ignore[no-untyped-def]
    api = start_api()
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}
    headers = {"Accept": "application/json, text/event-stream"}
    missing = requests.post(f"{api.url}/mcp", json=initialize, headers=headers, timeout=10)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "missing_api_key"
    wrong = requests.post(
        f"{api.url}/mcp",
        json=initialize,
        headers={**headers, "Authorization": "Bearer pb_test_nope"},
        timeout=10,
    )
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "invalid_api_key"
