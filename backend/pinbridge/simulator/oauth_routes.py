"""OAuth: Pinterest's token endpoint and the sandbox's auto-approve consent page.

``POST /v5/oauth/token`` behaves like Pinterest's: HTTP Basic client credentials, a form-encoded
body, ``authorization_code`` and ``refresh_token`` grants. ``/oauth/`` stands in for
``https://www.pinterest.com/oauth/``: it asks no password — the end user types any sandbox
username (an existing one signs in again, so reconnecting keeps the same Pinterest user id, a new
one is created with the default boards) and is redirected back with a one-time code bound to the
``redirect_uri`` of the request. The page also carries two plain links, "approve as a new
sandbox user" and "deny", so a script (or a test with ``requests``) can click through it.

Every token call is logged (``sim_token_requests``) against the user whose code or refresh
token it presented, so refreshes can be counted exactly (``GET /_simulator/users/{id}``).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from pinbridge.simulator import accounts, tokens
from pinbridge.simulator.context import sim
from pinbridge.simulator.errors import SimError, authentication_failed, invalid
from pinbridge.simulator.models import SimUser

blp = Blueprint("pinterest_oauth", __name__)

AUTHORIZE_PARAMS = ("client_id", "redirect_uri", "scope", "state", "response_type")
REVOKED_PREFIX = "revoked"  # a new user named revoked… can never refresh (reconnect_required)
MANY_BOARDS_PREFIX = "many_boards"  # a new user named many_boards… gets 600 more boards (pagination)


@blp.post("/v5/oauth/token")
def token() -> Response:
    """Generate OAuth access token (``oauth/token``)."""
    _authenticate_client()
    form = request.form
    state = sim()
    grant = form.get("grant_type") or ""
    secret = form.get("code") if grant == "authorization_code" else form.get("refresh_token")
    try:
        with state.store.writing() as session:
            body = _grant(session, grant, form, state.access_token_ttl)
            tokens.log_request(session, grant, secret or "", ok=True)
    except SimError:
        if grant in ("authorization_code", "refresh_token"):
            with state.store.writing() as session:
                tokens.log_request(session, grant, secret or "", ok=False)
        raise
    return jsonify(body)


def _grant(session: Session, grant: str, form: Mapping[str, str], ttl: int) -> dict[str, Any]:
    if grant == "authorization_code":
        code, redirect_uri = form.get("code"), form.get("redirect_uri")
        if not code or not redirect_uri:
            raise invalid("code and redirect_uri are required.")
        return tokens.exchange_code(session, code, redirect_uri, ttl)
    if grant == "refresh_token":
        refresh_token = form.get("refresh_token")
        if not refresh_token:
            raise invalid("refresh_token is required.")
        return tokens.refresh(session, refresh_token, ttl)
    raise invalid("grant_type must be authorization_code or refresh_token.")


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
    username = f"sandbox_{secrets.token_hex(3)}"
    params: dict[str, Any] = {k: v for k, v in request.args.items() if k in AUTHORIZE_PARAMS}
    return render_template(
        "consent.html",
        params=request.args,
        scopes=_requested_scopes(request.args.get("scope", "")),
        suggested_username=username,
        approve_url=url_for(".consent_link", **{**params, "username": username, "decision": "allow"}),
        deny_url=url_for(".consent_link", **{**params, "decision": "deny"}),
    )


@blp.post("/oauth/")
def consent_decision() -> BaseResponse:
    """Redirect back to the app with ``code`` and ``state`` (or ``error=access_denied``)."""
    return _decide(request.form)


@blp.get("/oauth/decide")
def consent_link() -> BaseResponse:
    """The same decision as the form, from the page's approve and deny links."""
    return _decide(request.args)


def _decide(form: Mapping[str, str]) -> BaseResponse:
    _check_authorize_request(form)
    redirect_uri, state = form["redirect_uri"], form.get("state", "")
    if form.get("decision") != "allow":
        return redirect(_with_query(redirect_uri, error="access_denied", state=state))
    scopes = _requested_scopes(form.get("scope", ""))
    with sim().store.writing() as session:
        username = accounts.validate_username(form.get("username", ""))
        user = session.scalar(select(SimUser).where(SimUser.username == username))
        if user is None:
            name = username.lower()
            boards = list(accounts.DEFAULT_BOARDS)
            if name.startswith(MANY_BOARDS_PREFIX):
                boards += accounts.numbered_boards(600)
            revoked = name.startswith(REVOKED_PREFIX)
            user = accounts.create_user(session, username, boards, refresh_revoked=revoked)
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
