"""Writing the API contract (openapi.yaml) from the code, deterministically."""

from __future__ import annotations

import yaml

from pinbridge.app import create_app
from pinbridge.settings import Settings


def _contract_settings() -> Settings:
    """Placeholder connections: building the app connects to nothing."""
    return Settings.from_env({"PINBRIDGE_DATABASE_URL": "sqlite://", "PINBRIDGE_REDIS_URL": "redis://127.0.0.1:1/0"})


def render() -> str:
    app = create_app(_contract_settings())
    with app.app_context():
        spec = app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    return yaml.safe_dump(spec, sort_keys=True, allow_unicode=True, width=100)
