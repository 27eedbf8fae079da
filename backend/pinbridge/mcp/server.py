"""The MCP server: the catalog's tools, each call a real PinBridge API request with the caller's key.

Nothing here decides what a key may do: the API does, exactly as for any client (scopes, workspace
isolation, rate limits, validation). A tool call becomes one HTTP request (``Backend``): over the
network for ``pinbridge mcp`` (stdio), in-process through the API's own WSGI stack for ``/mcp``.
An API error comes back as a tool error (``isError``) whose text starts with the SPEC §4 envelope's
``code`` and ``message`` and carries the whole envelope as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

import anyio.to_thread
import mcp_types as types
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server

from pinbridge import __version__
from pinbridge.mcp import catalog, guide


@dataclass(frozen=True)
class ApiAnswer:
    status: int
    body: Any


class Backend(Protocol):
    def __call__(
        self, method: str, path: str, query: dict[str, Any], body: dict[str, Any] | None, api_key: str
    ) -> ApiAnswer: ...


KeySource = Callable[[ServerRequestContext[Any]], str | None]


def http_backend(base_url: str, timeout: float = 60.0) -> Backend:
    """Requests to a running API (``pinbridge mcp`` over stdio)."""
    import requests

    def call(method: str, path: str, query: dict[str, Any], body: dict[str, Any] | None, api_key: str) -> ApiAnswer:
        try:
            response = requests.request(
                method,
                base_url.rstrip("/") + path,
                params=query,
                json=body,
                headers={"Authorization": f"Bearer {api_key}"},
                timeout=timeout,
            )
        except requests.RequestException as exc:
            return ApiAnswer(
                503,
                _envelope("api_unreachable", f"PinBridge API at {base_url} did not answer: {type(exc).__name__}"),
            )
        return ApiAnswer(response.status_code, json_or_text(response.text))

    return call


def json_or_text(text: str) -> Any:
    """An API answer's body: its JSON, or the text itself when it is not JSON (a proxy's page)."""
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text


def _envelope(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "retryable": False, "details": {}}}


def _split(tool: dict[str, Any], arguments: dict[str, Any]) -> tuple[str, str, dict[str, Any], dict[str, Any] | None]:
    method, template = tool["method"], tool["path"]
    if arguments.get(catalog.DRY_RUN) and "dry_run" in tool:
        method, template = tool["dry_run"]["method"], tool["dry_run"]["path"]
    query: dict[str, Any] = {}
    body: dict[str, Any] = {}
    path = template
    for name, value in arguments.items():
        where = tool["locations"].get(name)
        if where == "path":
            path = path.replace("{" + name + "}", quote(str(value), safe=""))
        elif where == "query":
            query[name] = str(value).lower() if isinstance(value, bool) else value
        elif where == "body":
            body[name] = value
        elif where is None:
            body[name] = value  # unknown argument: let the API refuse it (422), not drop it silently
    has_body = any(loc == "body" for loc in tool["locations"].values())
    return method, path, query, (body if has_body else None)


def _result(answer: ApiAnswer) -> types.CallToolResult:
    text = json.dumps(answer.body, indent=2, ensure_ascii=False)
    if answer.status >= 400:
        error = answer.body.get("error") if isinstance(answer.body, dict) else None
        if isinstance(error, dict):
            headline = f"{error.get('code')}: {error.get('message')} (HTTP {answer.status})"
        else:
            headline = f"http_{answer.status}: the API answered {answer.status}"
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=f"{headline}\n{text}")],
            is_error=True,
        )
    structured = answer.body if isinstance(answer.body, dict) else None
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=text)], structured_content=structured, is_error=False
    )


def build_server(backend: Backend, key_source: KeySource) -> Server[Any]:
    tools = {tool["name"]: tool for tool in catalog.load()}

    async def list_tools(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(
            tools=[
                types.Tool(
                    name=tool["name"],
                    title=tool["annotations"]["title"],
                    description=tool["description"],
                    input_schema=tool["input_schema"],
                    annotations=types.ToolAnnotations(
                        title=tool["annotations"]["title"],
                        read_only_hint=tool["annotations"]["readOnlyHint"],
                        destructive_hint=tool["annotations"]["destructiveHint"],
                        open_world_hint=tool["annotations"]["openWorldHint"],
                    ),
                )
                for tool in tools.values()
            ]
        )

    async def call_tool(ctx: ServerRequestContext[Any], params: types.CallToolRequestParams) -> types.CallToolResult:
        tool = tools.get(params.name)
        if tool is None:
            return _result(ApiAnswer(404, _envelope("unknown_tool", f"There is no tool {params.name!r}.")))
        api_key = key_source(ctx)
        if not api_key:
            return _result(
                ApiAnswer(
                    401, _envelope("missing_api_key", "Set PINBRIDGE_API_KEY (or send Authorization: Bearer <key>).")
                )
            )
        method, path, query, body = _split(tool, dict(params.arguments or {}))
        answer = await anyio.to_thread.run_sync(lambda: backend(method, path, query, body, api_key))
        return _result(answer)

    async def list_resources(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListResourcesResult:
        return types.ListResourcesResult(
            resources=[
                types.Resource(
                    name="guide",
                    title="PinBridge guide for agents",
                    uri=guide.URI,
                    description="The pin lifecycle, idempotency, errors and the sandbox's magic boards.",
                    mime_type="text/markdown",
                )
            ]
        )

    async def read_resource(
        ctx: ServerRequestContext[Any], params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        if str(params.uri) != guide.URI:
            from mcp.shared.exceptions import MCPError

            raise MCPError(code=types.INVALID_PARAMS, message=f"not_found: no resource {params.uri}")
        return types.ReadResourceResult(
            contents=[types.TextResourceContents(uri=guide.URI, mime_type="text/markdown", text=guide.text())]
        )

    async def list_prompts(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListPromptsResult:
        return types.ListPromptsResult(
            prompts=[
                types.Prompt(name="publish_pin", description="How to publish a pin with these tools, step by step.")
            ]
        )

    async def get_prompt(ctx: ServerRequestContext[Any], params: types.GetPromptRequestParams) -> types.GetPromptResult:
        return types.GetPromptResult(
            description="How to publish a pin with PinBridge",
            messages=[
                types.PromptMessage(role="user", content=types.TextContent(type="text", text=guide.text())),
            ],
        )

    return Server(
        "pinbridge",
        version=__version__,
        instructions="PinBridge publishes pins to Pinterest. Read the resource " + guide.URI + " first.",
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_read_resource=read_resource,
        on_list_prompts=list_prompts,
        on_get_prompt=get_prompt,
    )


async def serve_stdio(api_url: str, api_key: str | None) -> None:
    from mcp.server.stdio import stdio_server

    server = build_server(http_backend(api_url), lambda ctx: api_key)
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())
