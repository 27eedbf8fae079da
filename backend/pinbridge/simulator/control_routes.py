"""Operator and test hooks under ``/_simulator/`` — not part of Pinterest's API.

All JSON; errors use the same ``{"code", "message"}`` body as the v5 endpoints.

- ``POST /_simulator/users`` ``{"username"?, "boards"?, "extra_boards"?, "scopes"?,
  "refresh_revoked"?}`` → 201
  ``{"user_id", "username", "authorization_code", "scopes", "boards": [{"id", "name",
  "sections": [{"id", "name"}]}]}``. ``boards`` items are names or ``{"name", "description"?,
  "privacy"?, "sections"?}``; the default is Recipes, Travel ideas, Home decor and one board per
  magic scenario. ``extra_boards: N`` (up to 5,000) adds boards "Board 0001" … after them, to
  exercise pagination. The code is an ordinary one-time code, exchangeable at
  ``/v5/oauth/token`` with any ``redirect_uri``. ``refresh_revoked`` makes every refresh fail
  with 401 code 283.
- ``GET /_simulator/users/{user_id}`` → ``{"user_id", "username", "refresh_revoked",
  "token_requests": {"authorization_code", "refresh_token", "failed"}}``: successful code
  exchanges and refreshes, and failed token calls, that presented this user's secrets.
- ``PATCH /_simulator/users/{user_id}`` ``{"refresh_revoked"?: bool, "expire_access_tokens"?:
  true}``: revoke (or restore) the account's ability to refresh, to exercise "reconnect
  required"; end its access tokens now, as 30 days would (the next call gets 401 code 2).
- ``POST /_simulator/users/{user_id}/authorization_codes`` → 201 ``{"authorization_code"}``:
  a new code for an existing user (reconnect without the consent page).
- ``GET /_simulator/config``, ``PATCH /_simulator/config`` ``{"create_latency_seconds"?,
  "slow_board_latency_seconds"?}``: seconds ``POST /v5/pins`` waits *after* committing the pin.
  Stored in the simulator's database, so every thread and process sees it.
- ``GET /_simulator/pins?board_id=&user_id=`` → ``{"items": [Pin + "user_id"]}``: every pin
  the simulator holds, oldest first, for exact counting in tests and support.
- ``GET /_simulator/scenarios`` → the magic boards and magic media inputs, and what they do.
- ``GET /_simulator/media-uploads/{media_id}`` → a registered video upload as the simulator holds
  it (status, size, sha256), for tests to compare bytes end to end.
- ``GET /_simulator/media/{pin_id}``: the bytes of an image sent as ``image_base64``.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from pinbridge.simulator import accounts, tokens
from pinbridge.simulator.context import media_base_url, sim
from pinbridge.simulator.errors import SimError, invalid, pin_not_found
from pinbridge.simulator.models import SimBoard, SimCall, SimMedia, SimPin, SimPinImage, SimSetting, SimUser
from pinbridge.simulator.scenarios import MAGIC_MEDIA, SCENARIOS
from pinbridge.simulator.serializers import pin_json, section_json
from pinbridge.simulator.store import DEFAULT_SETTINGS

blp = Blueprint("simulator_control", __name__, url_prefix="/_simulator")

MAX_LATENCY_SECONDS = 3600.0
MAX_RATE_VALUE = 1_000_000.0


MAX_EXTRA_BOARDS = 5000


@blp.post("/users")
def create_user() -> tuple[Response, int]:
    """Create a sandbox user with boards and return a one-time authorization code."""
    body = _json_object()
    username = _username(body.get("username"))
    scopes = body.get("scopes", list(accounts.ALL_SCOPES))
    if not isinstance(scopes, list) or not all(isinstance(s, str) and s for s in scopes):
        raise invalid("scopes must be a list of scope names.")
    boards = accounts.parse_board_specs(body.get("boards"))
    boards += accounts.numbered_boards(_count(body, "extra_boards", MAX_EXTRA_BOARDS))
    with sim().store.writing() as session:
        user = accounts.create_user(
            session,
            username,
            boards,
            scopes,
            refresh_revoked=_bool(body, "refresh_revoked", default=False),
        )
        code = accounts.issue_code(session, user, scopes)
        result = {
            "user_id": user.id,
            "username": user.username,
            "authorization_code": code,
            "scopes": scopes,
            "boards": [_board_summary(b) for b in user.boards],
        }
    return jsonify(result), 201


@blp.post("/users/<user_id>/boards")
def create_board(user_id: str) -> tuple[Response, int]:
    """Add boards to an existing user: ``{"boards": [name | {name, description, privacy, sections}]}``.

    How a sandbox user gets a magic board with the numbers it needs, e.g. "Flaky (9 transient errors)".
    """
    specs = accounts.parse_board_specs(_json_object().get("boards"))
    with sim().store.writing() as session:
        user = _user(session, user_id)
        created = [accounts.add_board(session, user, spec) for spec in specs]
        session.flush()
        return jsonify({"boards": [_board_summary(b) for b in created]}), 201


@blp.get("/users/<user_id>")
def get_user(user_id: str) -> Response:
    """A user and how many token calls presented its codes and refresh tokens."""
    with sim().store.reading() as session:
        return jsonify(_user_json(session, _user(session, user_id)))


@blp.patch("/users/<user_id>")
def update_user(user_id: str) -> Response:
    """Set ``refresh_revoked`` and/or expire the user's access tokens now."""
    body = _json_object()
    with sim().store.writing() as session:
        user = _user(session, user_id)
        user.refresh_revoked = _bool(body, "refresh_revoked", default=user.refresh_revoked)
        if _bool(body, "expire_access_tokens", default=False):
            tokens.expire_access_tokens(session, user)
        result = _user_json(session, user)
    return jsonify(result)


def _user_json(session: Session, user: SimUser) -> dict[str, Any]:
    return {
        "user_id": user.id,
        "username": user.username,
        "refresh_revoked": user.refresh_revoked,
        "token_requests": tokens.request_counts(session, user),
    }


@blp.post("/users/<user_id>/authorization_codes")
def create_authorization_code(user_id: str) -> tuple[Response, int]:
    """Issue a new one-time code for an existing user, with the user's scopes."""
    with sim().store.writing() as session:
        user = _user(session, user_id)
        code = accounts.issue_code(session, user, user.scopes.split(","))
    return jsonify({"authorization_code": code}), 201


@blp.get("/config")
def get_config() -> Response:
    """The simulator's operator settings."""
    store = sim().store
    with store.reading() as session:
        return jsonify(store.settings(session))


@blp.patch("/config")
def update_config() -> Response:
    """Change settings; unknown keys and out-of-range values are rejected.

    Latencies are seconds (0–3600); ``rate_<category>_capacity`` / ``rate_<category>_per_second``
    set the simulated Pinterest rate limit per user (token bucket; ``per_second`` 0 = no limit).
    """
    body = _json_object()
    for key, value in body.items():
        if key not in DEFAULT_SETTINGS:
            raise invalid(f"Unknown setting {key!r}.")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise invalid(f"{key} must be a number of seconds.")
        ceiling = MAX_RATE_VALUE if key.startswith("rate_") else MAX_LATENCY_SECONDS
        if not 0 <= value <= ceiling:
            raise invalid(f"{key} must be between 0 and {ceiling:g}.")
    store = sim().store
    with store.writing() as session:
        for key, value in body.items():
            session.merge(SimSetting(key=key, value=float(value)))
        session.flush()
        return jsonify(store.settings(session))


@blp.get("/pins")
def list_all_pins() -> Response:
    """Every pin, optionally filtered by ``board_id`` and/or ``user_id``, oldest first."""
    query = select(SimPin).join(SimPin.board).join(SimBoard.owner).order_by(SimPin.seq)
    if request.args.get("board_id"):
        query = query.where(SimBoard.id == request.args["board_id"])
    if request.args.get("user_id"):
        query = query.where(SimUser.id == request.args["user_id"])
    base = media_base_url()
    with sim().store.reading() as session:
        pins = session.scalars(query)
        items = [{**pin_json(p, base), "user_id": p.board.owner.id, **_received(p)} for p in pins]
    return jsonify({"items": items})


@blp.get("/calls")
def list_calls() -> Response:
    """Rate-limited calls as Pinterest would count them: ``user_id``, ``category``, ``since`` (epoch s)."""
    query = select(SimCall, SimUser.id).join(SimUser, SimUser.seq == SimCall.user_seq).order_by(SimCall.seq)
    if request.args.get("user_id"):
        query = query.where(SimUser.id == request.args["user_id"])
    if request.args.get("category"):
        query = query.where(SimCall.category == request.args["category"])
    if request.args.get("since"):
        query = query.where(SimCall.at >= float(request.args["since"]))
    with sim().store.reading() as session:
        items = [
            {"user_id": user_id, "category": call.category, "at": call.at, "limited": call.limited}
            for call, user_id in session.execute(query)
        ]
    return jsonify({"items": items})


@blp.get("/scenarios")
def list_scenarios() -> Response:
    """The magic boards: the name to give a board and what creating a pin on it does."""
    items = [{"board_name": s.example_name, "behaviour": s.summary} for s in SCENARIOS]
    media = [{"input": given, "behaviour": outcome} for given, outcome in MAGIC_MEDIA]
    return jsonify({"items": items, "media": media})


def _received(pin: SimPin) -> dict[str, Any]:
    """What arrived beyond the Pin object: the source type, and digests of bytes sent inline."""
    received: dict[str, Any] = {"source_type": pin.source_type}
    if pin.extra is not None:
        received["media_detail"] = pin.extra.detail
    return received


@blp.get("/media-uploads/<media_id>")
def get_media_upload(media_id: str) -> Response:
    """A registered video upload: status, size and SHA-256 of the bytes received."""
    with sim().store.reading() as session:
        media = session.scalar(select(SimMedia).where(SimMedia.id == media_id))
        if media is None:
            raise SimError(404, 404, "Media not found.")
        fields = ("status", "size_bytes", "sha256", "will_fail")
        return jsonify({"media_id": media.id, **{name: getattr(media, name) for name in fields}})


@blp.get("/media/<pin_id>/<int:position>")
def get_media_item(pin_id: str, position: int) -> Response:
    """A carousel image (or a video's base64 cover, position 0) that arrived as base64."""
    with sim().store.reading() as session:
        query = (
            select(SimPinImage)
            .join(SimPin, SimPin.seq == SimPinImage.pin_seq)
            .where(SimPin.id == pin_id, SimPinImage.position == position)
            .options(undefer(SimPinImage.data))
        )
        image = session.scalar(query)
        if image is None:
            raise pin_not_found()
        return Response(image.data, mimetype=image.content_type)


@blp.get("/media/<pin_id>")
def get_media(pin_id: str) -> Response:
    """The image bytes of a pin created from ``image_base64``."""
    with sim().store.reading() as session:
        query = select(SimPin).where(SimPin.id == pin_id).options(undefer(SimPin.image_data))
        pin = session.scalar(query)
        if pin is None or pin.image_data is None:
            raise pin_not_found()
        return Response(pin.image_data, mimetype=pin.image_content_type)


def _json_object() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if body is None and not request.get_data():
        return {}
    if not isinstance(body, dict):
        raise invalid("The request body must be a JSON object.")
    return body


def _bool(body: dict[str, Any], key: str, *, default: bool) -> bool:
    value = body.get(key, default)
    if not isinstance(value, bool):
        raise invalid(f"{key} must be true or false.")
    return value


def _count(body: dict[str, Any], key: str, maximum: int) -> int:
    value = body.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise invalid(f"{key} must be a whole number from 0 to {maximum}.")
    return value


def _user(session: Session, user_id: str) -> SimUser:
    user = session.scalar(select(SimUser).where(SimUser.id == user_id))
    if user is None:
        raise SimError(404, 404, "User not found.")
    return user


def _username(raw: Any) -> str:
    """The requested username, or a random ``sandbox_…`` one when none was given."""
    if raw is None:
        return f"sandbox_{secrets.token_hex(4)}"
    return accounts.validate_username(raw)


def _board_summary(board: SimBoard) -> dict[str, Any]:
    sections = [section_json(s) for s in board.sections]
    return {"id": board.id, "name": board.name, "sections": sections}
