"""The ``pinbridge`` command line (SPEC §10): operators and scripts rely on these names."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from pinbridge.errors import PinBridgeError
from pinbridge.settings import DEFAULT_DATA_DIR, Settings


def _settings() -> Settings:
    """The production processes' settings: the ``PINBRIDGE_*`` environment."""
    try:
        return Settings.from_env()
    except PinBridgeError as exc:
        raise click.ClickException(exc.message) from None


data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Use the settings of the `pinbridge dev` that runs with this data dir "
    f"(default: {DEFAULT_DATA_DIR}/ when it has them and PINBRIDGE_DATABASE_URL is not set).",
)


def _operator_settings(data_dir: Path | None) -> Settings:
    """An operator command's settings: a ``pinbridge dev`` data dir's, or the environment's.

    With ``--data-dir`` (or, when no ``PINBRIDGE_DATABASE_URL`` is exported, ``.pinbridge/`` if
    ``pinbridge dev`` ran there) the settings ``dev`` stored win; the environment only fills what
    they lack. Which ones were used is said on stderr.
    """
    from pinbridge.processes.dev import stored_environment

    if data_dir is None and "PINBRIDGE_DATABASE_URL" not in os.environ:
        default = Path(DEFAULT_DATA_DIR)
        if stored_environment(default) is None:
            raise click.ClickException(
                f"No settings: pass --data-dir of a `pinbridge dev` data dir ({DEFAULT_DATA_DIR}/ has none here), "
                "or export PINBRIDGE_DATABASE_URL and the other PINBRIDGE_* settings of your install."
            )
        data_dir = default
    if data_dir is None:
        click.echo("Using the PINBRIDGE_* settings of the environment.", err=True)
        return _settings()
    stored = stored_environment(data_dir)
    if stored is None:
        raise click.ClickException(
            f"{data_dir} holds no `pinbridge dev` settings: run `pinbridge dev --data-dir {data_dir}` first."
        )
    click.echo(f"Using the `pinbridge dev` settings in {data_dir.absolute()}.", err=True)
    try:
        return Settings.from_env({**os.environ, **stored})
    except PinBridgeError as exc:
        raise click.ClickException(exc.message) from None


def _logging(settings: Settings) -> None:
    from pinbridge.observability import configure_logging

    configure_logging(settings.log_level)


class Commands(click.Group):
    """Turns an unreachable Redis or database into one sentence instead of a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        import redis
        import sqlalchemy.exc

        try:
            return super().invoke(ctx)
        except redis.ConnectionError as exc:
            raise click.ClickException(
                f"Redis did not answer ({exc}); is `pinbridge dev` or your Redis running?"
            ) from None
        except sqlalchemy.exc.OperationalError as exc:
            reason = type(exc.orig).__name__ if exc.orig is not None else "OperationalError"
            raise click.ClickException(
                f"The database could not be used ({reason}); check PINBRIDGE_DATABASE_URL."
            ) from None


@click.group(cls=Commands)
def main() -> None:
    """PinBridge: a self-hostable Pinterest publishing API."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--data-dir", default=".pinbridge", show_default=True, type=click.Path(path_type=Path))
def dev(host: str, port: int, data_dir: Path) -> None:
    """API + worker + scheduler + simulator on SQLite and an embedded Redis."""
    from pinbridge.processes.dev import run_dev

    run_dev(host, port, data_dir)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="PINBRIDGE_API_HOST")
@click.option("--port", default=8000, show_default=True, type=int, envvar="PINBRIDGE_API_PORT")
@click.option("--workers", default=2, show_default=True, type=int, envvar="PINBRIDGE_API_WORKERS")
def api(host: str, port: int, workers: int) -> None:
    """Serve the HTTP API with gunicorn (configured by PINBRIDGE_* variables)."""
    settings = _settings()
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:  # must precede importing prometheus_client
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="pinbridge-metrics-")
    from pinbridge.app import create_app
    from pinbridge.processes import preflight
    from pinbridge.processes.serving import run_gunicorn
    from pinbridge.runtime import Runtime

    _logging(settings)
    runtime = Runtime(settings)
    try:
        preflight.check(runtime)
    except PinBridgeError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        runtime.close()
    run_gunicorn(
        lambda: create_app(Settings.from_env()), bind=f"{host}:{port}", workers=workers, log_level=settings.log_level
    )


@main.command()
@click.option("--burst", is_flag=True, help="Exit when the queue is empty.")
@click.option("--no-scheduler", is_flag=True, help="Do not run the scheduler sweep in this process.")
@click.option(
    "--lane",
    type=click.Choice(["all", "fast", "bulk"]),
    default="all",
    show_default=True,
    envvar="PINBRIDGE_WORKER_LANE",
    help="Queues to serve: all; fast (webhooks and accounts without a backlog, plus the scheduler sweep); "
    "bulk (backlogs only, at lower CPU priority, no sweep).",
)
def worker(burst: bool, no_scheduler: bool, lane: str) -> None:
    """Publish queued pins (RQ worker) and run the scheduler sweep."""
    from pinbridge.jobs.worker import run_worker
    from pinbridge.runtime import Runtime

    settings = _settings()
    _logging(settings)
    try:
        run_worker(Runtime(settings), burst=burst, with_scheduler=not no_scheduler, lane=lane)
    except PinBridgeError as exc:
        raise click.ClickException(exc.message) from None


@main.command()
@click.option(
    "--api-url",
    default="http://127.0.0.1:8000",
    show_default=True,
    envvar="PINBRIDGE_API_URL",
    help="The PinBridge API each tool call goes to (env PINBRIDGE_API_URL).",
)
def mcp(api_url: str) -> None:
    """Serve the MCP tools over stdio for a desktop agent; the API key comes from PINBRIDGE_API_KEY.

    Every tool call is an HTTP request to the API with that key, so its scopes and workspace apply."""
    import anyio

    from pinbridge.mcp.server import serve_stdio

    anyio.run(serve_stdio, api_url, os.environ.get("PINBRIDGE_API_KEY") or None)


@main.command()
def scheduler() -> None:
    """Run the scheduler sweep in a process of its own (takes over from workers' sweep threads)."""
    from pinbridge.jobs.worker import run_scheduler
    from pinbridge.runtime import Runtime

    settings = _settings()
    _logging(settings)
    try:
        run_scheduler(Runtime(settings))
    except PinBridgeError as exc:
        raise click.ClickException(exc.message) from None


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="PINBRIDGE_SIMULATOR_HOST")
@click.option("--port", default=8100, show_default=True, type=int, envvar="PINBRIDGE_SIMULATOR_PORT")
def simulator(host: str, port: int) -> None:
    """Serve the Pinterest simulator (the sandbox's Pinterest v5) with gunicorn."""
    from pinbridge.processes.serving import run_gunicorn
    from pinbridge.simulator.app import create_simulator_app

    settings = _settings()
    _logging(settings)
    run_gunicorn(
        lambda: create_simulator_app(
            settings.simulator_database_url,
            client_id=settings.simulator_client_id,
            client_secret=settings.simulator_client_secret,
        ),
        bind=f"{host}:{port}",
        workers=1,
        threads=16,
        log_level=settings.log_level,
    )


@main.group()
def workspace() -> None:
    """Manage workspaces."""


@workspace.command("create")
@click.option("--name", required=True)
@click.option("--environment", type=click.Choice(["sandbox", "live"]), default="sandbox", show_default=True)
@click.option("--json", "as_json", is_flag=True, help='Print {"workspace_id", "api_key"} as JSON.')
@data_dir_option
def workspace_create(name: str, environment: str, as_json: bool, data_dir: Path | None) -> None:
    """Create a workspace and print its first API key (shown once)."""
    from pinbridge.runtime import Runtime
    from pinbridge.services.workspaces import create_workspace

    runtime = Runtime(_operator_settings(data_dir))
    try:
        created = create_workspace(runtime, name, environment)
    except PinBridgeError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        runtime.close()
    if as_json:
        click.echo(
            json.dumps(
                {"workspace_id": created.workspace_id, "api_key": created.api_key, "account_id": created.account_id}
            )
        )
        return
    click.echo(f"workspace: {created.workspace_id}")
    if created.account_id:
        click.echo(f"sandbox Pinterest account: {created.account_id}")
    click.echo(f"API key (shown once, store it now): {created.api_key}")


@main.group()
def keys() -> None:
    """Manage a workspace's API keys."""


@keys.command("list")
@click.option("--workspace", "workspace_id", required=True)
@data_dir_option
def keys_list(workspace_id: str, data_dir: Path | None) -> None:
    """List a workspace's keys (never their secrets)."""
    from pinbridge.runtime import Runtime
    from pinbridge.services import keys as key_service

    runtime = Runtime(_operator_settings(data_dir))
    with runtime.db.session() as session:
        for key in key_service.list_keys(session, workspace_id, include_revoked=True):
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            click.echo(f"{key.id}  {key.display_prefix}…  {key.name}  [{key.scopes}]  {state}")
    runtime.close()


@keys.command("revoke")
@click.argument("key_id")
@click.option("--workspace", "workspace_id", required=True)
@data_dir_option
def keys_revoke(key_id: str, workspace_id: str, data_dir: Path | None) -> None:
    """Revoke a key; every API process refuses it from the next request on."""
    from pinbridge.runtime import Runtime
    from pinbridge.services import keys as key_service

    runtime = Runtime(_operator_settings(data_dir))
    try:
        with runtime.db.session() as session:
            key_service.revoke_key(session, workspace_id, key_id)
    except PinBridgeError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        runtime.close()
    click.echo(f"revoked {key_id}")


@main.command()
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
def queues(as_json: bool, data_dir: Path | None) -> None:
    """Show queue statistics: pins by status, the due backlog, deliveries, Redis queues."""
    from pinbridge.runtime import Runtime
    from pinbridge.services.operations import queue_stats

    runtime = Runtime(_operator_settings(data_dir))
    stats = queue_stats(runtime)
    runtime.close()
    if as_json:
        click.echo(json.dumps(stats))
        return
    for section, values in stats.items():
        click.echo(f"{section}: {values}")


@main.group()
def webhooks() -> None:
    """Webhook operations."""


@webhooks.command("replay-failed")
@click.option("--workspace", "workspace_id", help="Only this workspace's deliveries.")
@data_dir_option
def webhooks_replay_failed(workspace_id: str | None, data_dir: Path | None) -> None:
    """Give every failed delivery one more attempt (same event, same webhook-id)."""
    from pinbridge.runtime import Runtime
    from pinbridge.services.operations import replay_failed_deliveries

    runtime = Runtime(_operator_settings(data_dir))
    replayed = replay_failed_deliveries(runtime, workspace_id)
    runtime.close()
    click.echo(f"replaying {len(replayed)} deliveries")


@workspace.command("configure")
@click.argument("workspace_id")
@click.option(
    "--pinterest",
    "pinterest_api",
    type=click.Choice(["simulator", "pinterest_sandbox"]),
    help="Which Pinterest a sandbox workspace connects new accounts to.",
)
@click.option(
    "--allowed-origin",
    "allowed_origins",
    multiple=True,
    help="An origin OAuth return_url may use (repeat; replaces the list). Use '' to reset to the default.",
)
@data_dir_option
def workspace_configure(
    workspace_id: str, pinterest_api: str | None, allowed_origins: tuple[str, ...], data_dir: Path | None
) -> None:
    """Set a workspace's Pinterest (sandbox only) and its OAuth return origins."""
    from pinbridge.runtime import Runtime
    from pinbridge.services.workspaces import configure_workspace

    runtime = Runtime(_operator_settings(data_dir))
    origins = [o for o in allowed_origins if o] if allowed_origins else None
    try:
        ws = configure_workspace(runtime, workspace_id, pinterest_api=pinterest_api, allowed_origins=origins)
    except PinBridgeError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        runtime.close()
    origins_text = ", ".join(ws.oauth_allowed_origins or []) or "(the PINBRIDGE_OAUTH_ALLOWED_ORIGINS default)"
    click.echo(f"{ws.id}: pinterest={ws.pinterest_api or 'default'} allowed origins={origins_text}")


@main.group()
def tokens() -> None:
    """Manage the encrypted token vault."""


@tokens.command("reencrypt")
@data_dir_option
def tokens_reencrypt(data_dir: Path | None) -> None:
    """Re-encrypt every stored token and secret under the first PINBRIDGE_TOKEN_KEYS key."""
    from pinbridge.runtime import Runtime
    from pinbridge.services.vault import reencrypt_all

    settings = _operator_settings(data_dir)
    _logging(settings)
    runtime = Runtime(settings)
    try:
        report = reencrypt_all(runtime)
    except PinBridgeError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        runtime.close()
    tables = ", ".join(f"{name}: {count}" for name, count in report.rewritten.items())
    click.echo(f"re-encrypted {report.total} row(s) under key {report.key_id!r} ({tables})")


@main.group()
def user() -> None:
    """Dashboard users."""


@user.command("create")
@click.option("--email", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--workspace", "workspace_id", help="Make them owner of this workspace instead of a new sandbox one.")
@data_dir_option
def user_create(email: str, password_stdin: bool, workspace_id: str | None, data_dir: Path | None) -> None:
    """Create a dashboard user (works with PINBRIDGE_SIGNUP=closed)."""
    from pinbridge.runtime import Runtime
    from pinbridge.services import users

    password = sys.stdin.readline().rstrip("\n") if password_stdin else click.prompt("Password", hide_input=True)
    runtime = Runtime(_operator_settings(data_dir))
    try:
        made = users.create_user(runtime, email, password, with_sandbox=workspace_id is None)
        if workspace_id:
            users.add_member(runtime, made.user, workspace_id)
    except PinBridgeError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        runtime.close()
    where = workspace_id or (made.workspace.workspace_id if made.workspace else "")
    click.echo(f"Created {made.user.email} ({made.user.id}), owner of {where}.")


@user.command("invite")
@click.option("--workspace", "workspace_id", required=True)
@click.option("--email", required=True)
@click.option("--role", type=click.Choice(["member", "owner"]), default="member", show_default=True)
@data_dir_option
def user_invite(workspace_id: str, email: str, role: str, data_dir: Path | None) -> None:
    """Invite someone to a workspace: prints the single-use link (valid 7 days)."""
    from pinbridge.models import Workspace
    from pinbridge.runtime import Runtime
    from pinbridge.services import users

    runtime = Runtime(_operator_settings(data_dir))
    try:
        with runtime.db.reading() as session:
            workspace = session.get(Workspace, workspace_id)
        if workspace is None:
            raise click.ClickException(f"No workspace {workspace_id!r}.")
        token = users.invite(runtime, workspace, email, role)
    except PinBridgeError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        runtime.close()
    click.echo(f"{runtime.settings.public_url}/dashboard/invite/{token}")


@main.command()
@data_dir_option
def migrate(data_dir: Path | None) -> None:
    """Apply database migrations."""
    from pinbridge.processes.migrate import upgrade

    upgrade(_operator_settings(data_dir).database_url)
    click.echo("database is at the latest schema")


@main.command()
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write; stdout when omitted.")
def openapi(output: Path | None) -> None:
    """Write the API contract produced by the code."""
    from pinbridge.processes.openapi import render

    text = render()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text)
        click.echo(f"wrote {output}", err=True)


if __name__ == "__main__":  # python -m pinbridge
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
