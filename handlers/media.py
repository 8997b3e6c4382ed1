"""Photos, voice notes, videos and documents: fetched from the sender's platform, stripped, kept with the case.

A file is fetched while its event is processed, before the event's transaction (a download must not hold the
database), retried when the platform fails, and stripped of what gives a person away before anyone else sees it:
images are re-encoded without EXIF (GPS, device, author, thumbnails), MP4 and M4A files lose their user-data boxes
(where phones write the place and the device), PDFs are rewritten without their document information and XMP
(author, creator, producer, title). An OGG/Opus voice note is kept as M4A (handlers.audio), the one voice format
both platforms play; Telegram gets it back as OGG/Opus. What is left is kept with the case (`storage.media`).
"""

from __future__ import annotations

import asyncio
import io
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import structlog
from PIL import Image, ImageOps, UnidentifiedImageError

from handlers.audio import to_m4a
from handlers.messages import Inbound
from storage.media import MediaKind

log = structlog.get_logger()

# Telegram bots download at most 20 MB; we take no more from LINE, so both sides have the same limit.
MAX_MEDIA_BYTES = 20 * 1024 * 1024
# LINE: an image message's original at most 10 MB (JPEG or PNG), its preview at most 1 MB.
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_PREVIEW_BYTES = 1024 * 1024
IMAGE_MAX_SIDE = 2560  # enough to read a letter; Telegram refuses photos over 10000 px a side
PREVIEW_MAX_SIDE = 480
FETCH_ATTEMPTS = 3
FETCH_PAUSE_SECONDS = 0.5  # doubled after each failed attempt


@dataclass(frozen=True)
class Download:
    """The bytes a platform gave for a file, as they came."""

    data: bytes
    mime: str | None = None


class MediaTooLarge(Exception):
    """The file is over MAX_MEDIA_BYTES (or the platform would not let a bot download it)."""


class MediaUnavailable(Exception):
    """The platform could not give the file now (network, 5xx, still being prepared): try again."""


class MediaGone(Exception):
    """The platform no longer has the file, or never had it: trying again will not help."""


class UncleanDocument(ValueError):
    """A document whose metadata could not be removed (a PDF that cannot be parsed): never passed on as it is."""


class MediaFetcher(Protocol):
    """Downloads the file an inbound MEDIA event refers to, on the platform it came from."""

    async def fetch(self, inbound: Inbound) -> Download:
        """The file's bytes. Raises MediaTooLarge, MediaUnavailable (retry) or MediaGone."""
        ...


class MediaProblem(StrEnum):
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"  # it came, but it is not what it says (a broken image)
    FAILED = "failed"  # it did not come, even after retries
    NOT_CLEANED = "not_cleaned"  # a PDF whose metadata could not be removed: not passed on


@dataclass(frozen=True)
class Attachment:
    """A file ready to keep and pass on: stripped of metadata, in a format both platforms take."""

    kind: MediaKind
    mime: str
    data: bytes
    preview: bytes | None = None
    duration_ms: int | None = None


Arrival = Attachment | MediaProblem


async def receive_media(
    fetcher: MediaFetcher | None,
    inbound: Inbound,
    *,
    attempts: int = FETCH_ATTEMPTS,
    pause: float = FETCH_PAUSE_SECONDS,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> Arrival:
    """Fetch and strip the file of a MEDIA event; a MediaProblem says kindly what went wrong instead."""
    if fetcher is None:
        return MediaProblem.FAILED
    download: Download | None = None
    for attempt in range(attempts):
        try:
            download = await fetcher.fetch(inbound)
            break
        except (MediaTooLarge, MediaGone) as exc:
            return _problem(
                inbound, MediaProblem.TOO_LARGE if isinstance(exc, MediaTooLarge) else MediaProblem.FAILED, exc
            )
        except MediaUnavailable as exc:
            log.info("media.fetch_retry", channel=inbound.channel, kind=inbound.media_type, attempt=attempt + 1,
                     error=str(exc)[:100])  # fmt: skip
            if attempt + 1 < attempts:
                await sleep(pause * 2**attempt)
    if download is None:
        return _problem(inbound, MediaProblem.FAILED, None)
    if len(download.data) > MAX_MEDIA_BYTES:
        return _problem(inbound, MediaProblem.TOO_LARGE, None)
    try:
        # Decoding and re-encoding a large photo takes a moment of CPU: not on the event loop.
        return await asyncio.to_thread(strip_metadata, inbound.media_type, download.data)
    except UncleanDocument as exc:
        return _problem(inbound, MediaProblem.NOT_CLEANED, exc)
    except ValueError as exc:
        return _problem(inbound, MediaProblem.UNREADABLE, exc)


def _problem(inbound: Inbound, problem: MediaProblem, exc: Exception | None) -> MediaProblem:
    # The platform's reasons name statuses and sizes, never a person or a file id.
    reason = str(exc)[:100] if exc is not None else None
    log.info("media.refused", channel=inbound.channel, kind=inbound.media_type, problem=str(problem), reason=reason)
    return problem


def strip_metadata(declared_kind: str | None, data: bytes) -> Attachment:
    """The file as we keep it: images re-encoded without metadata, MP4/M4A without user data, PDFs rewritten
    without document information, OGG/Opus voice notes as M4A; others as they are.

    What the bytes are decides, not what the platform said: a photo sent as a document is still a photo, and
    loses its EXIF too. Raises ValueError when an image or a media container cannot be read, UncleanDocument when
    a PDF cannot be rewritten.
    """
    if not data:
        raise ValueError("empty file")
    if _looks_like_image(data):
        return _image(data)
    if declared_kind == MediaKind.IMAGE:
        raise ValueError("not an image")
    if data[4:8] == b"ftyp":
        cleaned = _without_user_data(data)
        brand = data[8:12]
        is_audio = declared_kind == MediaKind.AUDIO or brand in (b"M4A ", b"M4B ")
        return Attachment(
            MediaKind.AUDIO if is_audio else MediaKind.VIDEO,
            "audio/mp4" if is_audio else "video/mp4",
            cleaned,
            duration_ms=_mp4_duration_ms(cleaned),
        )
    if data.startswith(b"OggS"):
        return _ogg(data)
    if data.startswith(b"ID3") or data[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return Attachment(MediaKind.AUDIO, "audio/mpeg", data)
    if data.startswith(b"%PDF-"):
        return Attachment(MediaKind.FILE, "application/pdf", _pdf_without_metadata(data))
    if declared_kind in (MediaKind.AUDIO, MediaKind.VIDEO):
        raise ValueError("unknown audio or video format")
    return Attachment(MediaKind.FILE, "application/octet-stream", data)


def _ogg(data: bytes) -> Attachment:
    """An OGG/Opus voice note as M4A (LINE plays no other voice format); as it came when it cannot be transcoded."""
    try:
        m4a = _without_user_data(to_m4a(data))
        duration_ms = _mp4_duration_ms(m4a)
    except ValueError as exc:
        log.info("media.transcode_failed", kind="audio", reason=str(exc)[:100])
        return Attachment(MediaKind.AUDIO, "audio/ogg", data, duration_ms=_ogg_opus_duration_ms(data))
    return Attachment(MediaKind.AUDIO, "audio/mp4", m4a, duration_ms=duration_ms)


def _pdf_without_metadata(data: bytes) -> bytes:
    """The PDF's pages in a new file: no document information (author, creator, producer...), no XMP."""
    # Imported here: pypdf costs a serving process ~15 MB, and PDFs are rare.
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UncleanDocument("encrypted PDF")
        writer = PdfWriter()
        for page in reader.pages:
            added = writer.add_page(page)
            for key in ("/Metadata", "/PieceInfo"):  # a page may carry its own XMP and application data
                added.pop(key, None)
        writer.metadata = None  # pypdf's own "Producer" too
        out = io.BytesIO()
        writer.write(out)
    except UncleanDocument:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
        raise UncleanDocument(f"unreadable PDF: {type(exc).__name__}") from None
    if not reader.pages:
        raise UncleanDocument("PDF without pages")
    return out.getvalue()


_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF8", b"BM")


def _looks_like_image(data: bytes) -> bool:
    return data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _image(data: bytes) -> Attachment:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            # Turn the picture as the camera said before the EXIF that said so goes.
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError(f"unreadable image: {type(exc).__name__}") from None
    image = _flatten(image)
    image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
    original = _jpeg_within(image, MAX_IMAGE_BYTES, quality=88)
    preview_image = image.copy()
    preview_image.thumbnail((PREVIEW_MAX_SIDE, PREVIEW_MAX_SIDE))
    preview = _jpeg_within(preview_image, MAX_PREVIEW_BYTES, quality=75)
    return Attachment(MediaKind.IMAGE, "image/jpeg", original, preview=preview)


def _flatten(image: Image.Image) -> Image.Image:
    """RGB pixels only: transparency on white, palettes and CMYK converted. The new image carries no info."""
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    pixels = image.convert("RGB")
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    return clean


def _jpeg_within(image: Image.Image, limit: int, *, quality: int) -> bytes:
    """A JPEG of at most `limit` bytes, lowering the quality and then the size until it fits."""
    while True:
        for q in (quality, 75, 60, 45):
            out = io.BytesIO()
            # No exif=, no icc_profile=, no comment: Pillow writes none unless given.
            image.save(out, "JPEG", quality=q, optimize=True)
            if out.tell() <= limit:
                return out.getvalue()
        image = image.resize((max(1, image.width // 2), max(1, image.height // 2)))


# MP4 boxes that hold what a phone says about the recording (place, device, owner): replaced by `free` boxes of
# the same size, so every offset in the file stays valid.
_USER_DATA_BOXES = (b"udta", b"meta", b"uuid", b"XMP_")
_CONTAINER_BOXES = (b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts")


def _boxes(data: bytes | bytearray, start: int, end: int) -> list[tuple[int, int, bytes]]:
    """(offset, size, type) of the boxes between start and end; raises ValueError when they do not add up."""
    found = []
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        if size == 1:
            if at + 16 > end:
                raise ValueError("truncated box")
            size = struct.unpack(">Q", data[at + 8 : at + 16])[0]
        elif size == 0:
            size = end - at
        if size < 8 or at + size > end:
            raise ValueError("box overruns its container")
        found.append((at, size, kind))
        at += size
    return found


def _without_user_data(data: bytes) -> bytes:
    out = bytearray(data)

    def clean(start: int, end: int) -> None:
        for at, size, kind in _boxes(out, start, end):
            if kind in _USER_DATA_BOXES:
                header = 16 if struct.unpack(">I", out[at : at + 4])[0] == 1 else 8
                out[at + 4 : at + 8] = b"free"
                out[at + header : at + size] = bytes(size - header)
            elif kind in _CONTAINER_BOXES:
                clean(at + 8, at + size)

    clean(0, len(out))
    return bytes(out)


def _mp4_duration_ms(data: bytes) -> int | None:
    for at, size, kind in _boxes(data, 0, len(data)):
        if kind != b"moov":
            continue
        for inner, _inner_size, inner_kind in _boxes(data, at + 8, at + size):
            if inner_kind != b"mvhd":
                continue
            version = data[inner + 8]
            if version == 1:
                timescale, duration = struct.unpack(">IQ", data[inner + 28 : inner + 40])
            else:
                timescale, duration = struct.unpack(">II", data[inner + 20 : inner + 28])
            return int(duration * 1000 / timescale) if timescale else None
    return None


def _ogg_opus_duration_ms(data: bytes) -> int | None:
    """Opus counts 48 kHz samples in the last page's granule position, less the encoder's pre-skip."""
    last = data.rfind(b"OggS")
    head = data.find(b"OpusHead")
    if last < 0 or head < 0 or last + 14 > len(data) or head + 12 > len(data):
        return None
    granule = struct.unpack("<q", data[last + 6 : last + 14])[0]
    pre_skip = struct.unpack("<H", data[head + 10 : head + 12])[0]
    return max(0, (granule - pre_skip) * 1000 // 48000) if granule > 0 else None
