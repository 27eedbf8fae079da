"""Dashboard pages. Each view is a thin HTML face of a service function the JSON API calls too."""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid
from collections.abc import Callable
from typing import Any

import redis
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import UserMixin, current_user, login_required, login_user, logout_user
from flask_wtf.csrf import CSRFError

from pinbridge import mail, pacing
from pinbridge.dashboard import csrf
from pinbridge.dashboard import forms as f
from pinbridge.errors import PinBridgeError, RateLimited
from pinbridge.ids import random_token
from pinbridge.models import User
from pinbridge.models.account import ACTIVE
from pinbridge.models.user import OWNER
from pinbridge.runtime import Runtime
from pinbridge.services import (
    account_state,
    accounts,
    activity,
    assets,
    boards,
    connections,
    keys,
    meter,
    pin_deletion,
    pins,
    usage,
    users,
    webhooks,
)
from pinbridge.shapes.accounts import AccountSchema
from pinbridge.shapes.errors import load_object
from pinbridge.shapes.pins import PinCreateSchema, PinSchema
from pinbridge.simulator.scenarios import find_scenario

log = logging.getLogger(__name__)
bp = Blueprint("dashboard", __name__, url_prefix="/dashboard", template_folder="templates", static_folder="static")
TEST_IMAGE = "https://images.example.com/pinbridge-test-pin.jpg"
REVEAL_SECONDS = 600
PIN_FILTERS = ("status", "account_id", "board_id")


def rt() -> Runtime:
    found: Runtime = current_app.extensions["pinbridge"]
    return found


class SessionUser(UserMixin):
    """The signed-in user; the session id includes a fingerprint of the password hash, so
    changing or resetting the password ends every other session."""

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return f"{self.user.id}.{_fingerprint(self.user)}"


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def load_user(session_id: str) -> SessionUser | None:
    user_id, _, fingerprint = session_id.partition(".")
    user = users.get_user(rt(), user_id)
    if user is None or fingerprint != _fingerprint(user):
        return None
    return SessionUser(user)


def actor() -> str:
    return f"user:{me().id}"


def me() -> User:
    found: User = current_user.user
    return found


@bp.before_request
def check_csrf() -> None:
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()


@bp.errorhandler(CSRFError)
def csrf_refused(error: CSRFError) -> Any:
    return render_template(
        "error.html", title="Form expired", message=f"{error.description} Reload the page and try again."
    ), 400


@bp.errorhandler(PinBridgeError)
def service_error(error: PinBridgeError) -> Any:
    return render_template("error.html", title=error.code, message=error.message), error.status, error.headers


@bp.app_context_processor
def _context() -> dict[str, Any]:
    return {"settings": rt().settings, "action_form": f.ActionForm()}


# --- shown once -----------------------------------------------------------------------------------


def stash(secret: str) -> str:
    """Keep a new secret for one display to this user (Redis, GETDEL, 10 minutes); never in the
    session cookie (signed, not encrypted) nor in a URL."""
    token = random_token(16)
    rt().redis.set(f"pinbridge:dashboard:reveal:{me().id}:{token}", secret, ex=REVEAL_SECONDS)
    return token


def reveal() -> str | None:
    token = request.args.get("reveal")
    if not token:
        return None
    raw = rt().redis.getdel(f"pinbridge:dashboard:reveal:{me().id}:{token}")
    return raw.decode() if isinstance(raw, bytes) else raw


# --- rate limit (the API's token bucket, keyed by client address and by email) --------------------


def limit_attempts(email: str) -> None:
    limit = rt().settings.login_rate_limit
    subjects = [f"ip:{request.remote_addr}", f"email:{hashlib.sha256(email.strip().lower().encode()).hexdigest()}"]
    for subject in subjects:
        try:
            decision = pacing.take_bucket(rt(), f"pinbridge:ratelimit:login:{subject}", limit)
        except redis.RedisError:
            log.warning("login rate limit skipped: Redis unreachable")
            return
        if not decision.granted:
            wait = str(max(1, round(decision.wait_seconds)))
            raise RateLimited(f"Too many attempts; try again in {wait} s.", headers={"Retry-After": wait})


# --- sign-in, sign-up, reset ------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = f.LoginForm()
    if form.validate_on_submit():
        limit_attempts(form.email.data)
        try:
            user = users.authenticate(rt(), form.email.data, form.password.data)
        except PinBridgeError as exc:
            flash(exc.message, "error")
            return render_template("login.html", form=form), 401
        login_user(SessionUser(user))
        return redirect(url_for("dashboard.home"))
    return render_template("login.html", form=form), 400 if form.errors else 200


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> Any:
    mode = rt().settings.signup
    if mode == "closed":
        abort(404)
    form = f.SignupForm(invite=request.args.get("invite", ""))
    if form.validate_on_submit():
        limit_attempts(form.email.data)
        token = form.invite.data or ""
        if mode == "invite" or token:
            if not token:
                flash("Sign-up needs an invitation on this install.", "error")
                return render_template("signup.html", form=form), 403
            invitation = users.find_invitation(rt(), token)
            if invitation.email != form.email.data.strip().lower():
                flash("This invitation is for another email address.", "error")
                return render_template("signup.html", form=form), 403
        try:
            made = users.create_user(rt(), form.email.data, form.password.data, with_sandbox=not token)
        except PinBridgeError as exc:
            flash(exc.message, "error")
            return render_template("signup.html", form=form), exc.status
        login_user(SessionUser(made.user))
        if token:
            invitation = users.accept_invitation(rt(), made.user, token)
            return redirect(url_for("dashboard.get_started", ws=invitation.workspace_id))
        assert made.workspace is not None
        return redirect(
            url_for("dashboard.get_started", ws=made.workspace.workspace_id, reveal=stash(made.workspace.api_key))
        )
    return render_template("signup.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
def logout() -> Any:
    logout_user()
    return redirect(url_for("dashboard.login"))


@bp.route("/reset", methods=["GET", "POST"])
def reset_request() -> Any:
    form = f.ResetRequestForm()
    if form.validate_on_submit():
        limit_attempts(form.email.data)
        token = users.issue_reset(rt(), current_app.config["SECRET_KEY"], form.email.data)
        if token is not None:
            link = f"{rt().settings.public_url}{url_for('dashboard.reset', token=token)}"
            _send_mail(form.email.data, "Reset your PinBridge password", f"Open this link within an hour:\n{link}\n")
        flash("If an account uses this email, a reset link is on its way.", "info")
        return redirect(url_for("dashboard.login"))
    return render_template("reset_request.html", form=form)


def _send_mail(to: str, subject: str, body: str) -> None:
    """SMTP when PINBRIDGE_SMTP_HOST is set; otherwise the server log is the mailbox (pinbridge dev)."""
    mail.send(rt().settings, to, subject, body)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> Any:
    secret = current_app.config["SECRET_KEY"]
    users.check_reset(rt(), secret, token)
    form = f.ResetForm()
    if form.validate_on_submit():
        users.use_reset(rt(), secret, token, form.password.data)
        flash("Password changed; sign in with it.", "info")
        return redirect(url_for("dashboard.login"))
    return render_template("reset.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> Any:
    form = f.ChangePasswordForm()
    if form.validate_on_submit():
        try:
            user = users.change_password(rt(), me(), form.current.data, form.password.data)
        except PinBridgeError as exc:
            flash(exc.message, "error")
        else:
            login_user(SessionUser(user))
            flash("Password changed.", "info")
    return render_template("account.html", form=form)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def invite(token: str) -> Any:
    invitation = users.find_invitation(rt(), token)
    if not current_user.is_authenticated:
        return render_template("invite.html", invitation=invitation, token=token)
    if request.method == "POST":
        users.accept_invitation(rt(), me(), token)
        return redirect(url_for("dashboard.get_started", ws=invitation.workspace_id))
    return render_template("invite.html", invitation=invitation, token=token)


# --- workspaces ---------------------------------------------------------------------------------------


def workspace_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Signed in and a member of ``ws``, or 404: the one door to every workspace page."""

    @functools.wraps(view)
    @login_required
    def wrapper(ws: str, **kwargs: Any) -> Any:
        g.access = users.access(rt(), me(), ws)
        g.workspace = g.access.workspace
        g.workspaces = users.workspaces_of(rt(), me())
        return view(**kwargs)

    return wrapper


@bp.get("/")
@login_required
def home() -> Any:
    mine = users.workspaces_of(rt(), me())
    if mine:
        return redirect(url_for("dashboard.get_started", ws=mine[0].workspace.id))
    return render_template("workspaces.html", workspaces=mine, form=f.WorkspaceForm())


@bp.post("/workspaces")
@login_required
def create_workspace() -> Any:
    form = f.WorkspaceForm()
    if not form.validate():
        abort(400)
    created = users.add_workspace(rt(), me(), form.name.data, form.environment.data)
    return redirect(url_for("dashboard.get_started", ws=created.workspace_id, reveal=stash(created.api_key)))


@bp.get("/w/<ws>/")
@workspace_page
def get_started() -> Any:
    listed = [a for a in accounts.list_accounts(rt(), g.workspace) if a.status == ACTIVE]
    board = None
    if listed:
        board = next(iter(_plain_boards(listed[0])), None)
    return render_template(
        "get_started.html",
        api_key=reveal(),
        account=listed[0] if listed else None,
        board=board,
        workspace_form=f.WorkspaceForm(),
    )


def _plain_boards(account: Any) -> list[dict[str, Any]]:
    return [b for b in boards.list_boards(rt(), account) if find_scenario(b["name"]) is None]


@bp.post("/w/<ws>/test-pin")
@workspace_page
def test_pin() -> Any:
    if not g.workspace.is_sandbox:
        abort(404)
    account = next(a for a in accounts.list_accounts(rt(), g.workspace) if a.status == ACTIVE)
    board = _plain_boards(account)[0]
    body = {
        "account_id": account.id,
        "board_id": board["id"],
        "title": "My first PinBridge pin",
        "description": "Published from the dashboard's get-started page.",
        "image_url": TEST_IMAGE,
        "idempotency_key": f"dashboard-test-{uuid.uuid4().hex}",
    }
    accepted = pins.create_pin(rt(), g.workspace, load_object(PinCreateSchema(), body))
    return redirect(url_for("dashboard.pin", ws=g.workspace.id, pin_id=accepted.pin.pin.id))


# --- API keys -------------------------------------------------------------------------------------------


@bp.route("/w/<ws>/keys", methods=["GET", "POST"])
@workspace_page
def api_keys() -> Any:
    form = f.KeyForm()
    if request.method == "POST":
        if not form.validate():
            abort(400)
        scopes = tuple(s for s in keys.SCOPES if getattr(form, s).data)
        made = keys.create_for(rt(), g.workspace, form.name.data, scopes or ("read",), actor=actor())
        return redirect(url_for("dashboard.api_keys", ws=g.workspace.id, reveal=stash(made.secret)))
    return render_template("keys.html", keys=keys.list_for(rt(), g.workspace), new_key=reveal(), form=form)


@bp.post("/w/<ws>/keys/<key_id>/revoke")
@workspace_page
def revoke_key(key_id: str) -> Any:
    keys.revoke_for(rt(), g.workspace, key_id, actor=actor())
    flash("Key revoked: it stops working on the next request.", "info")
    return redirect(url_for("dashboard.api_keys", ws=g.workspace.id))


# --- Pinterest accounts ------------------------------------------------------------------------------


@bp.get("/w/<ws>/accounts")
@workspace_page
def account_list() -> Any:
    listed = [AccountSchema().dump(a) for a in accounts.list_accounts(rt(), g.workspace)]
    return render_template("accounts.html", accounts=listed, result=request.args.get("status"))


@bp.post("/w/<ws>/accounts/connect")
@workspace_page
def connect_account() -> Any:
    back = f"{rt().settings.public_url}{url_for('dashboard.account_list', ws=g.workspace.id)}"
    started = connections.start(rt(), g.workspace, back, actor=actor())
    return redirect(started.authorization_url)


@bp.get("/w/<ws>/accounts/<account_id>")
@workspace_page
def account_detail(account_id: str) -> Any:
    found = accounts.find_account(rt(), g.workspace, account_id)
    listed, error, rate = [], None, None
    if found.status == ACTIVE:
        try:
            listed = boards.list_boards(rt(), found)
            for board in listed:
                board["sections"] = boards.list_sections(rt(), found, board["id"])
            rate = meter.rate_meter(rt(), g.workspace, account_id)
        except PinBridgeError as exc:
            error = exc.message
    return render_template(
        "account_detail.html", account=AccountSchema().dump(found), boards=listed, error=error, meter=rate
    )


@bp.post("/w/<ws>/accounts/<account_id>/disconnect")
@workspace_page
def disconnect_account(account_id: str) -> Any:
    account_state.disconnect(rt(), g.workspace, account_id, actor=actor())
    flash("Disconnected: its tokens are destroyed and its queued pins canceled.", "info")
    return redirect(url_for("dashboard.account_list", ws=g.workspace.id))


# --- pins ------------------------------------------------------------------------------------------------


@bp.get("/w/<ws>/pins")
@workspace_page
def pin_list() -> Any:
    args: dict[str, Any] = {"limit": 20, "cursor": request.args.get("cursor") or None}
    args.update({k: request.args.get(k) or None for k in PIN_FILTERS})
    page, next_cursor = pins.list_pins(rt(), g.workspace, args)
    filters = {k: v for k, v in args.items() if k in PIN_FILTERS and v}
    return render_template(
        "pins.html",
        pins=[PinSchema().dump(p) for p in page],
        next_cursor=next_cursor,
        filters=filters,
        accounts=accounts.list_accounts(rt(), g.workspace),
    )


@bp.get("/w/<ws>/pins/<pin_id>")
@workspace_page
def pin(pin_id: str) -> Any:
    return render_template("pin.html", pin=PinSchema().dump(pins.get_pin(rt(), g.workspace, pin_id)))


@bp.get("/w/<ws>/assets/<asset_id>/content")
@workspace_page
def asset_content(asset_id: str) -> Any:
    """An asset's bytes for a pin's media preview: ``/v1/assets/{id}/content`` for a signed-in member."""
    asset, file = assets.open_content(rt(), g.workspace, asset_id)
    response = send_file(file, mimetype=asset.content_type, etag=asset.sha256, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/w/<ws>/pins/<pin_id>/status")
@workspace_page
def pin_status(pin_id: str) -> Any:
    shown = PinSchema().dump(pins.get_pin(rt(), g.workspace, pin_id))
    return jsonify({k: shown.get(k) for k in ("status", "queued_reason", "error_code", "pinterest_pin_id")})


@bp.post("/w/<ws>/pins/<pin_id>/<action>")
@workspace_page
def pin_action(pin_id: str, action: str) -> Any:
    if action == "cancel":
        pin_deletion.delete_pin(rt(), g.workspace, pin_id, from_pinterest=False)
    elif action == "retry":
        pins.retry_pin(rt(), g.workspace, pin_id)
    elif action == "delete-from-pinterest":
        pin_deletion.delete_pin(rt(), g.workspace, pin_id, from_pinterest=True)
    else:
        abort(404)
    return redirect(url_for("dashboard.pin", ws=g.workspace.id, pin_id=pin_id))


# --- webhooks --------------------------------------------------------------------------------------------


@bp.route("/w/<ws>/webhooks", methods=["GET", "POST"])
@workspace_page
def webhook_list() -> Any:
    form = f.WebhookForm()
    if request.method == "POST":
        if not form.validate():
            abort(400)
        data = {"url": form.url.data, "description": form.description.data or None, "events": form.events.data}
        made = webhooks.create_endpoint(rt(), g.workspace, data)
        return redirect(
            url_for("dashboard.webhook", ws=g.workspace.id, hook_id=made.resource.id, reveal=stash(made.secret))
        )
    return render_template("webhooks.html", hooks=webhooks.list_endpoints(rt(), g.workspace), form=form)


@bp.get("/w/<ws>/webhooks/<hook_id>")
@workspace_page
def webhook(hook_id: str) -> Any:
    endpoint = webhooks.get_endpoint(rt(), g.workspace, hook_id)
    found, next_cursor = webhooks.list_deliveries(rt(), g.workspace, hook_id, 20, request.args.get("cursor") or None)
    form = f.WebhookForm(
        formdata=None, url=endpoint.url, description=endpoint.description, events=list(endpoint.events)
    )
    return render_template(
        "webhook.html", hook=endpoint, deliveries=found, next_cursor=next_cursor, secret=reveal(), form=form
    )


@bp.post("/w/<ws>/webhooks/<hook_id>/<action>")
@workspace_page
def webhook_action(hook_id: str, action: str) -> Any:
    target = url_for("dashboard.webhook", ws=g.workspace.id, hook_id=hook_id)
    if action == "test":
        webhooks.send_test(rt(), g.workspace, hook_id)
    elif action == "edit":
        form = f.WebhookForm()
        if not form.validate():
            abort(400)
        data = {"url": form.url.data, "description": form.description.data or None, "events": form.events.data}
        webhooks.update_endpoint(rt(), g.workspace, hook_id, data)
        flash("Endpoint saved.", "info")
    elif action == "rotate":
        rotated = webhooks.rotate_secret(rt(), g.workspace, hook_id)
        target = url_for("dashboard.webhook", ws=g.workspace.id, hook_id=hook_id, reveal=stash(rotated.secret))
    elif action in ("enable", "disable"):
        webhooks.update_endpoint(rt(), g.workspace, hook_id, {"enabled": action == "enable"})
    elif action == "delete":
        webhooks.delete_endpoint(rt(), g.workspace, hook_id)
        target = url_for("dashboard.webhook_list", ws=g.workspace.id)
    else:
        abort(404)
    return redirect(target)


@bp.post("/w/<ws>/deliveries/<delivery_id>/redeliver")
@workspace_page
def redeliver(delivery_id: str) -> Any:
    delivery = webhooks.redeliver(rt(), g.workspace, delivery_id)
    return redirect(url_for("dashboard.webhook", ws=g.workspace.id, hook_id=delivery.endpoint_id))


# --- members and usage -------------------------------------------------------------------------------------


@bp.route("/w/<ws>/members", methods=["GET", "POST"])
@workspace_page
def member_list() -> Any:
    form = f.InviteForm()
    link = None
    if request.method == "POST":
        if g.access.role != OWNER:
            abort(404)
        if not form.validate():
            abort(400)
        token = users.invite(rt(), g.workspace, form.email.data, form.role.data, actor=actor())
        link = f"{rt().settings.public_url}{url_for('dashboard.invite', token=token)}"
        _send_mail(form.email.data, f"You are invited to {g.workspace.name} on PinBridge", f"Join here:\n{link}\n")
    return render_template("members.html", members=users.members(rt(), g.workspace), form=form, link=link)


@bp.get("/w/<ws>/usage")
@workspace_page
def usage_page() -> Any:
    report = usage.usage(rt(), g.workspace)
    days = usage.daily(rt(), g.workspace)
    peak = max([n for _, n in days] or [1]) or 1
    return render_template("usage.html", report=report, days=days, peak=peak)


@bp.get("/w/<ws>/activity")
@workspace_page
def activity_page() -> Any:
    rows, next_cursor = activity.list_activity(rt(), g.workspace, limit=50, cursor=request.args.get("cursor") or None)
    return render_template("activity.html", rows=rows, next_cursor=next_cursor)
