"""Pinterest's official OpenAPI spec as a test oracle (openapi-core 0.23).

- ``pinterest_spec()`` loads shared/pinterest/openapi-v5.yaml once per process (it is ~41k
  lines), from ``$PINTEREST_OPENAPI_SPEC`` or ``<repo>/../shared/pinterest/openapi-v5.yaml``;
  None when absent — call ``require_pinterest_spec()`` to skip a test with the reason instead.
- ``validate_request`` / ``validate_response`` raise ``SpecViolation`` with a readable message.
  Any base URL (a simulator at ``http://127.0.0.1:PORT/v5`` or ``…/simulator/v5``) is mapped
  onto the spec's server ``https://api.pinterest.com/v5`` first.
- ``SpecRecorder`` is a simulator ``on_exchange`` hook collecting violations of every ``/v5``
  exchange, so a suite can assert there were none.

openapi-core leaves two gaps that matter here, filled by this module: it treats the ``oauth2``
scheme as unsupported (so it never checks for a Bearer token), and for a schema that has a
``discriminator`` but no ``oneOf`` — Pinterest's token request and response — it validates only
the base schema. We plug in a provider that requires ``Authorization: Bearer …`` for oauth2, and
validate the discriminator's mapped schema as well (which is what makes ``code``,
``redirect_uri`` and ``refresh_token`` required, and ``refresh_token_expires_at`` on refresh).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml
from jsonschema.exceptions import ValidationError, best_match
from openapi_core import Config, OpenAPI, V30RequestValidator
from openapi_core.security.exceptions import SecurityProviderError
from openapi_core.security.factories import SecurityProviderFactory
from openapi_core.security.providers import BaseProvider
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.templating.paths.finders import APICallPathFinder
from openapi_core.testing import MockRequest, MockResponse
from openapi_schema_validator import OAS30Validator

PINTEREST_SERVER = "https://api.pinterest.com/v5"
REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SPEC_PATH = REPO_ROOT.parent / "shared" / "pinterest" / "openapi-v5.yaml"
FORM = "application/x-www-form-urlencoded"


class SpecViolation(AssertionError):
    """A request or response that Pinterest's spec does not allow."""


class _BearerProvider(BaseProvider):
    """What openapi-core lacks for ``oauth2``: the request must carry a Bearer token."""

    def __call__(self, parameters: Any) -> Any:
        scheme, _, token = parameters.header.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise SecurityProviderError("an OAuth2 Bearer token is required")
        return token


class _SecurityProviders(SecurityProviderFactory):
    def __init__(self) -> None:
        self.PROVIDERS = {**SecurityProviderFactory.PROVIDERS, "oauth2": _BearerProvider}


@dataclass(frozen=True)
class PinterestSpec:
    api: OpenAPI
    raw: dict[str, Any]
    request_validator: V30RequestValidator

    def find(self, method: str, url: str) -> Any:
        """The spec operation for ``method url`` (raises PathNotFound / OperationNotFound)."""
        path_url = url.split("?", 1)[0]
        return APICallPathFinder(self.api.spec).find(method.lower(), path_url).operation


def spec_path() -> Path:
    return Path(os.environ.get("PINTEREST_OPENAPI_SPEC") or DEFAULT_SPEC_PATH)


@cache
def pinterest_spec() -> PinterestSpec | None:
    """The parsed spec, or None when the file is not there."""
    path = spec_path()
    if not path.is_file():
        return None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    # The document is Pinterest's published spec; checking it would cost seconds per run.
    api = OpenAPI.from_dict(raw, config=Config(spec_validator_cls=None))
    validator = V30RequestValidator(api.spec, security_provider_factory=_SecurityProviders())
    return PinterestSpec(api, raw, validator)


def require_pinterest_spec() -> PinterestSpec:
    spec = pinterest_spec()
    if spec is None:
        reason = f"Pinterest's OpenAPI spec not found at {spec_path()}"
        pytest.skip(f"{reason} (set PINTEREST_OPENAPI_SPEC to its path)")
    return spec


def to_pinterest_url(url: str) -> str:
    """Map ``<anything>/v5/<rest>?<query>`` onto ``https://api.pinterest.com/v5/<rest>?<query>``."""
    parts = urlsplit(url)
    segments = parts.path.split("/")
    if "v5" not in segments:
        raise SpecViolation(f"{url} is not a Pinterest v5 URL")
    rest = "/".join(segments[segments.index("v5") + 1 :])
    query = f"?{parts.query}" if parts.query else ""
    return f"{PINTEREST_SERVER}/{rest}{query}"


def validate_request(
    method: str, url: str, headers: Mapping[str, str] | None = None, body: bytes | str | None = None
) -> None:
    """Raise ``SpecViolation`` unless Pinterest's spec allows this request."""
    errors = request_errors(require_pinterest_spec(), method, url, headers or {}, body)
    if errors:
        raise SpecViolation(f"{method.upper()} {url}: " + "; ".join(errors))


def validate_response(
    method: str,
    url: str,
    status: int,
    headers: Mapping[str, str] | None = None,
    body: bytes | str | None = None,
) -> None:
    """Raise ``SpecViolation`` unless the spec allows this response to ``method url``."""
    errors = response_errors(require_pinterest_spec(), method, url, status, headers or {}, body)
    if errors:
        raise SpecViolation(f"{method.upper()} {url} → {status}: " + "; ".join(errors))


def request_errors(
    spec: PinterestSpec, method: str, url: str, headers: Mapping[str, str], body: bytes | str | None
) -> list[str]:
    """Every problem with a request, as readable strings (empty when it conforms)."""
    request = _mock_request(method, url, headers, body)
    errors = [_describe(e) for e in spec.request_validator.iter_errors(request)]
    content_type = _content_type(headers)
    if errors or not (content_type and body):
        return errors
    operation = spec.find(method, request.host_url + request.path)
    schema = operation / "requestBody" / "content" / content_type / "schema"
    return _discriminator_errors(spec, schema, _decode_body(content_type, body))


def response_errors(
    spec: PinterestSpec,
    method: str,
    url: str,
    status: int,
    headers: Mapping[str, str],
    body: bytes | str | None,
) -> list[str]:
    """Every problem with a response to ``method url``, as readable strings."""
    request = _mock_request(method, url, {}, None)
    data = body.encode() if isinstance(body, str) else (body or b"")
    content_type = _content_type(headers) if data else ""
    response = MockResponse(data, status, headers=dict(headers), content_type=content_type)
    errors = [_describe(e) for e in spec.api.iter_response_errors(request, response)]
    if errors or content_type != "application/json":
        return errors
    operation = spec.find(method, request.host_url + request.path)
    responses = operation / "responses"
    key = str(status) if str(status) in responses else "default"
    schema = responses / key / "content" / content_type / "schema"
    return _discriminator_errors(spec, schema, json.loads(data))


def _mock_request(method: str, url: str, headers: Mapping[str, str], body: bytes | str | None) -> MockRequest:
    parts = urlsplit(to_pinterest_url(url))
    data = body.encode() if isinstance(body, str) else body
    return MockRequest(
        f"{parts.scheme}://{parts.netloc}",
        method.lower(),
        parts.path,
        args=parse_qsl(parts.query, keep_blank_values=True),  # type: ignore[arg-type]
        headers=dict(headers),
        data=data,
        content_type=_content_type(headers) or "application/json",
    )


def _content_type(headers: Mapping[str, str]) -> str:
    for name, value in headers.items():
        if name.lower() == "content-type":
            return value.split(";")[0].strip().lower()
    return ""


def _decode_body(content_type: str, body: bytes | str) -> Any:
    text = body.decode() if isinstance(body, bytes) else body
    if content_type == FORM:
        return dict(parse_qsl(text, keep_blank_values=True))
    return json.loads(text) if content_type == "application/json" else None


def _discriminator_errors(spec: PinterestSpec, schema: Any, value: Any) -> list[str]:
    """Validate ``value`` against the discriminator's mapped schema where openapi-core does not."""
    if not schema.exists() or not isinstance(value, dict):
        return []
    if "discriminator" not in schema or "oneOf" in schema or "anyOf" in schema:
        return []
    discriminator = (schema / "discriminator").read_value()
    target = discriminator.get("mapping", {}).get(value.get(discriminator["propertyName"]))
    if target is None:
        return []
    validator = OAS30Validator({"$ref": target, "components": spec.raw["components"]})
    name = target.rsplit("/", 1)[-1]
    return [f"{name}: {_schema_error(e)}" for e in validator.iter_errors(value)]


def _describe(error: BaseException) -> str:
    """Flatten openapi-core's exception chain into one line with the JSON path of each error."""
    parts = [type(error).__name__]
    node: BaseException | None = error
    while node is not None:
        schema_errors = getattr(node, "schema_errors", None)
        texts = [_schema_error(e) for e in schema_errors] if schema_errors else [str(node)]
        parts += [text for text in texts if text and text not in parts]
        node = node.__cause__
    return ": ".join(parts)


def _schema_error(error: ValidationError) -> str:
    if error.context:
        error = best_match(error.context)
    where = "/".join(str(p) for p in error.absolute_path) or "<value>"
    return f"{where}: {error.message}"


@dataclass
class SpecRecorder:
    """``on_exchange`` hook: validates every ``/v5`` request/response pair the simulator serves.

    A request the spec forbids is only a violation when the simulator *accepted* it (2xx): a
    simulator more lenient than Pinterest hides bugs; rejecting a bad request is its job. An
    undocumented path is likewise fine when answered 404/405. Responses are always validated.
    Thread-safe: a threaded server calls it from many threads.
    """

    exchanges: int = 0
    violations: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __call__(self, request: Any, response: Any) -> None:
        spec = pinterest_spec()
        if spec is None:
            return
        try:
            found = self.check(spec, request, response)
        except Exception as exc:  # the simulator would swallow it: record it instead
            found = [f"{request.method} {request.path}: validation crashed: {exc!r}"]
        with self._lock:
            self.exchanges += 1
            self.violations.extend(found)

    def check(self, spec: PinterestSpec, request: Any, response: Any) -> list[str]:
        method, url, status = request.method, request.url, response.status_code
        label = f"{method} {request.path} → {status}"
        try:
            spec.find(method, to_pinterest_url(url))
        except (PathNotFound, OperationNotFound):
            ok = status in (404, 405)
            return [] if ok else [f"{label}: served an operation that is not in Pinterest's spec"]
        found = []
        if 200 <= status < 300:
            body = request.get_data(cache=True)
            found += request_errors(spec, method, url, dict(request.headers), body)
        body = response.get_data()
        found += response_errors(spec, method, url, status, dict(response.headers), body)
        return [f"{label}: {problem}" for problem in found]

    def assert_clean(self) -> None:
        with self._lock:
            violations = list(self.violations)
        if violations:
            raise SpecViolation("Pinterest spec violations:\n  " + "\n  ".join(violations))
