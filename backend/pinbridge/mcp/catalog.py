"""The MCP tool catalog, derived from the API contract (``openapi.yaml``), never written by hand.

``TOOLS`` picks the operations (by operationId) and says how an agent should treat each one; the
description and the input JSON schema come from the operation: its summary and description, its
path and query parameters and its JSON request body, ``$ref``s resolved. The result is committed as
``tools.json`` (the server reads that, so an installed package needs no ``openapi.yaml``):

    python -m pinbridge.mcp.catalog --write   # after changing openapi.yaml
    python -m pinbridge.mcp.catalog --check   # fails when tools.json is stale (tests/mcp runs it)
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CATALOG_PATH = Path(__file__).with_name("tools.json")
REPO_SPEC = Path(__file__).resolve().parents[3] / "openapi.yaml"
DRY_RUN = "dry_run"


@dataclass(frozen=True)
class ToolChoice:
    name: str
    operation_id: str
    read_only: bool = False
    destructive: bool = False
    dry_run_operation: str | None = None  # `dry_run: true` calls this operation instead


TOOLS: tuple[ToolChoice, ...] = (
    ToolChoice("create_pin", "createPin", dry_run_operation="validatePin"),
    ToolChoice("get_pin", "getPin", read_only=True),
    ToolChoice("list_pins", "listPins", read_only=True),
    ToolChoice("cancel_pin", "cancelPin", destructive=True),
    ToolChoice("retry_pin", "retryPin"),
    ToolChoice("list_accounts", "listAccounts", read_only=True),
    ToolChoice("list_boards", "listBoards", read_only=True),
    ToolChoice("list_board_sections", "listBoardSections", read_only=True),
    ToolChoice("get_rate_meter", "getRateMeter", read_only=True),
    ToolChoice("upload_asset_from_url", "uploadAsset"),
    ToolChoice("list_webhooks", "listWebhooks", read_only=True),
    ToolChoice("list_webhook_deliveries", "listWebhookDeliveries", read_only=True),
)
METHODS = ("get", "post", "put", "patch", "delete")


def load_spec(path: Path = REPO_SPEC) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def _resolve(spec: dict[str, Any], node: Any, seen: tuple[str, ...] = ()) -> Any:
    if isinstance(node, list):
        return [_resolve(spec, item, seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref in seen:
            raise ValueError(f"recursive $ref {ref} cannot be inlined into a tool schema")
        target: Any = spec
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        return _resolve(spec, target, (*seen, ref))
    return {key: _resolve(spec, value, seen) for key, value in node.items() if key not in ("readOnly", "example")}


def _operations(spec: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any], list[dict[str, Any]]]]:
    found = {}
    for path, item in spec["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is not None:
                shared = item.get("parameters", [])
                found[operation["operationId"]] = (method.upper(), path, operation, shared)
    return found


def _describe(operation: dict[str, Any]) -> str:
    parts = [operation.get("summary", ""), operation.get("description", "")]
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _tool(spec: dict[str, Any], choice: ToolChoice, operations: dict[str, Any]) -> dict[str, Any]:
    if choice.operation_id not in operations:
        raise KeyError(f"openapi.yaml has no operation {choice.operation_id!r} (tool {choice.name})")
    method, path, operation, shared = operations[choice.operation_id]
    properties: dict[str, Any] = {}
    required: list[str] = []
    locations: dict[str, str] = {}
    for parameter in _resolve(spec, [*shared, *operation.get("parameters", [])]):
        if parameter["in"] not in ("path", "query"):
            continue
        name = parameter["name"]
        schema = dict(parameter.get("schema", {}))
        if parameter.get("description"):
            schema["description"] = parameter["description"]
        properties[name], locations[name] = schema, parameter["in"]
        if parameter.get("required"):
            required.append(name)
    body = _resolve(spec, operation.get("requestBody", {})).get("content", {}).get("application/json")
    if body is not None:
        schema = body["schema"]
        for name, prop in schema.get("properties", {}).items():
            if name in properties:
                raise ValueError(f"{choice.operation_id}: body field {name!r} clashes with a parameter")
            properties[name], locations[name] = prop, "body"
        required.extend(schema.get("required", []))
    description = _describe(operation)
    if choice.dry_run_operation is not None:
        dry = operations[choice.dry_run_operation][2]
        properties[DRY_RUN] = {
            "type": "boolean",
            "default": False,
            "description": f"Do not create anything: {_describe(dry)}",
        }
        locations[DRY_RUN] = "dry_run"
        description += f"\n\nWith `{DRY_RUN}: true`: {dry.get('summary', '')}."
    input_schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        input_schema["required"] = required
    tool: dict[str, Any] = {
        "name": choice.name,
        "operation_id": choice.operation_id,
        "method": method,
        "path": path,
        "description": description,
        "input_schema": input_schema,
        "locations": locations,
        "annotations": {
            "title": operation.get("summary", choice.name),
            "readOnlyHint": choice.read_only,
            "destructiveHint": choice.destructive,
            "openWorldHint": True,
        },
    }
    if choice.dry_run_operation is not None:
        dry_method, dry_path, _, _ = operations[choice.dry_run_operation]
        tool["dry_run"] = {"operation_id": choice.dry_run_operation, "method": dry_method, "path": dry_path}
    return tool


def build(spec: dict[str, Any]) -> list[dict[str, Any]]:
    operations = _operations(spec)
    return [_tool(spec, choice, operations) for choice in TOOLS]


def render(tools: list[dict[str, Any]]) -> str:
    return json.dumps(tools, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def load() -> list[dict[str, Any]]:
    """The committed catalog the server serves."""
    tools: list[dict[str, Any]] = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    return tools


def stale(spec_path: Path = REPO_SPEC, catalog_path: Path = CATALOG_PATH) -> bool:
    """True when the catalog is not what ``spec_path`` gives (or ``spec_path`` lacks a tool's operation)."""
    try:
        expected = render(build(load_spec(spec_path)))
    except (KeyError, ValueError):
        return True
    return not catalog_path.exists() or catalog_path.read_text(encoding="utf-8") != expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pinbridge.mcp.catalog", description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="regenerate tools.json from the spec")
    action.add_argument("--check", action="store_true", help="exit 1 when tools.json does not match the spec")
    parser.add_argument("--spec", type=Path, default=REPO_SPEC)
    parser.add_argument("--catalog", type=Path, default=CATALOG_PATH)
    args = parser.parse_args(argv)
    if args.write:
        args.catalog.write_text(render(build(load_spec(args.spec))), encoding="utf-8")
        return 0
    if stale(args.spec, args.catalog):
        print(
            f"{args.catalog} is out of date with {args.spec}: run python -m pinbridge.mcp.catalog --write",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
