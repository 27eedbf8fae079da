"""PinBridge's Pinterest simulator: the sandbox that speaks Pinterest API v5.

See ``app.create_simulator_app`` for the entry point, ``control_routes`` for the operator
endpoints under ``/_simulator/`` and ``scenarios`` for the magic boards.
"""

from pinbridge.simulator.app import create_simulator_app
from pinbridge.simulator.models import SimBase

__all__ = ["SimBase", "create_simulator_app"]
