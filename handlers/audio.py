"""Voice notes in the format the other side plays: OGG/Opus for Telegram's voice notes, M4A (AAC) for LINE.

PyAV (its wheels carry FFmpeg's libraries) decodes and re-encodes the sound only: no tag of the input is copied,
FFmpeg is told to write no encoder version (`bitexact`), and what an MP4 muxer still writes about itself goes
with the user-data boxes (handlers.media). Raises ValueError when the input has no sound that can be decoded.
"""

from __future__ import annotations

import io

VOICE_RATE = 48_000  # Opus's own rate; AAC at 48 kHz too, so a voice note is resampled at most once
_OUTPUTS = {
    # name: (container format, codec, bit rate)
    "m4a": ("ipod", "aac", 64_000),
    "ogg": ("ogg", "libopus", 32_000),
}


def to_m4a(data: bytes) -> bytes:
    """The sound of `data` as M4A (AAC, mono), without tags."""
    return _transcode(data, "m4a")


def to_ogg_opus(data: bytes) -> bytes:
    """The sound of `data` as OGG/Opus (mono), without tags: what Telegram plays as a voice note."""
    return _transcode(data, "ogg")


def _transcode(data: bytes, output: str) -> bytes:
    # Imported here: FFmpeg's libraries cost a serving process ~20 MB, and voice notes are rare.
    import av
    import av.error

    container_format, codec, bit_rate = _OUTPUTS[output]
    out = io.BytesIO()
    try:
        with av.open(io.BytesIO(data), "r") as source:
            if not source.streams.audio:
                raise ValueError("no sound in the file")
            sound = source.streams.audio[0]
            with av.open(out, "w", format=container_format, container_options={"fflags": "+bitexact"}) as target:
                stream = target.add_stream(codec, rate=VOICE_RATE, layout="mono")
                if not isinstance(stream, av.AudioStream):
                    raise ValueError(f"{codec} is not an audio codec")
                stream.bit_rate = bit_rate
                for frame in source.decode(sound):
                    frame.pts = None
                    for packet in stream.encode(frame):
                        target.mux(packet)
                for packet in stream.encode(None):
                    target.mux(packet)
    except (av.error.FFmpegError, OSError) as exc:
        raise ValueError(f"audio could not be transcoded: {type(exc).__name__}") from None
    result = out.getvalue()
    if not result:
        raise ValueError("audio could not be transcoded: nothing written")
    return result
