"""Pinterest v5 resources: user account, boards, sections, board pins, and pins.

Paths, scopes, JSON shapes and error codes follow Pinterest's spec; each view authenticates
with ``require_scopes`` (the scopes the spec's ``security`` lists) and uses its own session.
"""

from __future__ import annotations

import hashlib
import time

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pinbridge.simulator import scenarios
from pinbridge.simulator.context import caller, media_base_url, request_settings, require_scopes, sim
from pinbridge.simulator.errors import board_not_found, pin_not_found, section_not_found
from pinbridge.simulator.media_routes import ready_media
from pinbridge.simulator.models import SimBoard, SimPin, SimPinImage, SimPinMedia, SimSection, SimUser
from pinbridge.simulator.pagination import fetch_page
from pinbridge.simulator.pin_input import MediaInput, PinInput, parse_pin_create
from pinbridge.simulator.serializers import account_json, board_json, pin_json, section_json
from pinbridge.simulator.store import new_id, utcnow

blp = Blueprint("pinterest_v5", __name__, url_prefix="/v5")

PIN_WRITE_SCOPES = ("boards:read", "boards:write", "pins:read", "pins:write")


@blp.get("/user_account")
@require_scopes("user_accounts:read")
def get_user_account() -> Response:
    """Get user account (``user_account/get``)."""
    me = caller()
    with sim().store.reading() as session:
        user = session.get_one(SimUser, me.user_seq)
        mine = SimBoard.user_seq == me.user_seq
        board_count = session.scalar(select(func.count()).select_from(SimBoard).where(mine))
        pin_count = session.scalar(select(func.count()).select_from(SimPin).join(SimPin.board).where(mine))
        return jsonify(account_json(user, board_count or 0, pin_count or 0))


@blp.get("/boards")
@require_scopes("boards:read")
def list_boards() -> Response:
    """List boards (``boards/list``), optionally filtered by ``privacy``."""
    query = select(SimBoard).where(SimBoard.user_seq == caller().user_seq)
    privacy = request.args.get("privacy")
    if privacy:
        query = query.where(SimBoard.privacy == privacy.upper())
    with sim().store.reading() as session:
        boards, bookmark = fetch_page(session, query, SimBoard.seq, request.args)
        counts = _pin_counts(session, [b.seq for b in boards])
        items = [board_json(b, counts.get(b.seq, 0)) for b in boards]
        return jsonify({"items": items, "bookmark": bookmark})


@blp.get("/boards/<board_id>")
@require_scopes("boards:read")
def get_board(board_id: str) -> Response:
    """Get board (``boards/get``)."""
    with sim().store.reading() as session:
        board = _own_board(session, board_id)
        return jsonify(board_json(board, _pin_counts(session, [board.seq]).get(board.seq, 0)))


@blp.get("/boards/<board_id>/sections")
@require_scopes("boards:read")
def list_board_sections(board_id: str) -> Response:
    """List board sections (``board_sections/list``)."""
    with sim().store.reading() as session:
        board = _own_board(session, board_id)
        query = select(SimSection).where(SimSection.board_seq == board.seq)
        sections, bookmark = fetch_page(session, query, SimSection.seq, request.args)
        return jsonify({"items": [section_json(s) for s in sections], "bookmark": bookmark})


@blp.get("/boards/<board_id>/pins")
@require_scopes("boards:read", "pins:read")
def list_board_pins(board_id: str) -> Response:
    """List Pins on board (``boards/list_pins``), newest first — what reconciliation reads."""
    with sim().store.reading() as session:
        board = _own_board(session, board_id)
        query = select(SimPin).where(SimPin.board_seq == board.seq)
        pins, bookmark = fetch_page(session, query, SimPin.seq, request.args, newest_first=True)
        base = media_base_url()
        answer = jsonify({"items": [pin_json(p, base) for p in pins], "bookmark": bookmark})
    delay = request_settings()["board_pins_latency_seconds"]
    if delay > 0:
        time.sleep(delay)
    return answer


@blp.post("/pins")
@require_scopes(*PIN_WRITE_SCOPES)
def create_pin() -> tuple[Response, int]:
    """Create Pin (``pins/create``).

    The pin is committed before any configured latency is applied, modelling a Pinterest that
    creates the pin although the client times out waiting for the answer.
    """
    body = request.get_json(silent=True)
    pin_input = parse_pin_create(body)
    store = sim().store
    with store.writing() as session:
        board = _own_board(session, pin_input.board_id)
        section = _board_section(session, board, pin_input.board_section_id)
        decision = scenarios.decide(session, board, body)
        if decision.error is None:
            media_error = scenarios.image_url_failure(pin_input.media.urls())
            decision = scenarios.Decision(error=media_error) if media_error else decision
        if decision.error is None:
            created = pin_json(_insert_pin(session, board, section, pin_input), media_base_url())
    if decision.error is not None:
        raise decision.error
    settings = request_settings()
    delay = settings["create_latency_seconds"]
    if decision.slow:
        delay += settings["slow_board_latency_seconds"]
    if delay > 0:
        time.sleep(delay)
    return jsonify(created), 201


@blp.get("/pins/<pin_id>")
@require_scopes("boards:read", "pins:read")
def get_pin(pin_id: str) -> Response:
    """Get Pin (``pins/get``)."""
    with sim().store.reading() as session:
        return jsonify(pin_json(_own_pin(session, pin_id), media_base_url()))


@blp.delete("/pins/<pin_id>")
@require_scopes(*PIN_WRITE_SCOPES)
def delete_pin(pin_id: str) -> tuple[str, int]:
    """Delete Pin (``pins/delete``): 204 with no body."""
    with sim().store.writing() as session:
        session.delete(_own_pin(session, pin_id))
    return "", 204


def _own_board(session: Session, board_id: str) -> SimBoard:
    board = session.scalar(select(SimBoard).where(SimBoard.id == board_id, SimBoard.user_seq == caller().user_seq))
    if board is None:
        raise board_not_found()
    return board


def _own_pin(session: Session, pin_id: str) -> SimPin:
    pin = session.scalar(
        select(SimPin).join(SimPin.board).where(SimPin.id == pin_id, SimBoard.user_seq == caller().user_seq)
    )
    if pin is None:
        raise pin_not_found()
    return pin


def _board_section(session: Session, board: SimBoard, section_id: str | None) -> SimSection | None:
    if section_id is None:
        return None
    section = session.scalar(select(SimSection).where(SimSection.id == section_id, SimSection.board_seq == board.seq))
    if section is None:
        raise section_not_found()
    return section


def _insert_pin(session: Session, board: SimBoard, section: SimSection | None, data: PinInput) -> SimPin:
    pin = SimPin(
        id=new_id(),
        board=board,
        section=section,
        title=data.title,
        description=data.description,
        link=data.link,
        alt_text=data.alt_text,
        dominant_color=data.dominant_color,
        source_type=data.media.source_type,
        image_url=data.media.image_url,
        image_content_type=data.media.image_content_type,
        image_data=data.media.image_data,
        created_at=utcnow(),
    )
    session.add(pin)
    session.flush()
    _add_media_detail(session, pin, data.media)
    return pin


def _add_media_detail(session: Session, pin: SimPin, media: MediaInput) -> None:
    """Carousel items and video details (texts, URLs, digests of the bytes that arrived)."""
    images: list[tuple[str, bytes]] = []
    if media.items:
        items = []
        for item in media.items:
            entry = {"title": item.title, "description": item.description, "link": item.link, "url": item.url}
            if item.data is not None and item.content_type is not None:
                entry.update(content_type=item.content_type, sha256=hashlib.sha256(item.data).hexdigest())
                images.append((item.content_type, item.data))
            items.append(entry)
        detail: dict[str, object] = {"items": items}
    elif media.video is not None:
        video = media.video
        uploaded = ready_media(session, video.media_id)
        cover: dict[str, object] = {"url": video.cover_image_url, "key_frame_time": video.cover_key_frame_time}
        if video.cover_data is not None and video.cover_content_type is not None:
            cover.update(content_type=video.cover_content_type, sha256=hashlib.sha256(video.cover_data).hexdigest())
            images.append((video.cover_content_type, video.cover_data))
        detail = {
            "media_id": uploaded.id,
            "video_sha256": uploaded.sha256,
            "video_size": uploaded.size_bytes,
            "cover": cover,
        }
    else:
        return
    pin.extra = SimPinMedia(pin_seq=pin.seq, detail=detail)
    for position, (content_type, data) in enumerate(images):
        session.add(SimPinImage(pin_seq=pin.seq, position=position, content_type=content_type, data=data))
    session.flush()


def _pin_counts(session: Session, board_seqs: list[int]) -> dict[int, int]:
    if not board_seqs:
        return {}
    rows = session.execute(
        select(SimPin.board_seq, func.count()).where(SimPin.board_seq.in_(board_seqs)).group_by(SimPin.board_seq)
    )
    return {seq: count for seq, count in rows.all()}
