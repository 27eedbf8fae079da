"""Per-app simulator state and the Bearer-token guard shared by the v5 views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import Request, Response, current_app, g, request

from pinbridge.simulator import ratelimit
from pinbridge.simulator.errors import authentication_failed, missing_scopes
from pinbridge.simulator.store import SimStore
from pinbridge.simulator.tokens import Caller, resolve_bearer

EXTENSION_KEY = "pinbridge.simulator"
ExchangeHook = Callable[[Request, Response], None]
View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class SimState:
    """What ``create_simulator_app`` was configured with."""

    store: SimStore
    client_id: str
    client_secret: str
    access_token_ttl: int
    on_exchange: ExchangeHook | None


def sim() -> SimState:
    state: SimState = current_app.extensions[EXTENSION_KEY]
    return state


def caller() -> Caller:
    """The authenticated caller of the current request (set by ``require_scopes``)."""
    found: Caller = g.sim_caller
    return found


def require_scopes(*scopes: str) -> Callable[[View], View]:
    """Authenticate the Bearer token (401 code 2) and check its scopes (401 code 3).

    The scopes are those the operation's ``security`` lists in Pinterest's spec.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise authentication_failed()
            with sim().store.reading() as session:
                found = resolve_bearer(session, token.strip())
            missing = [s for s in scopes if s not in found.scopes]
            if missing:
                raise missing_scopes(missing)
            g.sim_settings = ratelimit.admit(sim().store, found.user_seq, ratelimit.category_for(request.method))
            g.sim_caller = found
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


def request_settings() -> dict[str, float]:
    """The operator settings as this request's rate-limit check read them (``require_scopes``)."""
    found: dict[str, float] = g.sim_settings
    return found


def media_base_url() -> str:
    """Absolute URL under which base64-uploaded images are served, honouring any mount prefix."""
    return f"{request.host_url.rstrip('/')}{request.script_root}/_simulator/media"
