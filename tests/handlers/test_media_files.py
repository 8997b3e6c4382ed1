"""What stripping leaves of a file, and how a download that fails is retried."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin
from pypdf import PdfReader

from handlers.media import (
    MAX_IMAGE_BYTES,
    MAX_PREVIEW_BYTES,
    Download,
    MediaGone,
    MediaProblem,
    MediaTooLarge,
    MediaUnavailable,
    UncleanDocument,
    receive_media,
    strip_metadata,
)
from handlers.messages import MEDIA, Inbound
from storage.media import MediaKind
from tests.media_samples import (
    ARTIST,
    audio_of,
    m4a_voice,
    metadata_of,
    noisy_photo,
    ogg_opus_voice,
    pdf_document,
    photo_with_gps,
    real_ogg_opus_voice,
)


def test_a_photo_loses_gps_device_author_and_thumbnail_but_keeps_its_pixels_upright() -> None:
    photo = photo_with_gps((600, 400), orientation=6)  # the camera was turned: EXIF says "rotate 90°"
    stripped = strip_metadata("image", photo)
    assert stripped.kind == MediaKind.IMAGE
    assert stripped.mime == "image/jpeg"
    assert metadata_of(stripped.data) == {}
    assert ARTIST.encode() not in stripped.data
    with Image.open(io.BytesIO(stripped.data)) as image:
        assert image.size == (400, 600)  # turned as the camera meant, since the EXIF that said so is gone
    assert stripped.preview is not None
    assert metadata_of(stripped.preview) == {}


def test_a_png_with_text_chunks_and_transparency_becomes_a_clean_jpeg() -> None:
    image = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", ARTIST)
    info.add_text("Location", "35.6586,139.7454")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    stripped = strip_metadata("image", out.getvalue())
    assert stripped.mime == "image/jpeg"
    assert metadata_of(stripped.data) == {}
    assert b"35.6586" not in stripped.data
    with Image.open(io.BytesIO(stripped.data)) as clean:
        assert clean.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=3)  # transparency on white


def test_a_photo_sent_as_a_document_is_still_stripped_and_goes_on_as_a_photo() -> None:
    stripped = strip_metadata("file", photo_with_gps())
    assert stripped.kind == MediaKind.IMAGE
    assert metadata_of(stripped.data) == {}


def test_a_huge_photo_fits_line_s_limits_for_the_original_and_the_preview() -> None:
    stripped = strip_metadata("image", noisy_photo(3000))
    assert len(stripped.data) <= MAX_IMAGE_BYTES
    assert stripped.preview is not None
    assert len(stripped.preview) <= MAX_PREVIEW_BYTES
    with Image.open(io.BytesIO(stripped.data)) as image:
        assert max(image.size) <= 2560


def test_an_m4a_keeps_its_sound_and_length_and_loses_the_place_and_device() -> None:
    voice = m4a_voice(4200)
    stripped = strip_metadata("audio", voice)
    assert (stripped.kind, stripped.mime, stripped.duration_ms) == (MediaKind.AUDIO, "audio/mp4", 4200)
    assert len(stripped.data) == len(voice)  # same size: every offset in the file still points where it did
    assert b"+35.6586+139.7454" not in stripped.data
    assert b"PhoneMaker" not in stripped.data
    assert stripped.data.endswith(voice[-1024:])  # the sound itself is untouched


def test_voice_notes_and_documents_are_recognised_by_their_bytes() -> None:
    ogg = strip_metadata("audio", ogg_opus_voice(3000))
    assert (ogg.mime, ogg.duration_ms) == ("audio/ogg", 3000)
    assert strip_metadata("file", pdf_document()).mime == "application/pdf"
    assert strip_metadata("file", b"plain notes").mime == "application/octet-stream"


@pytest.mark.parametrize(
    ("kind", "data"),
    [("image", b"\xff\xd8\xff\xe0 broken"), ("image", b"not an image at all"), ("audio", b"unknown"), ("file", b"")],
)
def test_an_unreadable_file_is_refused(kind: str, data: bytes) -> None:
    with pytest.raises(ValueError, match=r"."):
        strip_metadata(kind, data)


class FlakyPlatform:
    """A platform that fails a number of times before it gives the file (or fails with a given error)."""

    def __init__(self, failures: int, data: bytes, error: type[Exception] = MediaUnavailable) -> None:
        self.failures = failures
        self.data = data
        self.error = error
        self.calls = 0

    async def fetch(self, inbound: Inbound) -> Download:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error("platform trouble")
        return Download(self.data)


INBOUND = Inbound("line", "U" + "0" * 32, MEDIA, "ev-1", media_type="image", media_ref="1")


async def _no_wait(seconds: float) -> None:
    return None


async def test_a_download_that_fails_twice_is_retried_and_arrives() -> None:
    platform = FlakyPlatform(2, photo_with_gps())
    arrival = await receive_media(platform, INBOUND, sleep=_no_wait)
    assert platform.calls == 3
    assert not isinstance(arrival, MediaProblem)
    assert metadata_of(arrival.data) == {}


async def test_a_download_that_keeps_failing_ends_as_failed_after_the_retries() -> None:
    platform = FlakyPlatform(10, photo_with_gps())
    assert await receive_media(platform, INBOUND, sleep=_no_wait) == MediaProblem.FAILED
    assert platform.calls == 3


@pytest.mark.parametrize(
    ("error", "problem"), [(MediaTooLarge, MediaProblem.TOO_LARGE), (MediaGone, MediaProblem.FAILED)]
)
async def test_a_file_too_large_or_gone_is_not_retried(error: type[Exception], problem: MediaProblem) -> None:
    platform = FlakyPlatform(1, b"", error)
    assert await receive_media(platform, INBOUND, sleep=_no_wait) == problem
    assert platform.calls == 1


def test_a_pdf_loses_its_author_and_xmp_and_keeps_its_pages() -> None:
    stripped = strip_metadata("file", pdf_document())
    assert stripped.mime == "application/pdf"
    reader = PdfReader(io.BytesIO(stripped.data))
    assert (len(reader.pages), reader.metadata) == (1, None)
    assert "/Metadata" not in reader.trailer["/Root"]
    assert ARTIST.encode() not in stripped.data


def test_a_pdf_that_cannot_be_parsed_is_refused_rather_than_kept_as_it_is() -> None:
    with pytest.raises(UncleanDocument):
        strip_metadata("file", b"%PDF-1.7\n/Author (" + ARTIST.encode() + b")\n%%EOF\n")


def test_a_real_ogg_opus_voice_note_is_kept_as_m4a_with_its_length_and_no_tags() -> None:
    stripped = strip_metadata("audio", real_ogg_opus_voice(2.0))
    assert (stripped.kind, stripped.mime) == (MediaKind.AUDIO, "audio/mp4")
    assert stripped.duration_ms is not None
    assert 1900 <= stripped.duration_ms <= 2200
    _container, seconds, tags = audio_of(stripped.data)
    assert 1.9 <= seconds <= 2.2
    assert not {"artist", "title", "encoder"} & tags.keys()
