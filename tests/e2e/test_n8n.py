"""The n8n package end to end: a real n8n (2.41.1 on Node 24, cached outside the repository) loads
the packed n8n-nodes-pinbridge and talks over loopback HTTP to a real ``pinbridge dev`` (API,
worker, simulator, SQLite, embedded Redis).

1. ``test_create_pin_node_publishes_a_pin``: a workflow whose PinBridge node creates a pin with
   "Wait for Final Status" outputs it ``published``, and the backend agrees.
2. ``test_trigger_registers_receives_a_real_delivery_and_unregisters``: activating a workflow with
   the PinBridge Trigger registers its webhook with the backend; a pin published through the API
   makes the backend deliver a signed ``pin.published`` that runs the workflow; deactivating it
   deletes the webhook.
3. ``test_retry_on_fail_of_the_same_execution_and_item_creates_one_pin``: n8n's Retry On Fail runs
   the Create node again in the same execution for the same item after PinBridge went away
   mid-node; both POST /v1/pins carry the same derived idempotency key and one pin exists.

Prerequisites are made here: the n8n cache (n8n-node/scripts/install-n8n.sh, a no-op once
installed; about 5 minutes the first time on a machine), ``npm ci`` when node_modules is missing,
``npm run build`` and ``npm pack``. Only a machine without Node.js/npm skips these tests.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import (
    Backend,
    N8n,
    build_and_stage_package,
    install_n8n,
    poll,
    which,
)

pytestmark = pytest.mark.e2e

CREDENTIAL_ID = "pbE2eCredential1"
IMAGE_URL = "https://images.example.com/pinbridge-e2e.jpg"
BOARD = "Recipes"  # a plain sandbox board (not one of the simulator's magic boards)


# --------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="session")
def e2e_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("n8n-e2e")


@pytest.fixture(scope="session")
def n8n_cache() -> Path:
    missing = which("node", "npm")
    if missing:
        pytest.skip(f"n8n end-to-end tests need Node.js and npm on PATH; missing: {', '.join(missing)}")
    return install_n8n()


@pytest.fixture(scope="session")
def package(n8n_cache: Path, e2e_dir: Path) -> Path:
    return build_and_stage_package(e2e_dir / "package")


@pytest.fixture(scope="session")
def backend(e2e_dir: Path) -> Iterator[Backend]:
    server = Backend(e2e_dir / "backend" / "data", (e2e_dir / "backend"))
    try:
        yield server.start()
    finally:
        server.close()


@pytest.fixture(scope="session")
def n8n(n8n_cache: Path, package: Path, backend: Backend, e2e_dir: Path) -> Iterator[N8n]:
    instance = N8n(n8n_cache, package, e2e_dir / "n8n")
    try:
        instance.import_credentials([credential(CREDENTIAL_ID, backend)])
        yield instance
    finally:
        instance.stop()


# --------------------------------------------------------------------------------------------
# Workflow building blocks


def credential(credential_id: str, backend: Backend) -> dict[str, Any]:
    return {"id": credential_id, "name": f"PinBridge {credential_id}", "type": "pinBridgeApi",
            "data": {"baseUrl": backend.url, "apiKey": backend.api_key}}


def node_id() -> str:
    return str(uuid.uuid4())


def workflow(workflow_id: str, nodes: list[dict[str, Any]]) -> dict[str, Any]:
    """A linear workflow: each node feeds the next."""
    connections = {
        a["name"]: {"main": [[{"node": b["name"], "type": "main", "index": 0}]]} for a, b in zip(nodes, nodes[1:])
    }
    return {"id": workflow_id, "name": f"PinBridge e2e {workflow_id}", "active": False,
            "settings": {"executionOrder": "v1"}, "nodes": nodes, "connections": connections}


def manual_trigger() -> dict[str, Any]:
    return {"id": node_id(), "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1,
            "position": [0, 0], "parameters": {}}


def pinbridge_node(name: str, parameters: dict[str, Any], credential_id: str = CREDENTIAL_ID,
                   **settings: Any) -> dict[str, Any]:
    return {"id": node_id(), "name": name, "type": "n8n-nodes-pinbridge.pinBridge", "typeVersion": 1,
            "position": [240, 0], "parameters": parameters,
            "credentials": {"pinBridgeApi": {"id": credential_id, "name": f"PinBridge {credential_id}"}},
            **settings}


def create_pin_parameters(backend: Backend, title: str, **extra: Any) -> dict[str, Any]:
    return {"resource": "pin", "operation": "create", "accountId": backend.account_id,
            "boardId": backend.board_id(BOARD), "mediaSource": "url", "imageUrl": IMAGE_URL,
            "title": title, **extra}


def node_output(run: dict[str, Any], node: str, run_index: int = 0) -> list[dict[str, Any]]:
    runs = run["data"]["resultData"]["runData"]
    assert node in runs, f"node {node!r} did not run; ran: {sorted(runs)}"
    task = runs[node][run_index]
    assert not task.get("error"), f"node {node!r} failed: {task['error'].get('message')}"
    return task["data"]["main"][0]


def derived_key_pattern(node: dict[str, Any]) -> re.Pattern[str]:
    """The key the node derives: n8n:<execution id>:<node id>:<run index>:<item index>."""
    return re.compile(rf"^n8n:(?P<execution>[^:]+):{re.escape(node['id'])}:0:0$")


# --------------------------------------------------------------------------------------------
# 1. Create Pin publishes


def test_create_pin_node_publishes_a_pin(n8n: N8n, backend: Backend) -> None:
    title = f"e2e create {uuid.uuid4().hex[:8]}"
    create = pinbridge_node("Create pin", create_pin_parameters(
        backend, title, waitForFinalStatus=True, pollInterval=1, waitTimeout=90))
    n8n.import_workflow(workflow("pbE2eCreatePin01", [manual_trigger(), create]))

    run = N8n.parse_execute_output(n8n.cli("execute", "--id=pbE2eCreatePin01", "--rawOutput", timeout=180))

    assert run.get("status", "success") == "success", run.get("data", {}).get("resultData", {}).get("error")
    items = node_output(run, "Create pin")
    assert len(items) == 1 and items[0]["pairedItem"] == {"item": 0}
    output = items[0]["json"]
    assert output["status"] == "published", f"the node output status {output['status']!r}"
    assert output["title"] == title and output["pinterest_pin_id"] and output["pinterest_url"]
    assert derived_key_pattern(create).match(output["idempotency_key"]), output["idempotency_key"]

    at_backend = backend.get_json(f"/v1/pins/{output['id']}")
    assert at_backend["status"] == "published"
    assert at_backend["pinterest_pin_id"] == output["pinterest_pin_id"]
    assert at_backend["idempotency_key"] == output["idempotency_key"]
    assert at_backend["board_id"] == backend.board_id(BOARD) and at_backend["title"] == title
    # "Wait for Final Status" polled: POST answered `queued`, so n8n read the pin at least once.
    assert backend.access_log_statuses("GET", f"/v1/pins/{output['id']}")[:1] == [200]


# --------------------------------------------------------------------------------------------
# 2. The trigger: register, receive a real delivery, unregister


def test_trigger_registers_receives_a_real_delivery_and_unregisters(n8n: N8n, backend: Backend) -> None:
    workflow_id, webhook_path = "pbE2eTrigger0001", str(uuid.uuid4())
    trigger = {"id": node_id(), "name": "PinBridge Trigger", "type": "n8n-nodes-pinbridge.pinBridgeTrigger",
               "typeVersion": 1, "position": [0, 0], "webhookId": webhook_path,
               "parameters": {"events": ["pin.published"]},
               "credentials": {"pinBridgeApi": {"id": CREDENTIAL_ID, "name": f"PinBridge {CREDENTIAL_ID}"}}}
    read_back = pinbridge_node("Get pin", {"resource": "pin", "operation": "get",
                                           "pinId": "={{ $json.data.pin.id }}"})
    n8n.import_workflow(workflow(workflow_id, [trigger, read_back]))
    n8n.publish(workflow_id)
    hook_url = f"{n8n.url}/webhook/{webhook_path}/webhook"

    def registered() -> dict[str, Any] | None:
        return next((w for w in backend.get_json("/v1/webhooks")["data"] if w["url"] == hook_url), None)

    try:
        n8n.start()
        # Activation: the trigger's create() registered n8n's production URL with the backend.
        endpoint = poll(registered, 60, "the trigger to register its webhook (GET /v1/webhooks)",
                        on_timeout=n8n.server.log_tail if n8n.server else None)
        assert endpoint["events"] == ["pin.published"] and endpoint["enabled"] is True
        assert n8n.executions(workflow_id) == []

        # A real publish through the API; the backend's worker delivers the signed event to n8n.
        response = backend.request("POST", "/v1/pins", json={
            "account_id": backend.account_id, "board_id": backend.board_id(BOARD), "image_url": IMAGE_URL,
            "title": f"e2e trigger {uuid.uuid4().hex[:8]}", "idempotency_key": f"e2e-trigger-{uuid.uuid4()}"})
        assert response.status_code == 201, response.text[:500]
        pin_id = response.json()["id"]
        assert backend.wait_for_final_pin(pin_id)["status"] == "published"

        def finished_execution() -> dict[str, Any] | None:
            done = [e for e in n8n.executions(workflow_id) if e.get("status") not in ("new", "running", "waiting")]
            return done[0] if done else None

        summary = poll(finished_execution, 60, "n8n to run the workflow for the delivered event", 0.5,
                       on_timeout=lambda: deliveries_text(backend, endpoint["id"]))
        execution = n8n.execution_data(summary["id"])
        assert execution["status"] == "success" and execution["mode"] == "webhook", execution["status"]

        event = node_output(execution, "PinBridge Trigger")[0]["json"]
        assert event["type"] == "pin.published" and event["id"].startswith("evt_")
        assert event["data"]["pin"]["id"] == pin_id and event["data"]["pin"]["status"] == "published"
        read = node_output(execution, "Get pin")[0]["json"]
        assert read["id"] == pin_id and read["status"] == "published" and read["pinterest_pin_id"]
        assert len(n8n.executions(workflow_id)) == 1

        # The backend's own record of that delivery: the same event, answered 2xx by n8n.
        deliveries = backend.get_json(f"/v1/webhooks/{endpoint['id']}/deliveries")["data"]
        delivery = next(d for d in deliveries if d["event_id"] == event["id"])
        assert delivery["status"] == "succeeded" and 200 <= delivery["last_status_code"] < 300

        # Deactivation deletes the endpoint at the backend.
        n8n.deactivate(workflow_id)
        poll(lambda: backend.request("GET", f"/v1/webhooks/{endpoint['id']}").status_code == 404, 30,
             "deactivation to delete the webhook (GET /v1/webhooks/{id} → 404)")
        assert registered() is None
    finally:
        n8n.stop()


def deliveries_text(backend: Backend, webhook_id: str) -> str:
    deliveries = backend.get_json(f"/v1/webhooks/{webhook_id}/deliveries")["data"]
    return "deliveries: " + repr([(d["status"], d["last_status_code"], d["last_error"]) for d in deliveries])


# --------------------------------------------------------------------------------------------
# 3. An n8n retry of the same execution and item creates one pin


def test_retry_on_fail_of_the_same_execution_and_item_creates_one_pin(n8n: N8n, e2e_dir: Path) -> None:
    """n8n's Retry On Fail re-runs a failed node inside the same execution with the same run index
    and items: the faithful "n8n retry" of one item (an execution retried from the executions list
    is a new execution with a new ID, which the derived key deliberately does not cover).

    The failure is a real one, after the pin was accepted: the backend is restarted (SIGTERM, as a
    deploy would) between POST /v1/pins and the node's first status check, so that check fails
    with a connection error and n8n retries the node 5 s later against the restarted backend.
    """
    backend = Backend(e2e_dir / "retry-backend" / "data", e2e_dir / "retry-backend")
    credential_id = "pbE2eCredential2"
    try:
        backend.start()
        n8n.import_credentials([credential(credential_id, backend)])
        create = pinbridge_node(
            "Create pin",
            create_pin_parameters(backend, "e2e retry", waitForFinalStatus=True, pollInterval=4, waitTimeout=120),
            credential_id, retryOnFail=True, maxTries=5, waitBetweenTries=5000)
        n8n.import_workflow(workflow("pbE2eRetry000001", [manual_trigger(), create]))

        execute = n8n.cli_background("execute", "--id=pbE2eRetry000001", "--rawOutput", log_name="execute-retry.log")
        try:
            def accepted() -> dict[str, Any] | None:
                if not execute.running():
                    raise AssertionError(f"n8n execute ended before creating a pin\n{execute.log_tail()}")
                pins = backend.pins()
                return pins[0] if pins else None

            pin = poll(accepted, 90, "the Create node's first POST /v1/pins", 0.05)
            accepted_at = time.monotonic()
            backend.stop()  # before the node's first status check, 4 s after its POST
            stopped_in = time.monotonic() - accepted_at
            backend.start()
            poll(lambda: not execute.running(), 180, "n8n execute to finish", 0.25, on_timeout=execute.log_tail)
        finally:
            execute.stop()
        assert execute.process.returncode == 0, f"n8n execute failed\n{execute.log_tail()}"
        run = N8n.parse_execute_output(execute.log())

        key = pin["idempotency_key"]
        assert derived_key_pattern(create).match(key), key
        # One run of the node (run index 0), whose output is the pin the first try created.
        assert len(run["data"]["resultData"]["runData"]["Create pin"]) == 1
        (item,) = node_output(run, "Create pin")
        assert item["json"]["id"] == pin["id"] and item["json"]["idempotency_key"] == key
        assert item["json"]["status"] == "published", item["json"]["status"]
        # The backend answered the node's POST twice: 201 (created) before the restart and 200 (the
        # idempotent replay, which returns the pin stored for the key) after it.
        statuses = [backend.access_log_statuses("POST", "/v1/pins", start=n) for n in (1, 2)]
        assert statuses == [[201], [200]], (
            f"POST /v1/pins statuses before/after the restart: {statuses} (the backend was stopped "
            f"{stopped_in:.1f}s after the POST; the node first checks the pin 4 s after it)")
        # …and holds exactly one pin: the one for that key.
        assert [(p["id"], p["idempotency_key"]) for p in backend.pins()] == [(pin["id"], key)]
    finally:
        backend.close()
