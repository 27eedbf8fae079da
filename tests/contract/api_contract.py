"""A Flask test client that holds every response to the committed openapi.yaml.

Each response must be an operation's documented response and match its schema; none may be a 500
or contain a Python traceback. Paths outside the contract (``/docs``, ``/openapi.json``) are
exempt from schema validation only.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from flask.testing import FlaskClient
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_schema_validator import OAS30Validator

CONTRACT = Path(__file__).resolve().parents[2] / "openapi.yaml"
UNDOCUMENTED = ("/docs", "/openapi.json", "/metrics")


@functools.cache
def contract() -> OpenAPI:
    return OpenAPI.from_file_path(str(CONTRACT))


class _SentRequest(WerkzeugOpenAPIRequest):
    """The app already consumed the request stream; response validation needs only method + path."""

    @property
    def body(self) -> bytes | None:
        return None


@functools.cache
def envelope_validator() -> OAS30Validator:
    schemas = yaml.safe_load(CONTRACT.read_text())["components"]["schemas"]
    envelope = {**schemas["ErrorEnvelope"]}
    envelope["properties"] = {**envelope["properties"], "error": schemas["ErrorBody"]}
    return OAS30Validator(envelope)


def check_response(response: Any) -> None:
    body = response.get_data().decode("utf-8", "replace")  # asset content is binary
    assert response.status_code != 500, f"500 from {response.request.path}: {body[:500]}"
    assert "Traceback" not in body, f"traceback leaked from {response.request.path}"
    if response.request.path.startswith(UNDOCUMENTED):
        return
    try:
        contract().validate_response(_SentRequest(response.request), WerkzeugOpenAPIResponse(response))
    except (PathNotFound, OperationNotFound):
        # Routing errors for paths/methods the contract does not have: still the documented envelope.
        assert response.status_code in (404, 405), response.request.path
        envelope_validator().validate(response.get_json())


def check_http_response(response: Any) -> None:
    """The same checks for a ``requests`` response from the API served over real HTTP."""
    assert response.status_code != 500, response.text[:500]
    assert "Traceback" not in response.text
    contract().validate_response(RequestsOpenAPIRequest(response.request), RequestsOpenAPIResponse(response))


class ContractClient(FlaskClient):
    def open(self, *args: Any, **kwargs: Any) -> Any:
        response = super().open(*args, **kwargs)
        check_response(response)
        return response
