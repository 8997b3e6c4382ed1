"""Small real files for the media tests: a photo with GPS in its EXIF, an M4A voice note, an OGG/Opus voice note,
a PDF. Made here, byte by byte, so the tests need no fixture files."""

from __future__ import annotations

import io
import math
import struct

import av
from PIL import ExifTags, Image, ImageDraw
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

GPS_LATITUDE = (35.0, 39.0, 29.0)  # Tokyo
ARTIST = "Nguyen Van An"
DEVICE = "PhoneMaker X10"


def photo_with_gps(size: tuple[int, int] = (800, 600), *, orientation: int = 1) -> bytes:
    """A JPEG of a "letter" whose EXIF says where, with what and by whom it was taken, plus a thumbnail."""
    image = Image.new("RGB", size, (245, 240, 230))
    draw = ImageDraw.Draw(image)
    for line in range(10):
        draw.rectangle((40, 40 + line * 50, size[0] - 40, 60 + line * 50), fill=(40, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = DEVICE
    exif[ExifTags.Base.Artist] = ARTIST
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: GPS_LATITUDE,
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (139.0, 44.0, 28.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def noisy_photo(side: int) -> bytes:
    """A photo that compresses badly (random pixels), to test the size limits."""
    import os

    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def m4a_voice(duration_ms: int = 4200) -> bytes:
    """An M4A file as phones record them: ftyp, moov with the length in mvhd and the place in udta, then mdat."""
    ftyp = _box(b"ftyp", b"M4A \x00\x00\x00\x00M4A mp42isom")
    mvhd = _box(b"mvhd", b"\x00\x00\x00\x00" + struct.pack(">IIII", 0, 0, 1000, duration_ms) + bytes(80))
    place = _box(b"\xa9xyz", b"\x00\x12\x15\xc7+35.6586+139.7454/")
    device = _box(b"\xa9mak", b"\x00\x0a\x00\x00" + DEVICE.encode())
    udta = _box(b"udta", place + device)
    moov = _box(b"moov", mvhd + udta)
    mdat = _box(b"mdat", bytes(range(256)) * 8)
    return ftyp + moov + mdat


def ogg_opus_voice(duration_ms: int = 3000) -> bytes:
    """An OGG/Opus voice note as Telegram sends them: OpusHead, OpusTags, one audio page with the final granule."""

    def page(granule: int, sequence: int, payload: bytes) -> bytes:
        header = b"OggS" + bytes([0, 0]) + struct.pack("<qII", granule, 1, sequence) + b"\x00\x00\x00\x00"
        return header + bytes([1, len(payload)]) + payload

    head = b"OpusHead" + bytes([1, 1]) + struct.pack("<HIhB", 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 4) + b"test" + struct.pack("<I", 0)
    audio = bytes(range(100))
    return page(0, 0, head) + page(0, 1, tags) + page(312 + duration_ms * 48, 2, audio)


def pdf_document() -> bytes:
    """A one-page PDF whose document information and XMP name its author and the device that made it."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Author": ARTIST, "/Creator": DEVICE, "/Producer": DEVICE, "/Title": "Pay slip"})
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator>{ARTIST}</dc:creator></x:xmpmeta>"
    ).encode()
    stream = DecodedStreamObject()
    stream.set_data(xmp)
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def recorded_voice(container: str, codec: str, seconds: float = 2.0) -> bytes:
    """A real voice note (a tone) recorded with PyAV, tagged with the sender's name as phones and apps do."""
    out = io.BytesIO()
    rate, samples = 48_000, 960
    with av.open(out, "w", format=container) as file:
        file.metadata["artist"] = ARTIST
        file.metadata["title"] = DEVICE
        stream = file.add_stream(codec, rate=rate, layout="mono")
        for start in range(0, int(seconds * rate), samples):
            frame = av.AudioFrame(format="s16", layout="mono", samples=samples)
            tone = (int(8000 * math.sin(2 * math.pi * 440 * (start + i) / rate)) for i in range(samples))
            frame.planes[0].update(struct.pack(f"<{samples}h", *tone))
            frame.rate, frame.pts = rate, start
            for packet in stream.encode(frame):
                file.mux(packet)
        for packet in stream.encode(None):
            file.mux(packet)
    return out.getvalue()


def real_ogg_opus_voice(seconds: float = 2.0) -> bytes:
    return recorded_voice("ogg", "libopus", seconds)


def real_m4a_voice(seconds: float = 2.0) -> bytes:
    return recorded_voice("ipod", "aac", seconds)


def audio_of(data: bytes) -> tuple[str, float, dict[str, str]]:
    """(container, seconds, tags) of an audio file, as a player opens it."""
    with av.open(io.BytesIO(data)) as file:
        sound = file.streams.audio[0]
        seconds = float(sum(frame.samples for frame in file.decode(sound)) / sound.rate)
        tags = dict(file.metadata) | dict(sound.metadata)
        return file.format.name, seconds, tags


def exif_of(jpeg: bytes) -> dict[int, object]:
    with Image.open(io.BytesIO(jpeg)) as image:
        return dict(image.getexif())


def metadata_of(jpeg: bytes) -> dict[str, object]:
    """Everything Pillow reads besides pixels: EXIF, ICC, comments, XMP, embedded thumbnails (APP segments)."""
    with Image.open(io.BytesIO(jpeg)) as image:
        info = dict(image.info)
        applist = getattr(image, "applist", [])
    return {
        **{k: v for k, v in info.items() if k not in ("jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi")},
        **({"app": [name for name, _ in applist if name != "APP0"]} if any(n != "APP0" for n, _ in applist) else {}),
    }


def mp4_video(duration_ms: int = 5000) -> bytes:
    """An MP4 as phones record them, with the place in the movie's user data."""
    ftyp = _box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")
    mvhd = _box(b"mvhd", b"\x00\x00\x00\x00" + struct.pack(">IIII", 0, 0, 600, duration_ms * 600 // 1000) + bytes(80))
    udta = _box(b"udta", _box(b"\xa9xyz", b"\x00\x12\x15\xc7+35.6586+139.7454/"))
    moov = _box(b"moov", mvhd + _box(b"trak", _box(b"tkhd", bytes(84))) + udta)
    return ftyp + moov + _box(b"mdat", bytes(range(256)) * 16)
