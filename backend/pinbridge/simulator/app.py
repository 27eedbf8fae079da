"""``create_simulator_app``: the Pinterest v5 simulator as a WSGI app (PinBridge's sandbox).

It speaks Pinterest's paths, JSON and error shapes, stores everything in its own database, and
routes relatively so it can be served standalone or mounted under a prefix (e.g. ``/simulator``
via ``DispatcherMiddleware``). Every response carries an ``x-request-id``, as Pinterest's do.
Threaded servers are fine: each unit of work opens its own session.
"""

from __future__ import annotations

import logging
import uuid

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from pinbridge.shapes.text import nul_fields
from pinbridge.simulator import api_routes, control_routes, media_routes, oauth_routes
from pinbridge.simulator.context import EXTENSION_KEY, ExchangeHook, SimState, sim
from pinbridge.simulator.errors import SimError, invalid
from pinbridge.simulator.store import SimStore

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 160 * 1024 * 1024  # a carousel of five 20 MB images as base64, and the other fields


def create_simulator_app(
    database_url: str,
    *,
    client_id: str = "pinbridge-sandbox",
    client_secret: str = "pinbridge-sandbox-secret",
    on_exchange: ExchangeHook | None = None,
    access_token_ttl: int = 30 * 24 * 3600,
) -> Flask:
    """Build the simulator on ``database_url`` (tables are created if missing).

    ``on_exchange(request, response)`` runs after every ``/v5/*`` request with the final
    response — tests use it to validate both against Pinterest's spec. It gets a copy of the
    response, and whatever it raises is logged and ignored: it cannot change or break the answer.
    """
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions[EXTENSION_KEY] = SimState(
        store=SimStore(database_url),
        client_id=client_id,
        client_secret=client_secret,
        access_token_ttl=access_token_ttl,
        on_exchange=on_exchange,
    )
    for blueprint in (api_routes.blp, media_routes.blp, media_routes.upload_blp, oauth_routes.blp, control_routes.blp):
        app.register_blueprint(blueprint)
    app.before_request(_start_request)
    app.after_request(_finish_request)
    app.register_error_handler(SimError, _render_sim_error)
    app.register_error_handler(HTTPException, _render_http_error)
    app.register_error_handler(Exception, _render_unexpected_error)
    return app


def _start_request() -> None:
    g.request_id = uuid.uuid4().hex
    if sim().on_exchange is not None and _is_v5():
        # Keep the raw body readable for the hook even after form parsing has consumed it.
        request.get_data(cache=True)
    _refuse_nul_text()


def _refuse_nul_text() -> None:
    """PinBridge's one NUL rule (``shapes/text.py``) in Pinterest's words: 400 code 1 naming the
    field, before any text reaches the simulator's database."""
    where: list[tuple[str, object]] = [*request.headers.items(), *request.args.items(multi=True)]
    if request.mimetype == "application/x-www-form-urlencoded":
        where.extend(request.form.items(multi=True))
    elif request.is_json:
        where.append(("", request.get_json(silent=True)))
    bad = [path for name, value in where for path in nul_fields(value, name)]
    if bad:
        raise invalid(f"Invalid parameters: {', '.join(sorted(bad))} must not contain the NUL character.")


def _finish_request(response: Response) -> Response:
    response.headers["x-request-id"] = g.get("request_id") or uuid.uuid4().hex
    hook = sim().on_exchange
    if hook is not None and _is_v5():
        try:
            hook(request, _copy(response))
        except Exception:
            log.exception("simulator on_exchange hook failed; response sent unchanged")
    return response


def _copy(response: Response) -> Response:
    """The hook sees an identical copy, so nothing it does can alter what the client gets."""
    headers = list(response.headers.items())
    return Response(response.get_data(), status=response.status, headers=headers)


def _is_v5() -> bool:
    return request.path.startswith("/v5/")


def _render_sim_error(error: SimError) -> tuple[Response, int, dict[str, str]]:
    return jsonify(error.body()), error.status, error.headers


def _render_http_error(error: HTTPException) -> tuple[Response, int, list[tuple[str, str]]]:
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    status = error.code or 500
    return jsonify({"code": status, "message": error.description or error.name}), status, headers


def _render_unexpected_error(error: Exception) -> tuple[Response, int]:
    log.exception("simulator error", exc_info=error)
    return jsonify({"code": 500, "message": "Internal simulator error."}), 500
