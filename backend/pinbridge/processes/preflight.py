"""Start-up checks for the long-running processes (``pinbridge api`` and ``pinbridge worker``).

They refuse to start, with a message that says what to set, rather than fail on the first pin:

- ``PINBRIDGE_TOKEN_KEYS`` must be set (there is no default outside ``pinbridge dev``, which
  generates one into its data directory and prints where);
- every stored secret must be sealed with a configured key (a key dropped from the list before
  ``pinbridge tokens reencrypt`` moved its rows would make those accounts unusable);
- once any workspace talks to Pinterest itself — a live workspace, or a sandbox one set to
  Pinterest's sandbox — your Pinterest app's client id and secret must be set.
"""

from __future__ import annotations

from sqlalchemy import exists, or_, select

from pinbridge.errors import ConfigurationError
from pinbridge.models import Workspace
from pinbridge.models.account import API_PINTEREST_SANDBOX
from pinbridge.models.workspace import LIVE
from pinbridge.runtime import Runtime
from pinbridge.services import vault


def check(runtime: Runtime) -> None:
    settings = runtime.settings
    settings.require_token_keys()
    unknown = vault.rows_with_unknown_keys(runtime)
    if unknown:
        raise ConfigurationError(
            f"{unknown} stored secret(s) are sealed with a key PINBRIDGE_TOKEN_KEYS does not list; "
            "add the old key back (after the new one) and run `pinbridge tokens reencrypt`"
        )
    if not settings.has_pinterest_app and _uses_pinterest(runtime):
        settings.require_pinterest_app()


def _uses_pinterest(runtime: Runtime) -> bool:
    query = select(exists().where(or_(Workspace.environment == LIVE, Workspace.pinterest_api == API_PINTEREST_SANDBOX)))
    with runtime.db.session() as session:
        return bool(session.scalar(query))
