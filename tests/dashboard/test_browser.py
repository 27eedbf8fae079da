"""Issue 18, acceptance 1 and 2: a new user in a real headless Chromium (Debian's ``chromium``,
driven by Playwright's Python package) against a real ``pinbridge dev`` over loopback: API,
worker, scheduler, simulator, SQLite and embedded Redis. Screenshots of every step (and of a
failure) go to a temp dir whose path is printed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from pinbridge.simulator.scenarios import find_scenario as find_board_scenario
from tests.helpers import DevServer, clean_env, wait_for
from tests.receiver import Receiver

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed (scripts/test and .ci/run install it with apt-get when root)",
)


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    root = tmp_path_factory.mktemp("dashboard-dev")
    server = DevServer(root / "data", root / "dev.log").start()
    yield server
    server.stop()


@pytest.fixture
def page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    shots = Path(tempfile.mkdtemp(prefix="pinbridge-dashboard-shots-"))
    print(f"\ndashboard screenshots: {shots}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1200, "height": 900})
        tab.set_default_timeout(30_000)
        tab.shots = shots  # type: ignore[attr-defined]
        try:
            yield tab
        finally:
            browser.close()


def shot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    tab.screenshot(path=str(tab.shots / f"{name}.png"))


def failure_shot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    """The whole page as the test failed, kept for the person reading the failure."""
    tab.screenshot(path=str(tab.shots / f"{name}.png"), full_page=True)
    print(f"failure screenshot: {tab.shots / f'{name}.png'}")


def test_new_user_from_signup_to_a_revoked_key(dev: DevServer, page) -> None:  # type: ignore[no-untyped-def]
    tab, base = page, dev.url
    receiver = Receiver().reserve_port().start()
    try:
        # sign up → get started, with a sandbox workspace and its key shown once
        tab.goto(f"{base}/dashboard/signup")
        tab.fill("#email", f"new-{uuid.uuid4().hex[:8]}@example.com")
        tab.fill("#password", "a long enough password")
        tab.click("button[type=submit]")
        tab.wait_for_selector("text=Get started")
        assert tab.inner_text("#new-key").startswith("pb_test_")
        shot(tab, "get-started")

        # publish a test pin and watch it reach published (the page polls)
        tab.click("text=Publish a test pin")
        tab.wait_for_selector("#pin-status")
        tab.wait_for_function("document.querySelector('#pin-status').textContent === 'published'")
        shot(tab, "pin")
        ws_path = re.search(r"/dashboard/w/[^/]+/", tab.url).group(0)  # type: ignore[union-attr]

        # create a key; it works against the API (acceptance 2)
        tab.click("nav >> text=API keys")
        tab.fill("#name", "browser key")
        tab.click("text=Create key")
        key = tab.inner_text("#new-key")
        headers = {"Authorization": f"Bearer {key}"}
        assert requests.get(f"{base}/v1/pins", headers=headers, timeout=10).status_code == 200
        shot(tab, "keys")

        # connect a second simulator account through the OAuth consent page
        tab.click("nav >> text=Pinterest accounts")
        tab.click("text=Connect a Pinterest account")
        tab.fill("input[name=username]", f"second_{uuid.uuid4().hex[:6]}")
        tab.click("text=Give access")
        tab.wait_for_selector("text=Account connected.")
        assert tab.locator("tbody tr").count() == 2
        shot(tab, "accounts")

        # a pin made through the API on the "Always fails" board shows its error code in the dashboard
        accounts = requests.get(f"{base}/v1/pinterest/accounts", headers=headers, timeout=10).json()["data"]
        account = accounts[0]["id"]
        boards = requests.get(f"{base}/v1/pinterest/accounts/{account}/boards", headers=headers, timeout=30).json()
        failing = next(b["id"] for b in boards["data"] if b["name"] == "Always fails")
        body = {
            "account_id": account,
            "board_id": failing,
            "title": "Doomed",
            "image_url": "https://images.example.com/doomed.jpg",
            "idempotency_key": uuid.uuid4().hex,
        }
        made = requests.post(f"{base}/v1/pins", json=body, headers=headers, timeout=10).json()
        wait_for(
            lambda: requests.get(f"{base}/v1/pins/{made['id']}", headers=headers, timeout=10).json()["status"]
            == "failed",
            timeout=30,
        )
        tab.goto(f"{base}{ws_path}pins?status=failed")
        tab.click(f"text={made['id']}")
        error_code = tab.inner_text("#pin-error-code")
        assert error_code == "validation_failed"  # the simulator's 400 code 1, as the API maps it
        shot(tab, "failed-pin")

        # a webhook to a loopback receiver: the test event's delivery in the log, then redeliver
        tab.click("nav >> text=Webhooks")
        tab.fill("#url", receiver.url)
        tab.click("text=Add endpoint")
        receiver.secrets.append(tab.inner_text("#secret"))
        tab.click("text=Send test event")
        wait_for(lambda: receiver.received, timeout=30)

        def delivered() -> bool:
            tab.reload()
            return "succeeded" in tab.inner_text("tbody")

        wait_for(delivered, timeout=30, interval=0.5)
        assert receiver.received[0].verified_with == ["0"]
        tab.click("text=Redeliver")
        wait_for(lambda: len(receiver.received) >= 2, timeout=30)
        wait_for(lambda: tab.reload() or "(manual)" in tab.inner_text("tbody"), timeout=30, interval=0.5)
        shot(tab, "webhook")

        # revoke the key: the API refuses it
        tab.click("nav >> text=API keys")
        tab.locator("tr", has_text="browser key").locator("text=Revoke").click()
        tab.wait_for_selector("text=Key revoked")
        assert requests.get(f"{base}/v1/pins", headers=headers, timeout=10).status_code == 401
    except BaseException:
        failure_shot(tab, "failure")
        raise
    finally:
        receiver.stop()


def _sign_in(base: str, email: str, password: str) -> requests.Response:
    session = requests.Session()
    page = session.get(f"{base}/dashboard/login", timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return session.post(
        f"{base}/dashboard/login", data={"email": email, "password": password, "csrf_token": token}, timeout=10
    )


def test_dev_prints_a_working_dashboard_login_and_the_user_commands_work_beside_it(dev: DevServer) -> None:
    pattern = re.compile(r"Dashboard: (\S+) \(sign in as (\S+) / (\S+)\)")
    printed = wait_for(lambda: pattern.search(dev.log()), timeout=30)
    assert printed and printed.group(1) == f"{dev.url}/dashboard"
    signed_in = _sign_in(dev.url, printed.group(2), printed.group(3))
    assert signed_in.status_code == 200 and "Get started" in signed_in.text and "Sandbox" in signed_in.text

    def pinbridge(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pinbridge", *args, "--data-dir", str(dev.data_dir)],
            env=clean_env(),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )

    made = pinbridge("user", "create", "--email", "ops@example.com", "--password-stdin", stdin="operator password\n")
    assert made.returncode == 0, made.stderr
    assert _sign_in(dev.url, "ops@example.com", "operator password").status_code == 200
    workspace = re.search(r"owner of (ws_\w+)", made.stdout).group(1)  # type: ignore[union-attr]
    invited = pinbridge("user", "invite", "--workspace", workspace, "--email", "friend@example.com")
    assert invited.returncode == 0, invited.stderr
    link = invited.stdout.strip()
    assert link.startswith(f"{dev.url}/dashboard/invite/")
    assert requests.get(link, timeout=10).status_code == 200
    assert pinbridge("user", "invite", "--workspace", "ws_nope", "--email", "x@example.com").returncode == 1


MAIN_PAGES = ("", "keys", "accounts", "pins", "webhooks", "usage", "members", "activity")
UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
    .map(el => el.outerHTML)"""


def assert_labelled(tab, ws_path: str, base: str) -> None:  # type: ignore[no-untyped-def]
    """Accessibility that cannot regress: every form control on each main page has a label."""
    for name in MAIN_PAGES:
        tab.goto(f"{base}{ws_path}{name}")
        assert tab.evaluate(UNLABELLED) == [], name


def sign_up_in(tab, base: str, address: str, path: str = "/dashboard/signup") -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{base}{path}")
    tab.fill("#email", address)
    tab.fill("#password", "a long enough password")
    tab.click("button[type=submit]")
    tab.wait_for_selector("text=Get started")


def test_workspaces_members_pin_buttons_media_and_webhook_editing(dev: DevServer, page) -> None:  # type: ignore[no-untyped-def]
    from tests.media_files import png

    tab, base = page, dev.url
    receiver = Receiver().reserve_port().start()
    try:
        sign_up_in(tab, base, f"owner-{uuid.uuid4().hex[:8]}@example.com")
        key = tab.inner_text("#new-key")
        headers = {"Authorization": f"Bearer {key}"}
        sandbox_path = re.search(r"/dashboard/w/[^/]+/", tab.url).group(0)  # type: ignore[union-attr]
        assert_labelled(tab, sandbox_path, base)

        # pins through the API: a scheduled one with an uploaded asset, a scheduled carousel, a failing one
        asset = requests.post(
            f"{base}/v1/assets", files={"file": ("red.png", png(), "image/png")}, headers=headers, timeout=30
        ).json()
        account = requests.get(f"{base}/v1/pinterest/accounts", headers=headers, timeout=10).json()["data"][0]["id"]
        boards = requests.get(f"{base}/v1/pinterest/accounts/{account}/boards", headers=headers, timeout=30).json()
        plain = next(b["id"] for b in boards["data"] if find_board_scenario(b["name"]) is None)
        failing = next(b["id"] for b in boards["data"] if b["name"] == "Always fails")

        def make(**fields: object) -> str:
            body = {"account_id": account, "title": "Browser pin", "idempotency_key": uuid.uuid4().hex, **fields}
            made = requests.post(f"{base}/v1/pins", json=body, headers=headers, timeout=10)
            assert made.status_code in (200, 201, 202), made.text
            return str(made.json()["id"])

        later = (datetime.now(UTC) + timedelta(days=30)).isoformat()
        scheduled = make(board_id=plain, asset_id=asset["id"], publish_at=later, alt_text="A red square")
        carousel = make(
            board_id=plain,
            image_urls=["https://images.example.com/a.jpg", "https://images.example.com/b.jpg"],
            publish_at=later,
        )
        doomed = make(board_id=failing, image_url="https://images.example.com/doomed.jpg")

        # media preview: the uploaded asset's bytes load through the dashboard; a carousel shows each image
        tab.goto(f"{base}{sandbox_path}pins/{scheduled}")
        tab.wait_for_function("document.querySelector('#pin-media img').naturalWidth === 64")
        tab.goto(f"{base}{sandbox_path}pins/{carousel}")
        sources = tab.eval_on_selector_all("#pin-media img", "els => els.map(e => e.getAttribute('src'))")
        assert sources == ["https://images.example.com/a.jpg", "https://images.example.com/b.jpg"]

        # Cancel a scheduled pin
        tab.goto(f"{base}{sandbox_path}pins/{scheduled}")
        tab.click("button:has-text('Cancel')")
        tab.wait_for_function("document.querySelector('#pin-status').textContent === 'canceled'")
        assert tab.locator("button:has-text('Cancel')").count() == 0

        # Retry a failed pin: a second attempt appears
        wait_for(
            lambda: requests.get(f"{base}/v1/pins/{doomed}", headers=headers, timeout=10).json()["status"] == "failed",
            timeout=30,
        )
        tab.goto(f"{base}{sandbox_path}pins/{doomed}")
        assert tab.locator("h2:has-text('Attempts') + table tbody tr").count() == 1
        tab.click("button:has-text('Retry')")
        wait_for(
            lambda: tab.reload() or tab.locator("h2:has-text('Attempts') + table tbody tr").count() == 2,
            timeout=30,
            interval=0.5,
        )

        # Delete from Pinterest on a published pin (the test pin)
        tab.goto(f"{base}{sandbox_path}")
        tab.click("text=Publish a test pin")
        tab.wait_for_function("document.querySelector('#pin-status').textContent === 'published'")
        tab.reload()
        tab.click("button:has-text('Delete from Pinterest')")
        tab.wait_for_selector("dt:has-text('deleted_from_pinterest_at')")

        # webhooks: edit, rotate (revealed once), send test event, delete
        tab.goto(f"{base}{sandbox_path}webhooks")
        tab.fill("#url", receiver.url)
        tab.click("text=Add endpoint")
        first = tab.inner_text("#secret")
        tab.click("summary:has-text('Edit endpoint')")
        tab.fill("#description", "edited in the browser")
        tab.click("text=Save endpoint")
        tab.wait_for_selector("text=Endpoint saved.")
        assert tab.input_value("#description") == "edited in the browser"
        tab.click("button:has-text('Rotate secret')")
        rotated = tab.inner_text("#secret")
        assert rotated != first and rotated.startswith(first[:6])
        tab.reload()
        assert tab.locator("#secret").count() == 0 and rotated not in tab.content()
        receiver.secrets.append(rotated)
        tab.click("text=Send test event")
        wait_for(lambda: receiver.received, timeout=30)
        assert receiver.received[0].verified_with == ["0"]
        tab.click("button:has-text('Delete')")
        tab.wait_for_selector("text=No endpoints.")

        # a second workspace (live): it says what it needs; switching shows only its own data
        tab.goto(f"{base}{sandbox_path}")
        tab.fill("#name", "Live shop")
        tab.select_option("#environment", "live")
        tab.click("text=Create workspace")
        tab.wait_for_selector("text=Pinterest app credentials")
        live_path = re.search(r"/dashboard/w/[^/]+/", tab.url).group(0)  # type: ignore[union-attr]
        assert live_path != sandbox_path
        tab.goto(f"{base}{live_path}pins")
        assert doomed not in tab.content() and scheduled not in tab.content()
        with tab.expect_navigation():
            tab.select_option("#ws-switch", value=sandbox_path)
        assert sandbox_path in tab.url
        tab.goto(f"{base}{sandbox_path}pins")
        assert doomed in tab.content()
        assert_labelled(tab, live_path, base)

        # invite a member; the invitee signs up with the link and sees the sandbox, as a member
        tab.goto(f"{base}{sandbox_path}members")
        invitee = f"member-{uuid.uuid4().hex[:8]}@example.com"
        tab.fill("#email", invitee)
        tab.select_option("#role", "member")
        tab.click("button:has-text('Invite')")
        link = tab.inner_text("#invite-link")
        other = tab.context.browser.new_context().new_page()
        other.goto(link)
        other.click("text=create an account with this invitation")
        other.fill("#email", invitee)
        other.fill("#password", "a long enough password")
        other.click("button[type=submit]")
        other.wait_for_selector("text=Get started")
        other.goto(f"{base}{sandbox_path}members")
        assert f"{invitee} — member" in other.inner_text("main")
        assert other.locator("text=Invite someone").count() == 0  # members do not invite
        other.goto(f"{base}{sandbox_path}pins")
        assert doomed in other.content()
        assert other.goto(f"{base}{live_path}pins").status == 404  # not a member of the live one
    except BaseException:
        failure_shot(tab, "failure-2")
        raise
    finally:
        receiver.stop()
