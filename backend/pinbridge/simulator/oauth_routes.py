"""OAuth: Pinterest's token endpoint and the sandbox's auto-approve consent page.

``POST /v5/oauth/token`` behaves like Pinterest's: HTTP Basic client credentials, a form-encoded
body, ``authorization_code`` and ``refresh_token`` grants. ``/oauth/`` stands in for
``https://www.pinterest.com/oauth/``: it asks no password — the end user types any sandbox
username (an existing one signs in again, so reconnecting keeps the same Pinterest user id, a new
one is created with the default boards) and is redirected back with a one-time code bound to the
``redirect_uri`` of the request.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Response, jsonify, redirect, render_template, request
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from pinbridge.simulator import accounts, tokens
from pinbridge.simulator.context import sim
from pinbridge.simulator.errors import SimError, authentication_failed, invalid
from pinbridge.simulator.models import SimUser

blp = Blueprint("pinterest_oauth", __name__)


@blp.post("/v5/oauth/token")
def token() -> Response:
    """Generate OAuth access token (``oauth/token``)."""
    _authenticate_client()
    form = request.form
    state = sim()
    with state.store.writing() as session:
        grant = form.get("grant_type")
        if grant == "authorization_code":
            code, redirect_uri = form.get("code"), form.get("redirect_uri")
            if not code or not redirect_uri:
                raise invalid("code and redirect_uri are required.")
            body = tokens.exchange_code(session, code, redirect_uri, state.access_token_ttl)
        elif grant == "refresh_token":
            refresh_token = form.get("refresh_token")
            if not refresh_token:
                raise invalid("refresh_token is required.")
            body = tokens.refresh(session, refresh_token, state.access_token_ttl)
        else:
            raise invalid("grant_type must be authorization_code or refresh_token.")
    return jsonify(body)


def _authenticate_client() -> None:
    auth = request.authorization
    state = sim()
    if (
        auth is None
        or auth.type != "basic"
        or not hmac.compare_digest(auth.username or "", state.client_id)
        or not hmac.compare_digest(auth.password or "", state.client_secret)
    ):
        raise authentication_failed()


@blp.get("/oauth/")
def consent_page() -> str:
    """The sandbox consent page: pick a username, allow or deny."""
    _check_authorize_request(request.args)
    return render_template(
        "consent.html",
        params=request.args,
        scopes=_requested_scopes(request.args.get("scope", "")),
        suggested_username=f"sandbox_{secrets.token_hex(3)}",
    )


@blp.post("/oauth/")
def consent_decision() -> BaseResponse:
    """Redirect back to the app with ``code`` and ``state`` (or ``error=access_denied``)."""
    form = request.form
    _check_authorize_request(form)
    redirect_uri, state = form["redirect_uri"], form.get("state", "")
    if form.get("decision") != "allow":
        return redirect(_with_query(redirect_uri, error="access_denied", state=state))
    scopes = _requested_scopes(form.get("scope", ""))
    with sim().store.writing() as session:
        username = accounts.validate_username(form.get("username", ""))
        user = session.scalar(select(SimUser).where(SimUser.username == username))
        if user is None:
            user = accounts.create_user(session, username, accounts.DEFAULT_BOARDS)
        code = accounts.issue_code(session, user, scopes, redirect_uri=redirect_uri)
    return redirect(_with_query(redirect_uri, code=code, state=state))


def _check_authorize_request(params: Mapping[str, str]) -> None:
    if params.get("client_id") != sim().client_id:
        raise SimError(400, 1, "Unknown client_id.")
    if params.get("response_type", "code") != "code":
        raise SimError(400, 1, "response_type must be code.")
    redirect_uri = params.get("redirect_uri") or ""
    if urlsplit(redirect_uri).scheme not in ("http", "https"):
        raise SimError(400, 1, "redirect_uri must be an http(s) URL.")


def _requested_scopes(scope: str) -> list[str]:
    requested = [s for s in scope.replace(",", " ").split() if s]
    return requested or list(accounts.ALL_SCOPES)


def _with_query(url: str, **params: str) -> str:
    separator = "&" if urlsplit(url).query else "?"
    return f"{url}{separator}{urlencode(params)}"
