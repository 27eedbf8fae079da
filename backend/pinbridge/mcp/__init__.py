"""The MCP server: PinBridge's API as Model Context Protocol tools for AI agents.

``catalog`` derives the tools from ``openapi.yaml`` (committed as ``tools.json``), ``server`` serves
them (each call is a real API request with the caller's key), ``http`` mounts the streamable HTTP
transport on the API at ``/mcp``; ``pinbridge mcp`` runs the stdio transport."""
