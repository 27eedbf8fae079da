# Thin aliases for the common tasks; each runs the same script CI and the README use.
.PHONY: dev test lint format openapi bench

dev:  ## the embedded all-in-one (SQLite + embedded Redis) on http://127.0.0.1:8000
	.venv/bin/pinbridge dev

test:  ## the whole test command (installs what it needs)
	scripts/test

lint:  ## ruff check, ruff format --check, mypy
	scripts/lint

format:  ## apply ruff's fixes and formatting
	scripts/lint --fix

openapi:  ## rewrite openapi.yaml from the code, then what is generated from it (n8n types, the Python client, the MCP tools)
	.venv/bin/pinbridge openapi --output openapi.yaml
	cd n8n-node && npm run types
	.venv/bin/python clients/python/generate.py
	.venv/bin/python -m pinbridge.mcp.catalog --write

bench:  ## the pacing and fairness benchmark (about 20 minutes)
	.venv/bin/python bench/pacing.py
