"""Video uploads the Pinterest way: register (``POST /v5/media``), upload, poll (``GET /v5/media/{id}``).

Pinterest answers a registration with an S3 presigned POST (``upload_url`` + ``upload_parameters``);
the client POSTs every parameter and then the bytes as ``file`` (last), with no Bearer token, and
gets 204. ``POST /_simulator/media-upload`` stands in for that S3 endpoint, with S3's rules: an
``Authorization`` header is refused (a presigned POST carries its own credential), a parameter
that does not match what was issued is 403 AccessDenied, errors are S3's XML. The file is read as
a stream (hashed, counted, scanned for the magic ``SANDBOX_FAIL_PROCESSING`` marker), never held.

Status: registered until the upload arrives, then processing for ``media_processing_seconds``,
then succeeded — or failed, for a file that is not an MP4/MOV/M4V or carries the marker. The
transition is made on read, so no background thread is needed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from datetime import timedelta
from typing import Any

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from pinbridge.errors import UnsupportedMediaType
from pinbridge.media import sniff
from pinbridge.multipart import MultipartError, MultipartReader, boundary_of
from pinbridge.simulator.context import caller, require_scopes, sim
from pinbridge.simulator.errors import SimError, invalid
from pinbridge.simulator.models import SimMedia, SimUser
from pinbridge.simulator.scenarios import FAIL_PROCESSING_MARKER
from pinbridge.simulator.store import new_id, utcnow

blp = Blueprint("pinterest_v5_media", __name__, url_prefix="/v5")
upload_blp = Blueprint("simulator_media_upload", __name__, url_prefix="/_simulator")

MAX_VIDEO_BYTES = 2 * 1024**3
UPLOAD_PATH = "/_simulator/media-upload"


@blp.post("/media")
@require_scopes("pins:read", "pins:write")
def register_media() -> tuple[Response, int]:
    """Register media upload (``media/create``): the presigned POST to send the video to."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or body.get("media_type") != "video":
        raise invalid("media_type: must be 'video'.")
    with sim().store.writing() as session:
        media = SimMedia(
            id=new_id(),
            user_seq=caller().user_seq,
            upload_signature=secrets.token_hex(32),
            created_at=utcnow(),
        )
        session.add(media)
        session.flush()
        result = {
            "media_id": media.id,
            "media_type": "video",
            "upload_url": f"{request.host_url.rstrip('/')}{request.script_root}{UPLOAD_PATH}",
            "upload_parameters": upload_parameters(media),
        }
    return jsonify(result), 201


@blp.get("/media/<media_id>")
@require_scopes("pins:read")
def get_media(media_id: str) -> Response:
    """Get media upload details (``media/get``), advancing processing that has had its time."""
    store = sim().store
    with store.writing() as session:
        media = _own_media(session, media_id)
        settle(media, store.settings(session)["media_processing_seconds"])
        return jsonify(media_json(media))


def media_json(media: SimMedia) -> dict[str, Any]:
    return {"media_id": media.id, "media_type": media.media_type, "status": media.status}


def settle(media: SimMedia, processing_seconds: float) -> None:
    if media.status == "processing" and media.uploaded_at is not None:
        if utcnow() >= media.uploaded_at + timedelta(seconds=processing_seconds):
            media.status = "failed" if media.will_fail else "succeeded"


def ready_media(session: Session, media_id: str) -> SimMedia:
    """The caller's media for a video pin, which must have finished processing successfully."""
    media = _own_media(session, media_id)
    settle(media, sim().store.settings(session)["media_processing_seconds"])
    if media.status != "succeeded":
        raise invalid(f"media_source.media_id: the video is not ready (status {media.status}).")
    return media


def _own_media(session: Session, media_id: str) -> SimMedia:
    media = session.scalar(select(SimMedia).where(SimMedia.id == media_id, SimMedia.user_seq == caller().user_seq))
    if media is None:
        raise SimError(404, 404, "Media not found.")
    return media


def upload_parameters(media: SimMedia) -> dict[str, str]:
    """What S3's presigned POST would ask for; the signature is this upload's credential."""
    policy = base64.b64encode(json.dumps({"media_id": media.id}).encode()).decode()
    stamp = media.created_at.strftime("%Y%m%dT%H%M%SZ")
    return {
        "Content-Type": "multipart/form-data",
        "key": f"uploads/sandbox/{media.id}",
        "policy": policy,
        "x-amz-algorithm": "AWS4-HMAC-SHA256",
        "x-amz-credential": f"SANDBOX/{stamp[:8]}/us-east-1/s3/aws4_request",
        "x-amz-date": stamp,
        "x-amz-security-token": "sandbox",
        "x-amz-signature": media.upload_signature,
    }


class S3Error(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@upload_blp.errorhandler(S3Error)
def _render_s3_error(error: S3Error) -> tuple[Response, int]:
    xml = f"<?xml version='1.0' encoding='UTF-8'?>\n<Error><Code>{error.code}</Code><Message>{error.message}</Message></Error>"
    return Response(xml, mimetype="application/xml"), error.status


@upload_blp.post("/media-upload")
def upload_media() -> tuple[str, int]:
    """The S3 presigned POST stand-in: parameters, then ``file``; 204 on success."""
    if "Authorization" in request.headers:
        raise S3Error(
            400, "InvalidArgument", "Only one auth mechanism allowed; a presigned POST takes no Authorization header."
        )
    if request.mimetype != "multipart/form-data":
        raise S3Error(412, "PreconditionFailed", "Bucket POST must be of the enclosure-type multipart/form-data.")
    request.max_content_length = MAX_VIDEO_BYTES + 64 * 1024
    try:
        reader = MultipartReader(request.stream, boundary_of(request.mimetype_params))
        media = _read_parameters(reader)
        size, digest, failed = _receive_file(reader)
    except MultipartError as exc:
        raise S3Error(
            400, "MalformedPOSTRequest", f"The body of your POST request is not well-formed multipart/form-data: {exc}."
        ) from None
    with sim().store.writing() as session:
        media = session.get_one(SimMedia, media.seq)
        media.status, media.uploaded_at = "processing", utcnow()
        media.size_bytes, media.sha256, media.will_fail = size, digest, failed
    return "", 204


def _read_parameters(reader: MultipartReader) -> SimMedia:
    fields: dict[str, str] = {}
    while (part := reader.next_part()) is not None and part.name != "file":
        fields[part.name] = reader.read_field()
    if part is None:
        raise S3Error(400, "InvalidArgument", "POST requires exactly one file upload per request.")
    with sim().store.reading() as session:
        media = _media_for(session, fields)
        issued = upload_parameters(media)
    if any(fields.get(name) != value for name, value in issued.items()):
        raise S3Error(403, "AccessDenied", "Invalid according to Policy: Policy Condition failed.")
    if media.status != "registered":
        raise S3Error(403, "AccessDenied", "Invalid according to Policy: this upload was already used.")
    return media


def _media_for(session: Session, fields: dict[str, str]) -> SimMedia:
    media_id = fields.get("key", "").rsplit("/", 1)[-1]
    media = session.scalar(select(SimMedia).where(SimMedia.id == media_id))
    if media is None or session.get(SimUser, media.user_seq) is None:
        raise S3Error(403, "AccessDenied", "Invalid according to Policy: unknown key.")
    return media


def _receive_file(reader: MultipartReader) -> tuple[int, str, bool]:
    """Size, SHA-256 and whether processing will fail (not a video, or the magic marker)."""
    digest, size, head = hashlib.sha256(), 0, b""
    tail, marked = b"", False
    for chunk in reader.iter_data():
        size += len(chunk)
        if size > MAX_VIDEO_BYTES:
            raise S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.")
        digest.update(chunk)
        head = head if len(head) >= sniff.HEAD_BYTES else (head + chunk)[: sniff.HEAD_BYTES]
        window = tail + chunk
        marked = marked or FAIL_PROCESSING_MARKER in window
        tail = window[-len(FAIL_PROCESSING_MARKER) :]
    if not size:
        raise S3Error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.")
    return size, digest.hexdigest(), marked or not _is_video(head)


def _is_video(head: bytes) -> bool:
    try:
        return sniff.kind(head) == sniff.VIDEO
    except UnsupportedMediaType:
        return False
