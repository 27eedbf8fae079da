"""Boards and sections through the API: every page, the cache, name resolution, ownership."""

from __future__ import annotations

from tests.factories import connect_sim_account

TWINS = ["Twin board", "Twin board"]


def boards(client, sandbox, account_id: str, **query) -> list[dict]:
    response = client.get(f"/v1/pinterest/accounts/{account_id}/boards", query_string=query, headers=sandbox.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["data"]


def test_six_hundred_boards_list_completely_and_resolve_by_name(client, sandbox, runtime):
    account_id = connect_sim_account(runtime, sandbox.workspace_id, boards=["Recipes", *TWINS], extra_boards=600)

    listed = boards(client, sandbox, account_id)

    assert len(listed) == 603 and len({b["id"] for b in listed}) == 603
    assert {f"Board {n:04d}" for n in (1, 250, 251, 500, 501, 600)} <= {b["name"] for b in listed}
    wanted = next(b for b in listed if b["name"] == "Board 0577")
    body = sandbox.pin_body(account_id=account_id, board_id=None, board_name="Board 0577")
    created = client.post("/v1/pins", json=body, headers=sandbox.headers)
    assert created.status_code == 201 and created.get_json()["board_id"] == wanted["id"]


def test_ambiguous_board_name_is_409_with_the_candidates(client, sandbox, runtime):
    account_id = connect_sim_account(runtime, sandbox.workspace_id, boards=["Recipes", *TWINS])
    twins = sorted(b["id"] for b in boards(client, sandbox, account_id) if b["name"] == "Twin board")

    body = sandbox.pin_body(account_id=account_id, board_id=None, board_name="Twin board")
    response = client.post("/v1/pins", json=body, headers=sandbox.headers)

    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "board_name_ambiguous"
    assert sorted(c["id"] for c in error["details"]["candidates"]) == twins


def test_board_of_another_account_is_refused_at_accept_time(client, sandbox, runtime):
    other = connect_sim_account(runtime, sandbox.workspace_id, boards=["Elsewhere"])
    foreign = boards(client, sandbox, other)[0]["id"]

    response = client.post("/v1/pins", json=sandbox.pin_body(board_id=foreign), headers=sandbox.headers)

    assert response.status_code == 422 and response.get_json()["error"]["code"] == "board_not_found"


def test_refresh_bypasses_the_board_cache(client, sandbox, runtime):
    account_id = connect_sim_account(runtime, sandbox.workspace_id, boards=["Only"])
    assert [b["name"] for b in boards(client, sandbox, account_id)] == ["Only"]
    runtime.redis.set(
        f"pinbridge:boards:{account_id}", '[{"id": "1", "name": "Stale", "description": null, "privacy": null}]'
    )

    assert [b["name"] for b in boards(client, sandbox, account_id)] == ["Stale"]
    assert [b["name"] for b in boards(client, sandbox, account_id, refresh="true")] == ["Only"]


def test_sections_of_a_board(client, sandbox, runtime):
    account_id = connect_sim_account(
        runtime, sandbox.workspace_id, boards=[{"name": "Food", "sections": ["Soup", "Bread"]}, "Bare"]
    )
    by_name = {b["name"]: b["id"] for b in boards(client, sandbox, account_id)}

    food = client.get(f"/v1/pinterest/accounts/{account_id}/boards/{by_name['Food']}/sections", headers=sandbox.headers)
    bare = client.get(f"/v1/pinterest/accounts/{account_id}/boards/{by_name['Bare']}/sections", headers=sandbox.headers)

    assert [s["name"] for s in food.get_json()["data"]] == ["Soup", "Bread"]
    assert all(s["id"].isdigit() for s in food.get_json()["data"])
    assert bare.get_json()["data"] == []


def test_sections_of_a_foreign_or_malformed_board_are_404(client, sandbox, runtime):
    other = connect_sim_account(runtime, sandbox.workspace_id, boards=[{"name": "Theirs", "sections": ["S"]}])
    foreign = boards(client, sandbox, other)[0]["id"]

    for board_id in (foreign, "not-a-board"):
        response = client.get(
            f"/v1/pinterest/accounts/{sandbox.account_id}/boards/{board_id}/sections", headers=sandbox.headers
        )
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "board_not_found"


def test_other_workspaces_accounts_are_404(client, sandbox, runtime):
    from tests.factories import sandbox_workspace

    other = sandbox_workspace(runtime)

    for method, path in (("get", ""), ("delete", ""), ("get", "/boards"), ("get", "/boards/1/sections")):
        response = getattr(client, method)(f"/v1/pinterest/accounts/{other.account_id}{path}", headers=sandbox.headers)
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "account_not_found"
