"""The n8n package end to end: a real n8n (2.41.1 on Node 24, cached outside the repository) loads
the packed n8n-nodes-pinbridge and talks over loopback HTTP to a real ``pinbridge dev`` (API,
worker, Pinterest simulator, SQLite, embedded Redis). Nothing is stubbed.

1. ``test_create_pin_node_publishes_a_pin``: a workflow whose PinBridge node creates a pin with
   "Wait for Final Status" outputs it ``published``, and GET /v1/pins/{id} agrees.
2. ``test_trigger_registers_receives_a_real_delivery_and_unregisters``: activating a workflow with
   the PinBridge Trigger registers its webhook with the backend; a pin published through the API
   makes the backend deliver a signed ``pin.published`` that runs the workflow; deactivating it
   deletes the webhook.
3. ``test_retry_on_fail_of_the_same_execution_and_item_creates_one_pin``: n8n's Retry On Fail runs
   the Create node again, in the same execution, for the same item, after PinBridge went away
   mid-node; both POST /v1/pins carry the same derived idempotency key and one pin exists.
4. ``test_validate_node_reports_a_valid_pin_with_the_api_checks``: Pin → Validate sends what
   Create would (the derived key included) and outputs the API's report: valid, every check run.
5. ``test_failed_items_go_to_the_error_output_with_their_details``: with "Continue (using error
   output)" failed items of two operations reach output 1, code and request ID kept.
6. ``test_retrying_an_execution_from_the_executions_list_creates_no_second_pin``: a pin that ends
   failed fails the node (Error If Pin Fails); retrying that execution from n8n's executions list
   (a new execution ID) sends the same key and gets the same pin back.
7. ``test_trigger_runs_once_for_a_redelivered_event``: PinBridge redelivering an event (same
   ``webhook-id``) starts no second execution.

Prerequisites are made here: the n8n cache (n8n-node/scripts/install-n8n.sh: about 5 minutes the
first time on a machine, a no-op afterwards), ``npm ci`` when node_modules is missing, ``npm run
build`` (skipped when dist/ is this fixture's build of the current sources) and ``npm pack``.
Only a machine without Node.js/npm skips these tests, with that reason.
"""

from __future__ import annotations

import re
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import Backend, N8n, build_and_stage_package, install_n8n, poll, which

pytestmark = pytest.mark.e2e

IMAGE_URL = "https://images.example.com/pinbridge-e2e.jpg"  # the simulator does not fetch it
BOARD = "Recipes"  # a plain sandbox board (not one of the simulator's magic boards)
POLL_INTERVAL = 6  # seconds between the retry test's Create node status checks


# --------------------------------------------------------------------------------------------
# Processes


@pytest.fixture(scope="session")
def e2e_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("n8n-e2e")


@pytest.fixture(scope="session")
def n8n_cache() -> Path:
    missing = which("node", "npm")
    if missing:
        pytest.skip(f"the n8n end-to-end tests need Node.js and npm on PATH; missing: {', '.join(missing)}")
    return install_n8n()


@pytest.fixture(scope="session")
def package(n8n_cache: Path, e2e_dir: Path) -> Path:
    return build_and_stage_package(e2e_dir / "package")


@pytest.fixture(scope="session")
def backends(n8n_cache: Path, e2e_dir: Path) -> Iterator[tuple[Backend, Backend]]:
    """Two ``pinbridge dev``: one shared, one for the retry test (which restarts it and counts its
    pins). Started side by side; stopped, with everything they started, at the end."""
    servers = (
        Backend(e2e_dir / "backend" / "data", e2e_dir / "backend"),
        Backend(e2e_dir / "retry-backend" / "data", e2e_dir / "retry-backend"),
    )
    try:
        for server in servers:
            server.launch()
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in servers:
            server.close()


@pytest.fixture(scope="session")
def backend(backends: tuple[Backend, Backend]) -> Backend:
    return backends[0]


@pytest.fixture(scope="session")
def retry_backend(backends: tuple[Backend, Backend]) -> Backend:
    return backends[1]


@dataclass
class Workflows:
    create: dict[str, Any]
    trigger: dict[str, Any]
    retry: dict[str, Any]
    validate: dict[str, Any]
    error_output: dict[str, Any]
    retry_execution: dict[str, Any]

    def all(self) -> list[dict[str, Any]]:
        return [self.create, self.trigger, self.retry, self.validate, self.error_output, self.retry_execution]


@pytest.fixture(scope="session")
def workflows(backend: Backend, retry_backend: Backend) -> Workflows:
    return Workflows(
        create_workflow(backend),
        trigger_workflow(),
        retry_workflow(retry_backend),
        validate_workflow(backend),
        error_output_workflow(backend),
        retry_execution_workflow(backend),
    )


@pytest.fixture(scope="session")
def n8n(
    n8n_cache: Path, package: Path, backend: Backend, retry_backend: Backend, workflows: Workflows, e2e_dir: Path
) -> Iterator[N8n]:
    instance = N8n(n8n_cache, package, e2e_dir / "n8n")
    try:
        instance.import_credentials([credential("main", backend), credential("retry", retry_backend)])
        instance.import_workflows(workflows.all())
        yield instance
    finally:
        instance.stop()


# --------------------------------------------------------------------------------------------
# Workflows


def credential(which_backend: str, backend: Backend) -> dict[str, Any]:
    return {
        "id": credential_id(which_backend),
        "name": f"PinBridge e2e {which_backend}",
        "type": "pinBridgeApi",
        "data": {"baseUrl": backend.url, "apiKey": backend.api_key},
    }


def credential_id(which_backend: str) -> str:
    return f"pbE2e{which_backend.capitalize()}Credential"


def workflow(workflow_id: str, nodes: list[dict[str, Any]]) -> dict[str, Any]:
    """A linear workflow: each node feeds the next."""
    connections = {
        a["name"]: {"main": [[{"node": b["name"], "type": "main", "index": 0}]]}
        for a, b in zip(nodes, nodes[1:], strict=False)
    }
    return {
        "id": workflow_id,
        "name": f"PinBridge e2e {workflow_id}",
        "active": False,
        "settings": {"executionOrder": "v1"},
        "nodes": nodes,
        "connections": connections,
    }


def manual_trigger() -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "name": "Start",
        "type": "n8n-nodes-base.manualTrigger",
        "typeVersion": 1,
        "position": [0, 0],
        "parameters": {},
    }


def pinbridge_node(
    name: str, parameters: dict[str, Any], which_backend: str = "main", **settings: Any
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "name": name,
        "type": "n8n-nodes-pinbridge.pinBridge",
        "typeVersion": 1,
        "position": [240, 0],
        "parameters": parameters,
        "credentials": {"pinBridgeApi": {"id": credential_id(which_backend), "name": f"PinBridge e2e {which_backend}"}},
        **settings,
    }


def create_pin_parameters(backend: Backend, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "resource": "pin",
        "operation": "create",
        "accountId": backend.account_id,
        "boardId": backend.board_id(BOARD),
        "mediaSource": "url",
        "imageUrl": IMAGE_URL,
        "title": title,
        **extra,
    }


def create_workflow(backend: Backend) -> dict[str, Any]:
    create = pinbridge_node(
        "Create pin",
        create_pin_parameters(
            backend, f"e2e create {uuid.uuid4().hex[:8]}", waitForFinalStatus=True, pollInterval=1, waitTimeout=90
        ),
    )
    return workflow("pbE2eCreatePin01", [manual_trigger(), create])


def trigger_workflow() -> dict[str, Any]:
    trigger = {
        "id": str(uuid.uuid4()),
        "name": "PinBridge Trigger",
        "type": "n8n-nodes-pinbridge.pinBridgeTrigger",
        "typeVersion": 1,
        "position": [0, 0],
        "webhookId": str(uuid.uuid4()),
        "parameters": {"events": ["pin.published"]},
        "credentials": {"pinBridgeApi": {"id": credential_id("main"), "name": "PinBridge e2e main"}},
    }
    read_back = pinbridge_node("Get pin", {"resource": "pin", "operation": "get", "pinId": "={{ $json.data.pin.id }}"})
    return workflow("pbE2eTrigger0001", [trigger, read_back])


def retry_workflow(backend: Backend) -> dict[str, Any]:
    create = pinbridge_node(
        "Create pin",
        create_pin_parameters(
            backend, "e2e retry", waitForFinalStatus=True, pollInterval=POLL_INTERVAL, waitTimeout=150
        ),
        "retry",
        retryOnFail=True,
        maxTries=5,
        waitBetweenTries=5000,
    )  # n8n's maxima
    return workflow("pbE2eRetry000001", [manual_trigger(), create])


def validate_workflow(backend: Backend) -> dict[str, Any]:
    validate = pinbridge_node(
        "Validate pin", create_pin_parameters(backend, f"e2e validate {uuid.uuid4().hex[:8]}", operation="validate")
    )
    return workflow("pbE2eValidate001", [manual_trigger(), validate])


def retry_execution_workflow(backend: Backend) -> dict[str, Any]:
    """A Create node whose pin ends failed (the simulator's "Always fails" board): with Wait for
    Final Status and Error If Pin Fails (the default) the node, and so the execution, fails."""
    create = pinbridge_node(
        "Create pin",
        {
            **create_pin_parameters(backend, "e2e retry execution"),
            "boardId": backend.board_id("Always fails"),
            "waitForFinalStatus": True,
            "pollInterval": 1,
            "waitTimeout": 60,
        },
    )
    return workflow("pbE2eRetryExec01", [manual_trigger(), create])


def no_op(name: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "name": name,
        "type": "n8n-nodes-base.noOp",
        "typeVersion": 1,
        "position": [720, 0],
        "parameters": {},
    }


def error_output_workflow(backend: Backend) -> dict[str, Any]:
    """Two PinBridge nodes set to "Continue (using error output)", chained by their error outputs:
    Get pin (an unknown pin) → error → Create pin (a board the account does not have) → error → Failed.
    Each success output leads to its own NoOp, which must not run."""
    get = pinbridge_node(
        "Get pin",
        {"resource": "pin", "operation": "get", "pinId": "pin_00000000000000000000000000"},
        onError="continueErrorOutput",
    )
    create = pinbridge_node(
        "Create pin",
        {**create_pin_parameters(backend, "e2e error output"), "boardId": "999999999999"},
        onError="continueErrorOutput",
    )
    nodes = [manual_trigger(), get, create, no_op("Got pin"), no_op("Created pin"), no_op("Failed")]
    wf = workflow("pbE2eErrorOut001", nodes)

    def outputs(success: str, error: str) -> dict[str, Any]:
        return {
            "main": [[{"node": success, "type": "main", "index": 0}], [{"node": error, "type": "main", "index": 0}]]
        }

    wf["connections"] = {
        "Start": {"main": [[{"node": "Get pin", "type": "main", "index": 0}]]},
        "Get pin": outputs("Got pin", "Create pin"),
        "Create pin": outputs("Created pin", "Failed"),
    }
    return wf


def node(wf: dict[str, Any], name: str) -> dict[str, Any]:
    return next(n for n in wf["nodes"] if n["name"] == name)


def node_output(run: dict[str, Any], name: str, run_index: int = 0) -> list[dict[str, Any]]:
    runs = run["data"]["resultData"]["runData"]
    assert name in runs, f"node {name!r} did not run; ran: {sorted(runs)}"
    task = runs[name][run_index]
    assert not task.get("error"), f"node {name!r} failed: {task['error'].get('message')}"
    return task["data"]["main"][0]


def run_error(run: dict[str, Any]) -> str:
    """What n8n recorded as the run's error and each failed node's error."""
    result = run.get("data", {}).get("resultData", {})
    parts = [f"workflow: {result['error'].get('message')}"] if result.get("error") else []
    for name, tasks in result.get("runData", {}).items():
        parts += [f"{name}: {t['error'].get('message')}" for t in tasks if t.get("error")]
    return "; ".join(parts) or "no error recorded"


PIN_ROUTE = re.compile(r"/v1/pins/<[^>]*pin_id>")  # the route template GET /v1/pins/{id} is counted under


def requests(counts: Counter[tuple[str, str, str]], method: str, route: str | re.Pattern[str]) -> dict[str, int]:
    """Requests by status for one route, from ``Backend.request_counts()``."""
    matches = (lambda r: r == route) if isinstance(route, str) else route.fullmatch
    by_status: Counter[str] = Counter()
    for (m, r, status), n in counts.items():
        if m == method and matches(r) and n > 0:
            by_status[status] += n
    return dict(by_status)


def derived_key(create_node: dict[str, Any]) -> re.Pattern[str]:
    """The key the node derives: n8n:<workflow id>:<node id>:<run index>:<item index>:<data hash>."""
    return re.compile(rf"^n8n:\w+:{re.escape(create_node['id'])}:0:0:[0-9a-f]{{32}}$")


# --------------------------------------------------------------------------------------------
# 1. Create Pin publishes


def test_create_pin_node_publishes_a_pin(n8n: N8n, backend: Backend, workflows: Workflows) -> None:
    wf = workflows.create
    before = backend.request_counts()
    output = n8n.cli("execute", f"--id={wf['id']}", "--rawOutput", timeout=180)
    run = N8n.parse_execute_output(output)
    made = backend.request_counts() - before  # n8n's requests only: the test made none meanwhile

    items = node_output(run, "Create pin")
    assert len(items) == 1 and items[0]["pairedItem"] == {"item": 0}
    pin = items[0]["json"]
    assert pin["status"] == "published", f"the node output status {pin['status']!r}: {pin.get('error')}"
    assert pin["pinterest_pin_id"] and pin["pinterest_url"]
    assert pin["title"] == node(wf, "Create pin")["parameters"]["title"]
    assert derived_key(node(wf, "Create pin")).match(pin["idempotency_key"]), pin["idempotency_key"]

    at_backend = backend.get_json(f"/v1/pins/{pin['id']}")
    assert at_backend["status"] == "published"
    assert at_backend["pinterest_pin_id"] == pin["pinterest_pin_id"]
    assert (at_backend["idempotency_key"], at_backend["board_id"]) == (pin["idempotency_key"], backend.board_id(BOARD))
    # One POST, answered 201 (a `queued` pin); "Wait for Final Status" then read the pin until final.
    assert requests(made, "POST", "/v1/pins") == {"201": 1}
    assert requests(made, "GET", PIN_ROUTE).get("200", 0) >= 1, made


# --------------------------------------------------------------------------------------------
# 2. The trigger: register on activation, run on a real delivery, unregister on deactivation


def test_trigger_registers_receives_a_real_delivery_and_unregisters(
    n8n: N8n, backend: Backend, workflows: Workflows
) -> None:
    wf = workflows.trigger
    hook_url = f"{n8n.url}/webhook/{node(wf, 'PinBridge Trigger')['webhookId']}/webhook"

    def registered() -> dict[str, Any] | None:
        return next((w for w in backend.get_json("/v1/webhooks")["data"] if w["url"] == hook_url), None)

    try:
        n8n.start()
        assert registered() is None
        # What the editor's Publish button does. n8n answers before the trigger's create() is done.
        n8n.activate(wf["id"])
        endpoint = poll(
            registered,
            30,
            "activation to register the trigger's webhook (GET /v1/webhooks)",
            on_timeout=n8n.server.log_tail if n8n.server else None,
        )
        assert endpoint["events"] == ["pin.published"] and endpoint["enabled"] is True
        assert n8n.executions(wf["id"]) == []

        # A real publish through the API; the backend's worker sends the signed event to n8n.
        pin_id = publish_through_the_api(backend, "e2e trigger")

        def finished() -> list[dict[str, Any]]:
            return [e for e in n8n.executions(wf["id"]) if e.get("status") not in ("new", "running", "waiting")]

        (summary,) = poll(
            finished,
            60,
            "n8n to run the workflow for the delivered event",
            0.25,
            on_timeout=lambda: deliveries_text(backend, endpoint["id"]),
        )
        execution = n8n.execution_data(summary["id"])
        assert (execution["status"], execution["mode"]) == ("success", "webhook"), run_error(execution)

        event = node_output(execution, "PinBridge Trigger")[0]["json"]
        assert event["type"] == "pin.published" and event["id"].startswith("evt_")
        assert event["data"]["pin"]["id"] == pin_id and event["data"]["pin"]["status"] == "published"
        read = node_output(execution, "Get pin")[0]["json"]
        assert read["id"] == pin_id and read["status"] == "published" and read["pinterest_pin_id"]

        # The backend's record of the delivery: this event, answered 2xx by n8n on the first attempt.
        deliveries = backend.get_json(f"/v1/webhooks/{endpoint['id']}/deliveries")["data"]
        (delivery,) = [d for d in deliveries if d["event_id"] == event["id"]]
        assert delivery["status"] == "succeeded" and 200 <= delivery["last_status_code"] < 300
        assert delivery["attempt_count"] == 1

        # Deactivation deletes the endpoint at the backend (n8n answers before delete() is done).
        n8n.deactivate(wf["id"])
        poll(
            lambda: backend.request("GET", f"/v1/webhooks/{endpoint['id']}").status_code == 404,
            30,
            "deactivation to delete the webhook (GET /v1/webhooks/{id} → 404)",
        )
        assert registered() is None
    finally:
        n8n.stop()


def publish_through_the_api(backend: Backend, title: str) -> str:
    """POST /v1/pins (not through n8n), waits until it is published; returns its ID."""
    response = backend.request(
        "POST",
        "/v1/pins",
        json={
            "account_id": backend.account_id,
            "board_id": backend.board_id(BOARD),
            "image_url": IMAGE_URL,
            "title": f"{title} {uuid.uuid4().hex[:8]}",
            "idempotency_key": f"{title.replace(' ', '-')}-{uuid.uuid4()}",
        },
    )
    assert response.status_code == 201, response.text[:500]
    pin_id: str = response.json()["id"]
    assert backend.wait_for_final_pin(pin_id)["status"] == "published"
    return pin_id


def deliveries_text(backend: Backend, webhook_id: str) -> str:
    deliveries = backend.get_json(f"/v1/webhooks/{webhook_id}/deliveries")["data"]
    return "deliveries (status, code, error): " + repr(
        [(d["status"], d["last_status_code"], d["last_error"]) for d in deliveries]
    )


# --------------------------------------------------------------------------------------------
# 3. An n8n retry of the same execution and item creates one pin


def test_retry_on_fail_of_the_same_execution_and_item_creates_one_pin(
    n8n: N8n, retry_backend: Backend, workflows: Workflows
) -> None:
    """n8n's Retry On Fail is how n8n runs a node again for the same execution and item: it
    re-runs the failed node inside the same execution, with the same run index and the same
    items (a retry from the executions list, a new execution, is test 6).

    The failure is a real one, after the pin was accepted: the backend goes away (SIGTERM, as for a
    deploy) right after POST /v1/pins, so the node's status check fails with a connection error;
    once n8n has reported that error the backend starts again on the same port and data, and n8n
    retries the node 5 s after the failure (up to 4 times).
    """
    backend, wf = retry_backend, workflows.retry
    create_node = node(wf, "Create pin")
    execute = n8n.cli_background("execute", f"--id={wf['id']}", "--rawOutput", log_name="execute-retry.log")
    try:

        def accepted() -> dict[str, Any] | None:
            if not execute.running():
                raise AssertionError(f"n8n execute ended before creating a pin\n{execute.log_tail()}")
            pins = backend.pins()
            return pins[0] if pins else None

        pin = poll(accepted, 90, "the Create node's first POST /v1/pins", 0.05)
        t0 = time.monotonic()

        # What this backend process answered, read before it goes away (its metrics die with it).
        def counted() -> Counter[tuple[str, str, str]] | None:
            counts = backend.request_counts()
            return counts if requests(counts, "POST", "/v1/pins") else None

        before_restart = poll(counted, 10, "the POST to be counted in the backend's metrics", 0.05)
        backend.stop()
        stopped = time.monotonic() - t0
        # n8n logs the failed request (connection refused, or reset when it hit the shutdown).
        failure = re.compile(rf"ECONNREFUSED 127\.0\.0\.1:{backend.port}\b|ECONNRESET|socket hang up")
        poll(
            lambda: failure.search(execute.log()) or not execute.running(),
            POLL_INTERVAL + 60,
            "the node's status check to fail while the backend is down",
            0.1,
            on_timeout=execute.log_tail,
        )
        failed = time.monotonic() - t0
        assert failure.search(execute.log()), f"n8n execute ended without a failed request\n{execute.log_tail()}"
        backend.start()
        restarted = time.monotonic() - t0
        poll(lambda: not execute.running(), 180, "n8n execute to finish", 0.25, on_timeout=execute.log_tail)
    finally:
        execute.stop()
    timeline = (
        f"(after the POST the backend was down at {stopped:.1f}s, n8n reported the failed status check at "
        f"{failed:.1f}s, the backend was back at {restarted:.1f}s; n8n retries 5 s after each failure, "
        f"4 times at most)"
    )
    run = N8n.parse_execute_output(execute.log())
    assert execute.process.returncode == 0, (
        f"n8n execute failed: {run_error(run)} {timeline}\n{execute.log_tail()}\n{backend.log_tail()}"
    )

    key = pin["idempotency_key"]
    assert derived_key(create_node).match(key), key
    # One run of the node (run index 0): its tries were retries inside that run, not new runs.
    assert len(run["data"]["resultData"]["runData"]["Create pin"]) == 1
    (item,) = node_output(run, "Create pin")
    assert item["json"]["id"] == pin["id"] and item["json"]["idempotency_key"] == key
    assert item["json"]["status"] == "published", f"{item['json']['status']} {timeline}"
    # The backend answered the node's POST twice: 201 (created) before the restart and 200 (the
    # idempotent replay, which returns the pin stored for the key) after it…
    statuses = [requests(c, "POST", "/v1/pins") for c in (before_restart, backend.request_counts())]
    assert statuses == [{"201": 1}, {"200": 1}], (
        f"POST /v1/pins by status before/after the restart: {statuses} {timeline}"
    )
    # …and holds exactly one pin: the one for that key.
    assert [(p["id"], p["idempotency_key"]) for p in backend.pins()] == [(pin["id"], key)]


# --------------------------------------------------------------------------------------------
# 4. Pin → Validate sends what Create would send and reports the API's real checks


def test_validate_node_reports_a_valid_pin_with_the_api_checks(
    n8n: N8n, backend: Backend, workflows: Workflows
) -> None:
    before = {p["id"] for p in backend.pins()}
    run = N8n.parse_execute_output(n8n.cli("execute", f"--id={workflows.validate['id']}", "--rawOutput", timeout=180))
    (item,) = node_output(run, "Validate pin")
    report = item["json"]
    checks = {c["name"]: c["status"] for c in report["checks"]}
    assert report["valid"] is True, f"not valid: {report}"
    assert report["verdict"] == {"outcome": "created", "status": 201, "pin_id": None, "error": None}, report
    for name in ("schema", "idempotency", "account", "board_access", "media"):
        assert checks[name] == "pass", checks
    assert "fail" not in checks.values(), checks
    assert {p["id"] for p in backend.pins()} == before  # a dry run: nothing created


# --------------------------------------------------------------------------------------------
# 5. "Continue (using error output)" sends failed items to the error output


def test_failed_items_go_to_the_error_output_with_their_details(
    n8n: N8n, backend: Backend, workflows: Workflows
) -> None:
    run = N8n.parse_execute_output(
        n8n.cli("execute", f"--id={workflows.error_output['id']}", "--rawOutput", timeout=180)
    )
    runs = run["data"]["resultData"]["runData"]
    assert "Got pin" not in runs and "Created pin" not in runs, sorted(runs)
    for name, code, status in (("Get pin", "pin_not_found", "404"), ("Create pin", "board_not_found", "422")):
        (task,) = runs[name]
        success, failed = task["data"]["main"]
        assert success == [], f"{name}: items on the success output: {success}"
        (item,) = failed
        error = item["json"]
        assert error["error"].startswith(f"PinBridge {code}: "), error
        details = error["details"]
        assert (details["code"], details["httpCode"], details["retryable"]) == (code, status, False), details
        assert details["requestId"].startswith("req_"), details
    (reached,) = node_output(run, "Failed")
    assert reached["json"]["details"]["code"] == "board_not_found"


# --------------------------------------------------------------------------------------------
# 6. Retrying a failed execution from n8n's executions list publishes no second pin


def test_retrying_an_execution_from_the_executions_list_creates_no_second_pin(
    n8n: N8n, backend: Backend, workflows: Workflows
) -> None:
    """The executions list's "Retry" runs the failed node again in a new execution (a new ID),
    with the same input item: the derived key must not depend on the execution ID."""
    wf = workflows.retry_execution
    board_id = backend.board_id("Always fails")
    before = backend.request_counts()
    execute = n8n.cli_background("execute", f"--id={wf['id']}", "--rawOutput", log_name="execute-retry-exec.log")
    try:
        poll(lambda: not execute.running(), 180, "n8n execute to finish", 0.25, on_timeout=execute.log_tail)
    finally:
        execute.stop()
    first = N8n.parse_execute_output(execute.log())
    assert execute.process.returncode == 1, f"the failed pin did not fail the node: {run_error(first)}"
    assert "PinBridge " in run_error(first), run_error(first)
    (pin,) = [p for p in backend.pins() if p["board_id"] == board_id]
    assert pin["status"] == "failed"

    try:
        n8n.start()
        (failed,) = n8n.executions(wf["id"])
        response = n8n.rest().post(f"/executions/{failed['id']}/retry", json={"loadWorkflow": False})
        assert response.status_code == 200, f"retry → {response.status_code}: {response.text[:300]}"

        def retried() -> list[dict[str, Any]]:
            return [
                e
                for e in n8n.executions(wf["id"])
                if e["id"] != failed["id"] and e.get("status") not in ("new", "running", "waiting")
            ]

        (retry,) = poll(
            retried, 120, "the retried execution to finish", 0.5, on_timeout=n8n.server.log_tail if n8n.server else None
        )
        assert retry.get("retryOf") in (failed["id"], None)
        assert retry["id"] != failed["id"]
    finally:
        n8n.stop()

    made = backend.request_counts() - before
    # The retry sent the same key: PinBridge replayed the pin (200) instead of creating another.
    assert requests(made, "POST", "/v1/pins") == {"201": 1, "200": 1}, made
    assert [(p["id"], p["idempotency_key"]) for p in backend.pins() if p["board_id"] == board_id] == [
        (pin["id"], pin["idempotency_key"])
    ]


# --------------------------------------------------------------------------------------------
# 7. A redelivered event (same webhook-id) starts no second execution


def test_trigger_runs_once_for_a_redelivered_event(n8n: N8n, backend: Backend, workflows: Workflows) -> None:
    wf = workflows.trigger
    hook_url = f"{n8n.url}/webhook/{node(wf, 'PinBridge Trigger')['webhookId']}/webhook"

    def registered() -> dict[str, Any] | None:
        return next((w for w in backend.get_json("/v1/webhooks")["data"] if w["url"] == hook_url), None)

    def finished() -> list[dict[str, Any]]:
        return [e for e in n8n.executions(wf["id"]) if e.get("status") not in ("new", "running", "waiting")]

    try:
        n8n.start()
        already = {e["id"] for e in n8n.executions(wf["id"])}
        n8n.activate(wf["id"])
        endpoint = poll(registered, 30, "activation to register the trigger's webhook")
        publish_through_the_api(backend, "e2e redeliver")
        poll(lambda: [e for e in finished() if e["id"] not in already], 60, "the first execution", 0.25)
        (delivery,) = backend.get_json(f"/v1/webhooks/{endpoint['id']}/deliveries")["data"]
        assert delivery["status"] == "succeeded" and delivery["attempt_count"] == 1

        # The same signed event again: same webhook-id, a fresh signature and timestamp.
        again = backend.request("POST", f"/v1/webhooks/deliveries/{delivery['id']}/redeliver")
        assert again.status_code == 202, again.text[:300]

        def answered() -> dict[str, Any] | None:
            (d,) = backend.get_json(f"/v1/webhooks/{endpoint['id']}/deliveries")["data"]
            return d if d["attempt_count"] == 2 and d["status"] != "pending" else None

        redelivered = poll(answered, 60, "the redelivery to be answered", 0.25)
        assert redelivered["status"] == "succeeded" and 200 <= redelivered["last_status_code"] < 300
        time.sleep(3)  # an execution the redelivery started would be listed by now
        runs = [e for e in n8n.executions(wf["id"]) if e["id"] not in already]
        assert len(runs) == 1, f"{len(runs)} executions for one event: {runs}"
        n8n.deactivate(wf["id"])
        poll(lambda: registered() is None, 30, "deactivation to delete the webhook")
    finally:
        n8n.stop()
