"""openapi.yaml is the one contract: current with the code, and a valid OpenAPI document."""

from __future__ import annotations

import difflib

import yaml
from openapi_spec_validator import validate

from pinbridge.processes.openapi import render
from tests.contract.api_contract import CONTRACT


def test_committed_contract_matches_the_code():
    produced = render()
    committed = CONTRACT.read_text()
    diff = "".join(
        difflib.unified_diff(committed.splitlines(True), produced.splitlines(True), "committed", "code", n=1)
    )
    assert produced == committed, (
        f"openapi.yaml is stale; run `pinbridge openapi --output openapi.yaml`:\n{diff[:3000]}"
    )


def test_contract_is_valid_openapi():
    validate(yaml.safe_load(CONTRACT.read_text()))


def test_every_operation_has_an_operation_id_and_summary():
    spec = yaml.safe_load(CONTRACT.read_text())
    methods = {"get", "post", "put", "patch", "delete"}
    operations = [(p, m, op) for p, item in spec["paths"].items() for m, op in item.items() if m in methods]
    assert operations
    for path, method, op in operations:
        assert op.get("operationId"), (method, path)
        assert op.get("summary"), (method, path)
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids))
