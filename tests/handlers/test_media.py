"""Photos, voice notes and documents between a migrant and their supporter, through the real SDKs and the fakes.

The migrant Mai writes on LINE in Vietnamese from Gunma; Lan, the North Kanto supporter of the demo network,
answers on Telegram. Files are downloaded from the fakes (LINE's content endpoint, Telegram's getFile and file
path), stripped, kept with the case, uploaded to Telegram and fetched by "LINE" from the app's signed URLs.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from bot.demo import LAN_CHAT, seed_network
from bot.playground import Person
from bot.sandbox.hotline import PUBLIC_URL, SandboxHotline
from handlers.context import Services
from handlers.i18n import translator
from storage.db import Database
from storage.models import Case, MediaFile
from tests.bot.test_spec_conformance import SPECS, line_validator, telegram_problems
from tests.media_samples import (
    ARTIST,
    DEVICE,
    audio_of,
    m4a_voice,
    metadata_of,
    mp4_video,
    ogg_opus_voice,
    pdf_document,
    photo_with_gps,
    real_m4a_voice,
    real_ogg_opus_voice,
)

SOKHA_LINE = "U" + "5c" * 16  # the demo network's Khmer-speaking supporter in the capital hub, on LINE


@pytest.fixture
async def play(db: Database, services: Services) -> AsyncIterator[SandboxHotline]:
    await seed_network(db, services.pseudonym_key, services.clock())
    hotline = SandboxHotline(db, services)
    async with hotline.running():
        yield hotline


async def intake_until_question(play: SandboxHotline, migrant: Person, language: str, place: str) -> None:
    await play.say(migrant, "Xin chào")
    await play.tap(migrant, f"lang:{language}")
    await play.tap(migrant, "consent:yes")
    await play.tap(migrant, "urgency:normal")
    await play.say(migrant, place)
    await play.tap(migrant, "topic:work")


async def open_accepted_case(play: SandboxHotline, migrant: Person, helper: Person, place: str, lang: str) -> None:
    await intake_until_question(play, migrant, lang, place)
    await play.say(migrant, "Công ty không trả lương.")
    await play.tap(migrant, "intake:done")
    await play.tap(migrant, "confirm:send")
    await play.tap(helper, play.button(play.received(helper), "offer:accept"))
    play.news(migrant)
    play.news(helper)


def telegram_shown(play: SandboxHotline, person: Person) -> list[dict[str, Any]]:
    return play.telegram.delivered.get(int(person.address), [])


def line_shown(play: SandboxHotline, person: Person) -> list[dict[str, Any]]:
    return play.line.messages_to(person.address)


async def fetch_as_line(play: SandboxHotline, url: str) -> httpx.Response:
    """What LINE's servers get when they fetch `url`: asked of the app where it listens."""
    assert url.startswith(PUBLIC_URL + "/media/")
    async with httpx.AsyncClient() as client:
        return await client.get(play.local_url + url.removeprefix(PUBLIC_URL))


def assert_clean_pdf(pdf: bytes) -> None:
    """A PDF anyone can open, with the page the person sent, and nothing about who or what made it."""
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert reader.metadata is None
    assert "/Metadata" not in reader.trailer["/Root"]
    assert ARTIST.encode() not in pdf
    assert DEVICE.encode() not in pdf


def assert_no_metadata(jpeg: bytes) -> None:
    assert jpeg.startswith(b"\xff\xd8")
    assert metadata_of(jpeg) == {}
    assert ARTIST.encode() not in jpeg
    assert DEVICE.encode() not in jpeg


async def test_a_line_photo_sent_with_the_question_reaches_the_supporter_who_accepts_without_its_gps(
    play: SandboxHotline,
) -> None:
    migrant = play.person("line", "vi")
    lan = play.adopt(Person("telegram", LAN_CHAT))
    await intake_until_question(play, migrant, "vi", "Gunma")
    photo = photo_with_gps()
    reply = await play.send_file(migrant, "image", photo, "image/jpeg")
    assert reply[-1].text == translator("vi").gettext("Received. Write more, or tap “Done”.")
    await play.say(migrant, "Thư này nói gì?")
    summary = await play.tap(migrant, "intake:done")
    assert translator("vi").gettext("Files attached: {n}", n=1) in summary[-1].text
    await play.tap(migrant, "confirm:send")

    # The candidate sees the case card, not the photo.
    assert not [m for m in telegram_shown(play, lan) if "photo" in m]
    assert any(r.path.endswith("/content") for r in play.line.requests)

    await play.tap(lan, play.button(play.received(lan), "offer:accept"))
    photos = [m for m in telegram_shown(play, lan) if "photo" in m]
    assert len(photos) == 1
    assert translator("ja").gettext("The person sent a photo.") in photos[0]["caption"]
    uploaded = play.telegram.uploaded(photos[0])
    assert_no_metadata(uploaded)
    with Image.open(io.BytesIO(uploaded)) as image:
        assert image.size == (800, 600)
    for request in play.telegram.requests if SPECS.is_dir() else []:  # the specs live beside the repository
        method = request.path.rsplit("/", 1)[-1]
        if method in ("sendPhoto", "getFile"):
            assert telegram_problems(method, request.body or {}) == []


async def test_a_telegram_photo_reaches_the_line_migrant_at_signed_https_urls_served_without_exif(
    play: SandboxHotline, db: Database
) -> None:
    migrant = play.person("line", "vi")
    lan = play.adopt(Person("telegram", LAN_CHAT))
    await open_accepted_case(play, migrant, lan, "Gunma", "vi")

    await play.send_file(lan, "image", photo_with_gps((1200, 900)), "image/jpeg", caption="Đây là mẫu đơn.")
    images = [m for m in line_shown(play, migrant) if m["type"] == "image"]
    assert len(images) == 1
    image = images[0]
    assert image["originalContentUrl"].startswith(PUBLIC_URL + "/media/")
    assert image["previewImageUrl"].startswith(PUBLIC_URL + "/media/")
    texts = play.line.texts_to(migrant.address)
    assert any(translator("vi").gettext("Your supporter sent a photo.") in t and "Đây là mẫu đơn." in t for t in texts)
    pushes = [r for r in play.line.requests if r.path == "/v2/bot/message/push" and r.status == 200]
    for push in pushes if SPECS.is_dir() else []:
        assert [e.message for e in line_validator("PushMessageRequest").iter_errors(push.body)] == []

    original = await fetch_as_line(play, image["originalContentUrl"])
    assert original.status_code == 200
    assert original.headers["content-type"] == "image/jpeg"
    assert_no_metadata(original.content)
    assert len(original.content) <= 10 * 1024 * 1024
    preview = await fetch_as_line(play, image["previewImageUrl"])
    assert preview.status_code == 200
    assert len(preview.content) <= 1024 * 1024
    assert_no_metadata(preview.content)
    with Image.open(io.BytesIO(preview.content)) as shown:
        assert max(shown.size) <= 480

    # A signature changed by one character, or a URL made for another file name, is refused.
    token, signature, name = image["originalContentUrl"].removeprefix(PUBLIC_URL + "/media/").split("/")
    tampered = ("A" if signature[0] != "A" else "B") + signature[1:]
    refused = await fetch_as_line(play, f"{PUBLIC_URL}/media/{token}/{tampered}/{name}")
    assert refused.status_code == 404
    renamed = await fetch_as_line(play, f"{PUBLIC_URL}/media/{token}/{signature}/document.pdf")
    assert renamed.status_code == 404

    # Closed long enough ago, the case's files are no longer served.
    async with db.transaction() as session:
        case = (await session.scalars(select(Case))).one()
        case.status, case.closed_at = "closed", play.services.clock() - dt.timedelta(days=4)
    assert (await fetch_as_line(play, image["originalContentUrl"])).status_code == 404


async def test_voice_notes_and_pdfs_travel_both_ways_in_a_form_the_other_side_can_open(play: SandboxHotline) -> None:
    migrant = play.person("line", "vi")
    lan = play.adopt(Person("telegram", LAN_CHAT))
    await open_accepted_case(play, migrant, lan, "Gunma", "vi")

    # LINE voice message (M4A) -> Telegram audio, playable in the app, without the place the phone wrote in it.
    voice = m4a_voice(4200)
    await play.send_file(migrant, "audio", voice, "audio/mp4", duration_ms=4200)
    audio = [m for m in telegram_shown(play, lan) if "audio" in m]
    assert len(audio) == 1
    assert audio[0]["audio"]["duration"] == 4
    received_voice = play.telegram.uploaded(audio[0])
    assert b"+35.6586+139.7454" not in received_voice
    assert DEVICE.encode() not in received_voice
    assert received_voice[:8] == voice[:8]
    assert received_voice.endswith(voice[-64:])

    # LINE file (PDF) -> Telegram document with the same pages, without its author, named by its format only.
    pdf = pdf_document()
    await play.send_file(migrant, "file", pdf, "application/pdf")
    documents = [m for m in telegram_shown(play, lan) if "document" in m]
    assert_clean_pdf(play.telegram.uploaded(documents[-1]))
    assert documents[-1]["document"]["file_name"] == "document.pdf"

    # Telegram voice note (OGG/Opus) -> LINE: LINE plays only M4A, so a link to the voice note served by us.
    ogg = ogg_opus_voice(3000)
    await play.send_file(lan, "audio", ogg, "audio/ogg", duration_ms=3000)
    link_texts = [t for t in play.line.texts_to(migrant.address) if "/voice.ogg" in t]
    assert len(link_texts) == 1
    assert translator("vi").gettext("Your supporter sent a voice message.") in link_texts[0]
    url = link_texts[0].rsplit("\n", 1)[-1]
    fetched = await fetch_as_line(play, url)
    assert fetched.status_code == 200
    assert fetched.content == ogg
    assert fetched.headers["content-type"] == "audio/ogg"

    # Telegram PDF -> LINE: a link to the document.
    await play.send_file(lan, "file", pdf, "application/pdf")
    pdf_texts = [t for t in play.line.texts_to(migrant.address) if "/document.pdf" in t]
    fetched = await fetch_as_line(play, pdf_texts[-1].rsplit("\n", 1)[-1])
    assert_clean_pdf(fetched.content)
    assert fetched.headers["content-type"] == "application/pdf"
    assert fetched.headers["content-disposition"].startswith("attachment")

    # Telegram M4A audio -> LINE: an audio message with its length.
    await play.send_file(lan, "audio", m4a_voice(2500), "audio/mp4", duration_ms=2500)
    audio_messages = [m for m in line_shown(play, migrant) if m["type"] == "audio"]
    assert len(audio_messages) == 1
    assert audio_messages[0]["duration"] == 2500


async def test_a_line_migrant_s_telegram_voice_note_plays_as_a_voice_note(play: SandboxHotline) -> None:
    migrant = play.person("telegram", "km")
    sokha = play.adopt(Person("line", SOKHA_LINE))
    await open_accepted_case(play, migrant, sokha, "Tokyo", "km")
    await play.send_file(migrant, "audio", ogg_opus_voice(5000), "audio/ogg", duration_ms=5000)
    # Sokha is on LINE: the voice note comes as a link she can open.
    assert any("/voice.ogg" in t for t in play.line.texts_to(SOKHA_LINE))
    await play.send_file(migrant, "image", photo_with_gps(), "image/jpeg")
    assert [m for m in line_shown(play, sokha) if m["type"] == "image"]
    # And back: Sokha's photo reaches the Telegram migrant as an uploaded photo.
    await play.send_file(sokha, "image", photo_with_gps(), "image/jpeg")
    photos = [m for m in telegram_shown(play, migrant) if "photo" in m]
    assert_no_metadata(play.telegram.uploaded(photos[-1]))


async def test_erasure_removes_the_media_and_their_urls_stop_working(play: SandboxHotline, db: Database) -> None:
    migrant = play.person("line", "vi")
    lan = play.adopt(Person("telegram", LAN_CHAT))
    await open_accepted_case(play, migrant, lan, "Gunma", "vi")
    await play.send_file(migrant, "image", photo_with_gps(), "image/jpeg")
    await play.send_file(lan, "image", photo_with_gps(), "image/jpeg")
    url = next(m for m in line_shown(play, migrant) if m["type"] == "image")["originalContentUrl"]
    assert (await fetch_as_line(play, url)).status_code == 200
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(MediaFile)) == 2

    await play.say(migrant, "/delete")
    await play.tap(migrant, "erase:yes")
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(MediaFile)) == 0
    assert (await fetch_as_line(play, url)).status_code == 404


async def test_an_oversized_file_gets_a_kind_answer_in_the_sender_s_language(play: SandboxHotline) -> None:
    migrant = play.person("telegram", "vi")
    await intake_until_question(play, migrant, "vi", "Gunma")
    update = play.telegram.media_update(
        int(migrant.address), "document", pdf_document(), mime_type="application/pdf", declared_size=25 * 1024 * 1024
    )
    reply = await play.telegram_update(migrant, update)
    too_large = "This file is too large to pass on (at most 20 MB). Could you send a smaller one, or a photo?"
    assert [m.text for m in reply] == [translator("vi").gettext(too_large)]
    assert translator("vi").gettext(too_large) != too_large
    # Nothing broke: the question goes on.
    await play.say(migrant, "Công ty không trả lương.")
    summary = await play.tap(migrant, "intake:done")
    assert "Công ty không trả lương." in summary[-1].text


async def test_an_unreadable_photo_gets_a_kind_answer(play: SandboxHotline) -> None:
    migrant = play.person("line", "vi")
    await intake_until_question(play, migrant, "vi", "Gunma")
    reply = await play.send_file(migrant, "image", b"\xff\xd8\xff\xe0 not really a jpeg", "image/jpeg")
    assert [m.text for m in reply] == [
        translator("vi").gettext("We could not open this file. Could you send it again, as a photo or a PDF?")
    ]


async def test_a_failing_download_is_retried_then_reported_to_the_supporter(play: SandboxHotline) -> None:
    migrant = play.person("line", "vi")
    lan = play.adopt(Person("telegram", LAN_CHAT))
    await open_accepted_case(play, migrant, lan, "Gunma", "vi")

    play.line.fail_next(500, 2)  # two failures, then LINE answers
    await play.send_file(migrant, "image", photo_with_gps(), "image/jpeg")
    assert len([m for m in telegram_shown(play, lan) if "photo" in m]) == 1
    content_calls = [r for r in play.line.requests if r.path.endswith("/content")]
    assert [r.status for r in content_calls[-3:]] == [500, 500, 200]

    play.line.fail_next(500, 3)  # never answers within the retries
    reply = await play.send_file(migrant, "image", photo_with_gps(), "image/jpeg")
    assert [m.text for m in reply] == [
        translator("vi").gettext("We could not receive your file. Please try sending it again.")
    ]
    reported = play.telegram.texts_to(int(lan.address))[-1]
    assert (
        translator("ja").gettext(
            "The person sent a file, but it could not be downloaded. Please ask them to send it again."
        )
        in reported
    )


async def test_a_video_travels_both_ways_with_a_preview_line_can_show(play: SandboxHotline) -> None:
    migrant = play.person("line", "vi")
    lan = play.adopt(Person("telegram", LAN_CHAT))
    await open_accepted_case(play, migrant, lan, "Gunma", "vi")

    # LINE video -> Telegram sendVideo, after LINE said the video is ready.
    await play.send_file(migrant, "video", mp4_video(6000), "video/mp4", duration_ms=6000)
    assert any(r.path.endswith("/content/transcoding") for r in play.line.requests)
    videos = [m for m in telegram_shown(play, lan) if "video" in m]
    assert len(videos) == 1
    assert videos[0]["video"]["duration"] == 6
    assert b"+35.6586+139.7454" not in play.telegram.uploaded(videos[0])

    # Telegram video -> LINE video message; its preview is an image we serve, within LINE's 1 MB.
    await play.send_file(lan, "video", mp4_video(3000), "video/mp4", duration_ms=3000)
    shown = [m for m in line_shown(play, migrant) if m["type"] == "video"]
    assert len(shown) == 1
    preview = await fetch_as_line(play, shown[0]["previewImageUrl"])
    assert preview.status_code == 200
    assert preview.headers["content-type"] == "image/jpeg"
    assert len(preview.content) <= 1024 * 1024
    original = await fetch_as_line(play, shown[0]["originalContentUrl"])
    assert original.headers["content-type"] == "video/mp4"
    assert original.content[4:8] == b"ftyp"


async def test_real_voice_notes_play_as_voice_notes_on_the_other_side(play: SandboxHotline) -> None:
    migrant = play.person("line", "vi")
    lan = play.adopt(Person("telegram", LAN_CHAT))
    await open_accepted_case(play, migrant, lan, "Gunma", "vi")

    # Telegram voice note (OGG/Opus) -> LINE: a real audio message with its length, at an M4A LINE plays.
    await play.send_file(lan, "audio", real_ogg_opus_voice(2.0), "audio/ogg", duration_ms=2000)
    audio = [m for m in line_shown(play, migrant) if m["type"] == "audio"]
    assert len(audio) == 1
    assert 1900 <= audio[0]["duration"] <= 2200
    assert audio[0]["originalContentUrl"].endswith("/voice.m4a")
    fetched = await fetch_as_line(play, audio[0]["originalContentUrl"])
    assert fetched.status_code == 200
    assert fetched.headers["content-type"] == "audio/mp4"
    container, seconds, tags = audio_of(fetched.content)
    assert "m4a" in container
    assert 1.9 <= seconds <= 2.2
    assert not {"artist", "title", "encoder"} & tags.keys()
    assert ARTIST.encode() not in fetched.content

    # LINE voice message (M4A) -> Telegram: sendVoice with OGG/Opus, so it plays as a voice note.
    await play.send_file(migrant, "audio", real_m4a_voice(3.0), "audio/mp4", duration_ms=3000)
    voices = [m for m in telegram_shown(play, lan) if "voice" in m]
    assert len(voices) == 1
    assert voices[0]["voice"]["duration"] == 3
    received = play.telegram.uploaded(voices[0])
    assert received.startswith(b"OggS")
    container, seconds, tags = audio_of(received)
    assert container == "ogg"
    assert 2.9 <= seconds <= 3.2
    assert not {"artist", "title"} & tags.keys()
    assert ARTIST.encode() not in received
    assert DEVICE.encode() not in received


async def test_a_pdf_that_cannot_be_cleaned_is_not_passed_on(play: SandboxHotline, db: Database) -> None:
    migrant = play.person("line", "vi")
    lan = play.adopt(Person("telegram", LAN_CHAT))
    await open_accepted_case(play, migrant, lan, "Gunma", "vi")
    broken = b"%PDF-1.7\n/Author (" + ARTIST.encode() + b")\nnot a real PDF body\n%%EOF\n"
    reply = await play.send_file(migrant, "file", broken, "application/pdf")
    asked = "We could not pass on this PDF safely, so it was not sent. Could you send a photo of its pages instead?"
    assert [m.text for m in reply] == [translator("vi").gettext(asked)]
    assert translator("vi").gettext(asked) != asked
    assert not [m for m in telegram_shown(play, lan) if "document" in m]
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(MediaFile)) == 0


async def test_an_oversized_line_file_is_refused_while_it_streams(play: SandboxHotline, db: Database) -> None:
    migrant = play.person("line", "vi")
    await intake_until_question(play, migrant, "vi", "Gunma")
    message_id = play.line.user_sends_content(b"%PDF-1.4\n" + bytes(21 * 1024 * 1024), "application/pdf", chunked=True)
    event = {"type": "file", "id": message_id, "fileName": "scan.pdf", "fileSize": 1000}  # it says it is small
    reply = await play.line_event(migrant, {"type": "message", "message": event})
    too_large = "This file is too large to pass on (at most 20 MB). Could you send a smaller one, or a photo?"
    assert [m.text for m in reply] == [translator("vi").gettext(too_large)]
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(MediaFile)) == 0
