"""/v1/assets: upload or import images and videos, list, read, download and delete them."""

from __future__ import annotations

from typing import Any

from flask import g, request, send_file
from flask.views import MethodView
from flask_smorest import Blueprint

from pinbridge.api.assets import upload
from pinbridge.api.assets.schemas import AssetImportSchema, AssetListSchema, AssetQueryArgsSchema, AssetSchema
from pinbridge.api.context import runtime
from pinbridge.services import assets

blp = Blueprint("assets", __name__, url_prefix="/v1/assets", description="Stored images and videos.")

UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {"schema": {"$ref": "#/components/schemas/AssetUpload"}},
        "application/json": {"schema": {"$ref": "#/components/schemas/AssetImport"}},
    },
}
_BYTES = {
    media: {"schema": {"type": "string", "format": "binary"}}
    for media in (
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/gif",
        "video/mp4",
        "video/quicktime",
        "video/x-m4v",
    )
}
CONTENT_RESPONSE = {
    "200": {"description": "The stored bytes, with the sniffed content type.", "content": _BYTES},
    "206": {
        "description": "The bytes of the one range asked for with `Range: bytes=…`, with `Content-Range`.",
        "content": _BYTES,
    },
    "304": {"description": "`If-None-Match` names the current ETag."},
    "416": {
        "description": "The range lies outside the file (`Content-Range: bytes */<size>`); code `range_not_satisfiable`.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}},
    },
}


@blp.route("")
class Assets(MethodView):
    @blp.doc(operationId="listAssets")
    @blp.arguments(AssetQueryArgsSchema, location="query")
    @blp.response(200, AssetListSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """List assets

        Newest first, optionally only images or videos; follow `next_cursor`.
        """
        data, next_cursor = assets.list_assets(runtime(), g.workspace, args)
        return {"data": data, "next_cursor": next_cursor}

    @blp.doc(operationId="uploadAsset", requestBody=UPLOAD_BODY)
    @blp.response(201, AssetSchema, description="Stored as a new asset.")
    @blp.alt_response(200, schema=AssetSchema, description="The same bytes were already stored: that asset.")
    def post(self) -> Any:
        """Upload an asset

        Multipart with the file in the part `file`, or JSON `{"url"}` to have PinBridge fetch it.
        The type is read from the bytes (JPEG, PNG, WebP, GIF images; MP4, MOV, M4V videos; else
        415); images up to 20 MB, files up to 2 GiB by default (413 beyond). The same bytes give
        the same asset (200).
        """
        if request.mimetype == "multipart/form-data":
            filename, chunks = upload.multipart_file(request, runtime().settings)
            stored = assets.store_upload(runtime(), g.workspace, chunks, filename)
        else:
            data = upload.load_json(request, AssetImportSchema())
            stored = assets.import_url(runtime(), g.workspace, data["url"])
        return stored.asset, 201 if stored.created else 200


@blp.route("/<string:asset_id>")
class AssetById(MethodView):
    @blp.doc(operationId="getAsset")
    @blp.response(200, AssetSchema)
    def get(self, asset_id: str) -> Any:
        """Get an asset"""
        return assets.get_asset(runtime(), g.workspace, asset_id)

    @blp.doc(operationId="deleteAsset")
    @blp.response(204)
    def delete(self, asset_id: str) -> Any:
        """Delete an asset

        Removes the row and the bytes; 409 `asset_in_use` while a queued pin uses it.
        """
        assets.delete_asset(runtime(), g.workspace, asset_id)


@blp.route("/<string:asset_id>/content")
class AssetContent(MethodView):
    @blp.doc(operationId="getAssetContent", responses=CONTENT_RESPONSE)
    def get(self, asset_id: str) -> Any:
        """Download an asset's bytes

        Streamed with the sniffed content type; `ETag` is the SHA-256, ranges are supported.
        """
        asset, file = assets.open_content(runtime(), g.workspace, asset_id)
        response = send_file(
            file,
            mimetype=asset.content_type,
            etag=asset.sha256,
            conditional=False,
            download_name=asset.filename or asset.id,
            max_age=0,
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        # Werkzeug knows a stream's length only for in-memory files; with the stored size it answers
        # If-None-Match (304), Range (206 with Content-Range) and an unsatisfiable range (416).
        response.content_length = asset.size_bytes
        return response.make_conditional(request, accept_ranges=True, complete_length=asset.size_bytes)
