"""The kept files as the platforms reach them: signed URLs LINE fetches, the route serving them, uploads' bytes.

A URL is `{HOTLINE_PUBLIC_URL}/media/{token}/{signature}/{name}`: the token is random (storage.media), the
signature an HMAC of token and name under a key from the environment, so a URL can be neither guessed nor
made from a leaked token. The route serves a file while its case is open (and a few days after the close,
as LINE fetches when the person opens the chat), never a file from an intake that has not become a case.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import structlog
from PIL import Image, ImageDraw
from starlette.requests import Request
from starlette.responses import Response

from bot.settings import Settings
from handlers.media import Download
from handlers.messages import Inbound, MediaRef
from storage.db import Database
from storage.media import media_by_token, servable_media

log = structlog.get_logger()

_NAMES = {
    "image/jpeg": "photo.jpg",
    "audio/mp4": "voice.m4a",
    "audio/ogg": "voice.ogg",
    "audio/mpeg": "audio.mp3",
    "video/mp4": "video.mp4",
    "application/pdf": "document.pdf",
}
PREVIEW_NAME = "preview.jpg"


def file_name(mime: str) -> str:
    """The name a file goes by on the other side: from its format only, never the sender's own file name."""
    return _NAMES.get(mime, "file.bin")


@dataclass(frozen=True)
class MediaUrls:
    """Signs and checks the URLs of kept files."""

    public_url: str
    key: bytes

    def _signature(self, token: str, name: str) -> str:
        digest = hmac.new(self.key, f"{token}/{name}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:18]).decode()

    def url(self, media: MediaRef, *, preview: bool = False) -> str:
        name = PREVIEW_NAME if preview else file_name(media.mime)
        return f"{self.public_url}/media/{media.token}/{self._signature(media.token, name)}/{name}"

    def verify(self, token: str, signature: str, name: str) -> bool:
        return hmac.compare_digest(self._signature(token, name), signature)


def media_urls(settings: Settings) -> MediaUrls | None:
    """The signer of media URLs, or None when HOTLINE_PUBLIC_URL is not set (LINE then gets no files)."""
    if settings.public_url is None or (settings.pseudonym_key is None and settings.media_key is None):
        return None
    return MediaUrls(settings.public_url, settings.media_key_bytes())


@dataclass(frozen=True)
class StoredFile:
    mime: str
    data: bytes
    preview: bytes | None
    duration_ms: int | None


class MediaFiles:
    """Reads kept files for the channels (uploads) and the route (LINE's fetches)."""

    def __init__(self, db: Database, clock: Callable[[], dt.datetime]) -> None:
        self._db = db
        self._clock = clock

    async def for_upload(self, token: str) -> StoredFile | None:
        async with self._db.transaction() as session:
            media = await media_by_token(session, token)
            return None if media is None else StoredFile(media.mime, media.data, media.preview, media.duration_ms)

    async def for_serving(self, token: str) -> StoredFile | None:
        async with self._db.transaction() as session:
            media = await servable_media(session, token, self._clock())
            return None if media is None else StoredFile(media.mime, media.data, media.preview, media.duration_ms)


@runtime_checkable
class MediaChannel(Protocol):
    """A channel that can download the files people send on it."""

    async def fetch_media(self, inbound: Inbound) -> Download:
        """Raises handlers.media's MediaTooLarge, MediaUnavailable or MediaGone."""
        ...


class ChannelMediaFetcher:
    """The handlers' MediaFetcher: asks the channel the file was sent on."""

    def __init__(self, channels: Mapping[str, object]) -> None:
        # Any channel; those that are MediaChannels can download. (Typed loosely: the channels import this module.)
        self._channels = channels

    async def fetch(self, inbound: Inbound) -> Download:
        from handlers.media import MediaGone

        channel = self._channels.get(inbound.channel)
        if not isinstance(channel, MediaChannel):
            raise MediaGone(f"{inbound.channel} cannot download files")
        return await channel.fetch_media(inbound)


@functools.cache
def video_placeholder() -> bytes:
    """The preview LINE shows for a video before it plays: a grey frame with a play sign (we cannot decode video)."""
    image = Image.new("RGB", (480, 270), (90, 90, 90))
    ImageDraw.Draw(image).polygon([(210, 95), (210, 175), (280, 135)], fill=(240, 240, 240))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


_NOT_FOUND = Response("not found", status_code=404, media_type="text/plain")


async def serve_media(request: Request) -> Response:
    """GET /media/{token}/{signature}/{name}: the file, if the signature is right and its case allows it."""
    state: Any = request.app.state
    urls: MediaUrls | None = getattr(state, "media_urls", None)
    files: MediaFiles | None = getattr(state, "media_files", None)
    token, signature, name = (request.path_params[k] for k in ("token", "signature", "name"))
    if urls is None or files is None or not urls.verify(token, signature, name):
        log.info("media.refused", reason="signature")
        return _NOT_FOUND
    stored = await files.for_serving(token)
    if stored is None:
        log.info("media.refused", reason="gone or case closed")
        return _NOT_FOUND
    if name == PREVIEW_NAME:
        body, mime = stored.preview or video_placeholder(), "image/jpeg"
    elif name == file_name(stored.mime):
        body, mime = stored.data, stored.mime
    else:
        return _NOT_FOUND
    inline = mime.startswith(("image/", "audio/", "video/"))
    headers = {
        "Cache-Control": "private, max-age=3600",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'{"inline" if inline else "attachment"}; filename="{name}"',
        "Referrer-Policy": "no-referrer",
    }
    return Response(body, media_type=mime, headers=headers)
