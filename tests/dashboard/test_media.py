"""A pin's media preview (issue 18): a video with its cover, the asset bytes served to members of the
workspace only, through the test client on the real app, database and Redis."""

from __future__ import annotations

import io
import re
import uuid
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from tests.dashboard.test_security import (  # noqa: F401  (dash_app: fixture)
    PASSWORD,
    browser,
    dash_app,
    email,
    token_of,
)
from tests.media_files import mp4, png


def signed_up_with_key(client: FlaskClient) -> tuple[str, dict[str, str]]:
    token = token_of(client, "/dashboard/signup")
    data = {"email": email(), "password": PASSWORD, "csrf_token": token}
    location = client.post("/dashboard/signup", data=data).headers["Location"]
    key = re.search(r"pb_test_\w+", client.get(location).get_data(as_text=True))
    assert key
    return location.split("?")[0], {"Authorization": f"Bearer {key.group(0)}"}


def upload(client: FlaskClient, headers: dict[str, str], name: str, data: bytes) -> str:
    made = client.post("/v1/assets", headers=headers, data={"file": (io.BytesIO(data), name)})
    assert made.status_code == 201, made.get_data(as_text=True)
    return str(made.get_json()["id"])


def test_a_video_pin_shows_a_video_with_its_cover_and_other_workspaces_get_404(dash_app: Flask) -> None:  # noqa: F811
    client = browser(dash_app)
    path, headers = signed_up_with_key(client)
    video, cover = upload(client, headers, "clip.mp4", mp4()), upload(client, headers, "cover.png", png())
    account = client.get("/v1/pinterest/accounts", headers=headers).get_json()["data"][0]["id"]
    board = client.get(f"/v1/pinterest/accounts/{account}/boards", headers=headers).get_json()["data"][0]["id"]
    body = {
        "account_id": account,
        "board_id": board,
        "title": "A clip",
        "asset_id": video,
        "cover_asset_id": cover,
        "publish_at": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
        "idempotency_key": uuid.uuid4().hex,
    }
    made = client.post("/v1/pins", json=body, headers=headers)
    assert made.status_code in (201, 202), made.get_data(as_text=True)
    page = client.get(f"{path}pins/{made.get_json()['id']}").get_data(as_text=True)
    video_src, cover_src = f"{path}assets/{video}/content", f"{path}assets/{cover}/content"
    assert re.search(rf'<video [^>]*src="{video_src}" poster="{cover_src}"', page), page
    served = client.get(cover_src)
    assert served.status_code == 200 and served.data == png() and served.mimetype == "image/png"
    assert client.get(video_src).data == mp4()

    stranger = browser(dash_app)
    stranger_path, _ = signed_up_with_key(stranger)
    assert stranger.get(cover_src).status_code == 404
    assert stranger.get(f"{stranger_path}assets/{cover}/content").status_code == 404
