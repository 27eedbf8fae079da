"""The simulator's Pinterest v5 resources, driven over HTTP by PinBridge's real Pinterest client.

Each test gets its own simulator (see conftest); every exchange is checked against Pinterest's
OpenAPI spec and a violation fails the test at teardown.
"""

from __future__ import annotations

import base64
import time

import pytest
import requests

from pinbridge.pinterest.errors import ErrorKind, PinterestTransportError
from tests.helpers import IMAGE_URL, board_id, pin_body, pinterest_error, wait_for

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_user_account_matches_the_created_user(sim):
    user, tokens = sim.connect(username="maker")

    account = sim.client(tokens.access_token).get_user_account()

    assert (account.data["id"], account.data["username"]) == (user["user_id"], "maker")
    assert account.data["board_count"] == len(user["boards"]) == 9
    assert account.request_id


def test_default_boards_include_sensible_and_magic_boards(sim):
    _, tokens = sim.connect()

    names = [b["name"] for b in sim.client(tokens.access_token).list_boards()]

    assert names[:3] == ["Recipes", "Travel ideas", "Home decor"]
    assert {"Always fails", "Flaky (2 transient errors)", "Slow (timeout)"} <= set(names)


def test_list_boards_follows_bookmarks_past_250(sim):
    names = [f"Board {n:03d}" for n in range(260)]
    _, tokens = sim.connect(boards=names)
    client = sim.client(tokens.access_token)

    assert [b["name"] for b in client.list_boards()] == names

    def page(**params: object) -> dict:
        headers = {"Authorization": f"Bearer {tokens.access_token}"}
        return requests.get(f"{sim.v5}/boards", params=params, headers=headers).json()

    first = page(page_size=250)
    second = page(page_size=250, bookmark=first["bookmark"])
    default = page()
    assert (len(first["items"]), len(second["items"]), second["bookmark"]) == (250, 10, None)
    assert len(default["items"]) == 25 and default["bookmark"]


@pytest.mark.parametrize("params", [{"page_size": 251}, {"page_size": 0}, {"bookmark": "nope"}])
def test_bad_paging_arguments_are_rejected(sim, params):
    _, tokens = sim.connect()

    bearer = {"Authorization": f"Bearer {tokens.access_token}"}
    response = requests.get(f"{sim.v5}/boards", params=params, headers=bearer)

    assert response.status_code == 400 and response.json()["code"] == 1


def test_foreign_board_is_not_found(sim):
    _, mine = sim.connect()
    theirs, _ = sim.connect()
    client = sim.client(mine.access_token)
    foreign = theirs["boards"][0]["id"]

    assert pinterest_error(client.get_board, foreign).code == "board_not_found"
    error = pinterest_error(client.create_pin, pin_body(foreign))
    assert (error.http_status, error.pinterest_code, error.code) == (404, 40, "board_not_found")
    assert sim.pins() == []


def test_create_get_list_delete_pin(sim):
    user, tokens = sim.connect()
    client = sim.client(tokens.access_token)
    recipes = board_id(user, "Recipes")

    created = client.create_pin(pin_body(recipes))

    assert created.status == 201 and created.request_id
    pin = created.data
    assert pin["id"].isdigit() and pin["board_id"] == recipes
    assert (pin["title"], pin["alt_text"]) == ("Tomato soup", "A bowl of soup")
    assert (pin["link"], pin["dominant_color"]) == ("https://example.com/soup", "#AA3322")
    assert pin["media"]["images"]["600x"]["url"] == IMAGE_URL
    assert client.get_pin(pin["id"]).data == pin
    assert client.get_board(recipes).data["pin_count"] == 1

    deleted = client.delete_pin(pin["id"])

    assert (deleted.status, deleted.data) == (204, None)
    assert pinterest_error(client.get_pin, pin["id"]).http_status == 404
    assert sim.pins(board_id=recipes) == []


def test_board_pins_are_newest_first_across_pages(sim):
    user, tokens = sim.connect()
    client = sim.client(tokens.access_token)
    travel = board_id(user, "Travel ideas")
    ids = [client.create_pin(pin_body(travel, title=f"Trip {n}")).data["id"] for n in range(5)]

    other, other_tokens = sim.connect()
    sim.client(other_tokens.access_token).create_pin(pin_body(other["boards"][0]["id"]))

    listed = [p["id"] for p in client.iter_board_pins(travel, page_size=2)]

    assert listed == ids[::-1]
    assert [p["id"] for p in sim.pins(user_id=user["user_id"])] == ids
    assert len(sim.pins()) == 6


def test_pin_in_a_section_and_a_section_of_another_board(sim):
    user, tokens = sim.connect()
    client = sim.client(tokens.access_token)
    recipes = next(b for b in user["boards"] if b["name"] == "Recipes")
    breakfast = recipes["sections"][0]["id"]

    pin = client.create_pin(pin_body(recipes["id"], board_section_id=breakfast)).data
    error = pinterest_error(client.create_pin, pin_body(board_id(user, "Home decor"), board_section_id=breakfast))

    assert pin["board_section_id"] == breakfast
    assert [s["name"] for s in client.list_board_sections(recipes["id"])] == ["Breakfast", "Dinner"]
    assert (error.http_status, error.pinterest_code, error.code) == (404, 2031, "section_not_found")


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"title": "x" * 101}, "title"),
        ({"description": "x" * 801}, "description"),
        ({"alt_text": "x" * 501}, "alt_text"),
        ({"link": "https://example.com/" + "x" * 2030}, "link"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"dominant_color": "red"}, "dominant_color"),
        ({"media_source": None}, "media_source"),
        ({"media_source": {"source_type": "image_url", "url": "ftp://example.com/a.jpg"}}, "url"),
        ({"media_source": {"source_type": "video_id", "media_id": "123"}}, "cover"),
        (
            {"media_source": {"source_type": "video_id", "media_id": "123", "cover_image_key_frame_time": -1}},
            "key_frame",
        ),
        ({"media_source": {"source_type": "multiple_image_urls", "items": [{"url": IMAGE_URL}]}}, "2 to 5"),
        ({"media_source": {"source_type": "multiple_image_urls", "items": [{"url": IMAGE_URL}] * 6}}, "2 to 5"),
        (
            {"media_source": {"source_type": "multiple_image_urls", "items": [{"url": IMAGE_URL}, {"url": "x"}]}},
            "items[1].url",
        ),
        ({"board_id": "not-a-number"}, "board_id"),
        ({"title": "a\u0000b"}, "title must not contain the NUL character"),
        ({"media_source": {"source_type": "image_url", "url": IMAGE_URL + "\u0000"}}, "media_source.url must not"),
    ],
    ids=[
        "title",
        "description",
        "alt_text",
        "link-length",
        "link-scheme",
        "color",
        "no-media",
        "media-url",
        "video-without-cover",
        "video-negative-key-frame",
        "carousel-of-1",
        "carousel-of-6",
        "carousel-bad-item-url",
        "board-id",
        "nul-in-title",
        "nul-in-nested-url",
    ],
)
def test_invalid_pins_are_rejected_like_pinterest(sim, fields, fragment):
    user, tokens = sim.connect()

    error = pinterest_error(sim.client(tokens.access_token).create_pin, pin_body(board_id(user, "Recipes"), **fields))

    assert (error.http_status, error.pinterest_code, error.code) == (400, 1, "validation_failed")
    assert fragment in error.message
    assert sim.pins() == []


def test_a_nul_in_a_query_parameter_is_pinterests_400(sim):
    _, tokens = sim.connect()
    response = sim.http.get(
        f"{sim.v5}/boards", params={"bookmark": "a\u0000"}, headers={"Authorization": f"Bearer {tokens.access_token}"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == 1 and "bookmark" in response.json()["message"]


def test_base64_image_is_stored_and_served(sim):
    user, tokens = sim.connect()
    client = sim.client(tokens.access_token)
    source = {
        "source_type": "image_base64",
        "content_type": "image/png",
        "data": base64.b64encode(PNG).decode(),
    }

    pin = client.create_pin(pin_body(board_id(user, "Recipes"), media_source=source)).data
    image = requests.get(pin["media"]["images"]["150x150"]["url"], timeout=5)

    assert (image.status_code, image.content) == (200, PNG)
    assert image.headers["Content-Type"] == "image/png"


def test_base64_that_is_not_the_claimed_image_is_broken(sim):
    user, tokens = sim.connect()
    source = {
        "source_type": "image_base64",
        "content_type": "image/jpeg",
        "data": base64.b64encode(PNG).decode(),
    }

    error = pinterest_error(
        sim.client(tokens.access_token).create_pin,
        pin_body(board_id(user, "Recipes"), media_source=source),
    )

    assert (error.http_status, error.pinterest_code, error.code) == (403, 235, "broken_image")


def test_token_without_pin_scopes_cannot_create(sim):
    user, tokens = sim.connect(scopes=["user_accounts:read", "boards:read"])
    client = sim.client(tokens.access_token)

    error = pinterest_error(client.create_pin, pin_body(board_id(user, "Recipes")))

    assert (error.http_status, error.pinterest_code, error.code) == (401, 3, "insufficient_scope")
    assert client.list_boards()  # the scopes it has still work


def test_create_is_committed_before_the_configured_latency(sim):
    user, tokens = sim.connect()
    recipes = board_id(user, "Recipes")
    assert sim.configure(create_latency_seconds=1.5)["create_latency_seconds"] == 1.5
    impatient = sim.client(tokens.access_token, timeout=(2.0, 0.3))

    started = time.monotonic()
    with pytest.raises(PinterestTransportError) as caught:
        impatient.create_pin(pin_body(recipes, title="Slow soup"))
    visible = sim.pins(board_id=recipes)
    elapsed = time.monotonic() - started

    assert caught.value.outcome_unknown is True
    assert elapsed < 1.5, "the pin must be visible while the create is still sleeping"
    assert [p["title"] for p in visible] == ["Slow soup"]
    reconciled = next(sim.client(tokens.access_token).iter_board_pins(recipes))
    assert reconciled["id"] == visible[0]["id"]


@pytest.mark.parametrize(
    "body",
    [
        {"create_latency_seconds": -1},
        {"create_latency_seconds": "1"},
        {"nap_seconds": 1},
        {"create_latency_seconds": 4000},
    ],
)
def test_config_rejects_bad_values(sim, body):
    response = sim.control("PATCH", "/config", json=body)

    assert response.status_code == 400
    assert sim.control("GET", "/config").json()["create_latency_seconds"] == 0


def test_always_fails_board_fails_permanently(sim):
    user, tokens = sim.connect()
    client = sim.client(tokens.access_token)
    body = pin_body(board_id(user, "Always fails"))

    errors = [pinterest_error(client.create_pin, body) for _ in range(2)]

    outcomes = {(e.http_status, e.code, e.kind) for e in errors}
    assert outcomes == {(400, "validation_failed", ErrorKind.PERMANENT)}
    assert sim.pins() == []


def test_flaky_board_fails_n_times_per_request_then_succeeds(sim):
    user, tokens = sim.connect(boards=["Flaky (3 transient errors)"])
    client = sim.client(tokens.access_token)
    body = pin_body(user["boards"][0]["id"])

    errors = [pinterest_error(client.create_pin, body) for _ in range(3)]
    created = client.create_pin(body)
    other = pinterest_error(client.create_pin, {**body, "title": "Another pin"})

    outcomes = {(e.http_status, e.code, e.outcome_unknown) for e in errors}
    assert outcomes == {(503, "pinterest_unavailable", True)}
    assert created.status == 201
    assert other.http_status == 503, "a different pin starts its own sequence"
    assert [p["id"] for p in sim.pins()] == [created.data["id"]]


def test_rate_limited_board_answers_429_with_retry_after_once(sim):
    user, tokens = sim.connect()
    client = sim.client(tokens.access_token)
    body = pin_body(board_id(user, "Rate limited"))

    error = pinterest_error(client.create_pin, body)

    assert (error.http_status, error.pinterest_code, error.kind) == (429, 8, ErrorKind.RATE_LIMITED)
    assert error.retry_after == 2
    assert client.create_pin(body).status == 201


def test_spam_block_board_is_a_spam_block(sim):
    user, tokens = sim.connect()

    error = pinterest_error(sim.client(tokens.access_token).create_pin, pin_body(board_id(user, "Spam block")))

    assert (error.http_status, error.code) == (429, "spam_blocked")
    assert error.kind is ErrorKind.SPAM_BLOCKED


def test_slow_board_creates_the_pin_then_times_out(sim):
    user, tokens = sim.connect()
    slow = board_id(user, "Slow (timeout)")
    sim.configure(slow_board_latency_seconds=1.0)

    with pytest.raises(PinterestTransportError) as caught:
        sim.client(tokens.access_token, timeout=(2.0, 0.3)).create_pin(pin_body(slow))

    assert caught.value.outcome_unknown is True
    # The simulator finishes the create after the client gave up; on a loaded machine that can be
    # after the timeout fired, so wait for it rather than read at once.
    wait_for(lambda: sim.pins(board_id=slow), timeout=10, interval=0.05)
    time.sleep(1.2)  # past the slow board's latency: still exactly one pin
    assert len(sim.pins(board_id=slow)) == 1


def test_scenarios_are_listed_for_customers(sim):
    items = sim.control("GET", "/scenarios").json()["items"]

    assert [i["board_name"] for i in items] == [
        "Always fails",
        "Flaky (2 transient errors)",
        "Rate limited",
        "Spam block",
        "Trial access",
        "Slow (timeout)",
    ]


def test_extra_boards_paginate_completely(sim):
    user, tokens = sim.connect(extra_boards=600)

    boards = sim.client(tokens.access_token).list_boards()

    assert len(boards) == len(user["boards"]) == 609
    assert len({b["id"] for b in boards}) == 609
    assert boards[-1]["name"] == "Board 0600"


def test_trial_access_board_answers_code_29(sim):
    user, tokens = sim.connect()
    board = board_id(user, "Trial access")

    error = pinterest_error(sim.client(tokens.access_token).create_pin, pin_body(board))

    assert (error.http_status, error.pinterest_code, error.code) == (403, 29, "trial_access_production")
    assert sim.pins(board_id=board) == []
