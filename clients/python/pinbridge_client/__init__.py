"""PinBridge for Python scripts: a thin layer over the generated ``pinbridge_api`` package.

    from pinbridge_client import PinBridge
    pb = PinBridge("http://127.0.0.1:8000", "pb_test_…")
    pin = pb.create_pin(account_id="acc_…", board_id="…", image_url="https://…", wait=True)

Everything the API offers is in ``pinbridge_api`` (generated from openapi.yaml; ``pb.api`` is its
authenticated client). This layer adds only what the generated code cannot: waiting for a final
status, idempotency keys kept across retries, cursor iteration, webhook verification, one error type.
"""

from .client import FINAL_STATUSES, PinBridge
from .errors import PinBridgeError, PinTimeoutError
from .webhooks import WebhookVerificationError, verify_webhook

__all__ = [
    "FINAL_STATUSES",
    "PinBridge",
    "PinBridgeError",
    "PinTimeoutError",
    "WebhookVerificationError",
    "verify_webhook",
]
