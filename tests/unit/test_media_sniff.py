"""Uploads are classified by their bytes: Pillow for images, ISO BMFF boxes for videos."""

from __future__ import annotations

import io

import pytest

from pinbridge.errors import UnsupportedMediaType
from pinbridge.media import isobmff, sniff
from tests import media_files


def inspect_bytes(tmp_path, data: bytes, name: str = "upload.bin") -> sniff.MediaInfo:
    path = tmp_path / name
    path.write_bytes(data)
    return sniff.inspect(path)


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp"), ("GIF", "image/gif")],
)
def test_images_are_typed_and_measured(tmp_path, fmt, content_type):
    info = inspect_bytes(tmp_path, media_files.image(fmt, (321, 123)))
    assert (info.media_type, info.content_type, info.width, info.height) == ("image", content_type, 321, 123)


@pytest.mark.parametrize(
    ("major", "content_type"),
    [(b"isom", "video/mp4"), (b"mp42", "video/mp4"), (b"qt  ", "video/quicktime"), (b"M4V ", "video/x-m4v")],
)
def test_videos_are_typed_with_duration_and_size(tmp_path, major, content_type):
    info = inspect_bytes(tmp_path, media_files.mp4(major=major, duration_seconds=7.25, size=(640, 360)))
    assert info == sniff.MediaInfo("video", content_type, 640, 360, 7.25)


def test_moov_after_mdat_is_found_by_seeking(tmp_path):
    data = media_files.mp4(moov_first=False, payload=b"\x01" * 200_000, duration_seconds=3)
    assert inspect_bytes(tmp_path, data).duration_seconds == 3


def test_version_1_mvhd_and_64_bit_sizes(tmp_path):
    movie = media_files.moov(duration_seconds=4000.5, version=1)
    big_mdat = b"\x00\x00\x00\x01mdat" + (16 + 10).to_bytes(8, "big") + b"\x00" * 10
    info = inspect_bytes(tmp_path, media_files.ftyp() + big_mdat + movie)
    assert info.duration_seconds == 4000.5


def test_unknown_major_brand_with_mp4_compatible_brand_is_mp4():
    head = media_files.ftyp(b"XAVC", (b"XAVC", b"mp42"))
    assert isobmff.content_type_from_ftyp(head + bytes(16)) == "video/mp4"


@pytest.mark.parametrize("brand", [b"heic", b"avif", b"M4A "])
def test_other_iso_bmff_files_are_not_videos(brand):
    head = media_files.ftyp(brand, (brand,)) + bytes(16)
    with pytest.raises(UnsupportedMediaType):
        sniff.kind(head)


def test_a_png_named_mp4_is_a_png(tmp_path):
    info = inspect_bytes(tmp_path, media_files.png(), name="movie.mp4")
    assert info.content_type == "image/png"


@pytest.mark.parametrize(
    "data",
    [
        b"<!doctype html><html><body>not an image</body></html>",
        b"%PDF-1.7\n",
        b"",
        b"\xff\xd8",  # too short to be anything
    ],
)
def test_non_media_is_refused(tmp_path, data):
    with pytest.raises(UnsupportedMediaType):
        inspect_bytes(tmp_path, data, name="photo.jpg")


def test_truncated_image_header_is_refused(tmp_path):
    with pytest.raises(UnsupportedMediaType):
        inspect_bytes(tmp_path, media_files.png()[:20])


def test_video_without_moov_is_refused(tmp_path):
    with pytest.raises(UnsupportedMediaType, match="moov"):
        inspect_bytes(tmp_path, media_files.ftyp() + media_files.box(b"mdat", b"\x00" * 100))


def test_garbage_box_sizes_end_the_walk():
    data = media_files.ftyp() + b"\xff\xff\xff\xffjunk" + b"\x00" * 10
    f = io.BytesIO(data)
    assert [kind for kind, _, _ in isobmff.iter_boxes(f, 0, len(data))] == ["ftyp"]
