"""The Python client (clients/python) installed in the test venv, and a client on a real API process."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CLIENT_DIR = Path(__file__).resolve().parents[2] / "clients" / "python"


@pytest.fixture(scope="session")
def client_package() -> Path:
    """Installs clients/python into this venv unless it is already (scripts/test installs it editable)."""
    try:
        importlib.metadata.distribution("pinbridge-client")
    except importlib.metadata.PackageNotFoundError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", str(CLIENT_DIR)], check=True)
        importlib.invalidate_caches()
    return CLIENT_DIR


@pytest.fixture
def pinbridge(
    client_package: Path, start_api: Callable[..., Any], start_worker: Callable[..., Any], sandbox: Any
) -> Iterator[Any]:
    """A ``PinBridge`` for the sandbox workspace, on a real ``pinbridge api`` with a real worker."""
    from pinbridge_client import PinBridge

    api = start_api()
    start_worker()
    with PinBridge(api.url, sandbox.api_key, poll_interval=0.1) as client:
        yield client
