"""`hotline demo`: the hotline on its embedded default, a fresh SQLite file, with a seeded network.

Everything runs for real on loopback: our webhook app, the LINE and Telegram SDKs, and fake LINE and Telegram
servers standing in for the platforms (`bot.sandbox`). `--script` plays a whole consultation without prompts: a
Vietnamese worker in Gunma writes on LINE, goes through intake with a photo of a letter from her employer, a
Vietnamese-speaking supporter on Telegram accepts the case and receives the photo without its EXIF (place, device),
they talk through the bot, and the case is closed with an outcome. Without `--script`, you type as the migrant
(numbers tap buttons) and as the supporter (lines starting with `s:`).
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections.abc import Callable
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw

from bot.playground import Person
from bot.sandbox.hotline import SandboxHotline
from handlers.context import Services
from handlers.messages import Outbound
from scheduler.hubs import load_hub_map
from storage.db import Database
from storage.models import Case, ConsultationDay, Hub
from storage.supporters import add_supporter

DEMO_KEY = b"demo-only-pseudonym-key-not-for-production"
LAN_CHAT = "7000100"  # Telegram chat ids of the seeded supporter and coordinator
COORDINATOR_CHAT = "7000900"

Print = Callable[[str], None]


async def seed_network(db: Database, key: bytes, now: dt.datetime) -> None:
    """Hubs from the hub map and a small network of supporters with languages, hubs and topics."""
    hub_map = load_hub_map()
    async with db.transaction() as session:
        for hub in hub_map.hubs.values():
            session.add(Hub(code=hub.code, name_ja=hub.name_ja, name_en=hub.name_en))
        people = [
            (
                "telegram",
                LAN_CHAT,
                "Lan",
                {"vi": 3, "ja": 2},
                ["north_kanto"],
                ["work", "residence"],
                "ja",
                ["vi"],
            ),
            (
                "line",
                "U" + "5c" * 16,
                "Sokha",
                {"km": 3, "ja": 2},
                ["capital"],
                ["work", "living"],
                "ja",
                ["km"],
            ),
            (
                "line",
                "U" + "a4" * 16,
                "Ana",
                {"pt_BR": 3, "es": 2, "ja": 2},
                ["chubu_tokai"],
                ["work", "children"],
                "pt_BR",
                [],
            ),
            ("telegram", "7000200", "Sato", {"ja": 3, "en": 2}, ["north_kanto", "capital"], [], "ja", []),
        ]
        for channel, address, alias, languages, hubs, topics, locale, roots in people:
            await add_supporter(
                session,
                key,
                channel=channel,
                address=address,
                alias=alias,
                languages=languages,
                hubs=hubs,
                topics=topics,
                locale=locale,
                roots=roots,
                now=now,
            )
        await add_supporter(
            session,
            key,
            channel="telegram",
            address=COORDINATOR_CHAT,
            alias="Coordinator",
            languages={},
            hubs=list(hub_map.hubs),
            locale="ja",
            coordinator=True,
            available=False,
            now=now,
        )
        session.add(
            ConsultationDay(
                title="North Kanto online consultation day",
                starts_at=now + dt.timedelta(days=12),
                ends_at=now + dt.timedelta(days=12, hours=6),
                hubs=["north_kanto", "capital"],
                languages=["vi", "km", "pt_BR", "ja_easy"],
            )
        )


def letter_photo() -> bytes:
    """A phone's photo of a letter from the employer, with what phones write into EXIF: place, device, owner."""
    image = Image.new("RGB", (900, 1200), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.text((60, 60), "NOTICE OF DISMISSAL / 解雇通知書", fill=(20, 20, 20))
    for line in range(18):
        draw.rectangle((60, 140 + line * 52, 840 - (line % 3) * 90, 156 + line * 52), fill=(70, 70, 70))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "PhoneMaker X10"
    exif[ExifTags.Base.Artist] = "Nguyen Thi Mai"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (36.0, 23.0, 24.0),  # a dormitory in Gunma
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (139.0, 3.0, 40.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=85)
    return out.getvalue()


def describe_exif(jpeg: bytes) -> str:
    with Image.open(io.BytesIO(jpeg)) as image:
        exif = image.getexif()
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        if not exif:
            return "no EXIF: no place, no device, no owner"
        where = f"GPS {gps.get(ExifTags.GPS.GPSLatitude)}" if gps else "no GPS"
        return f"EXIF: {where}, device {exif.get(ExifTags.Base.Model)}, owner {exif.get(ExifTags.Base.Artist)}"


def _show(out: Print, who: str, messages: list[Outbound], width: int = 78) -> None:
    for message in messages:
        out(f"  ┌─ {who}")
        for line in message.text.splitlines() or [""]:
            for part in textwrap.wrap(line, width - 6) or [""]:
                out(f"  │ {part}")
        for number, button in enumerate(message.buttons, 1):
            out(f"  │   [{number}] {button.label}")
        out("  └─")


class Demo:
    """The demo's people on the sandbox: the real app, SDKs and loopback fakes of LINE and Telegram."""

    def __init__(self, play: SandboxHotline, out: Print) -> None:
        self.play = play
        self.out = out
        self.migrant = play.person("line", "vi")
        self.supporter = play.adopt(Person("telegram", LAN_CHAT))
        self.coordinator = play.adopt(Person("telegram", COORDINATOR_CHAT))

    def _after(self, person: Person, label: str, reply: list[Outbound]) -> None:
        _show(self.out, label, reply)
        for other, other_label in (
            (self.supporter, "Supporter Lan · Telegram"),
            (self.migrant, "Migrant · LINE"),
            (self.coordinator, "Coordinator · Telegram"),
        ):
            if other is not person:
                news = self.play.news(other)
                if news:
                    _show(self.out, other_label, news)

    async def migrant_says(self, text: str) -> list[Outbound]:
        self.out(f"\nMigrant (LINE) writes: {text}")
        reply = await self.play.say(self.migrant, text)
        self._after(self.migrant, "Migrant · LINE", reply)
        return reply

    async def migrant_taps(self, messages: list[Outbound], prefix: str) -> list[Outbound]:
        payload = self.play.button(messages, prefix)
        label = next(b.label for m in messages for b in m.buttons if b.payload == payload)
        self.out(f"\nMigrant (LINE) taps: [{label}]")
        reply = await self.play.tap(self.migrant, payload)
        self._after(self.migrant, "Migrant · LINE", reply)
        return reply

    async def migrant_sends_photo(self, photo: bytes) -> list[Outbound]:
        self.out(f"\nMigrant (LINE) sends a photo of a letter ({len(photo) // 1024} kB, {describe_exif(photo)})")
        reply = await self.play.send_file(self.migrant, "image", photo, "image/jpeg")
        self._after(self.migrant, "Migrant · LINE", reply)
        return reply

    def show_photos_received(self) -> None:
        """What the supporter's Telegram actually received: the uploaded bytes, read back from the fake."""
        for message in self.play.telegram.delivered.get(int(LAN_CHAT), []):
            if "photo" in message:
                photo = self.play.telegram.uploaded(message)
                self.out(f"  (Lan's Telegram holds the photo: {len(photo) // 1024} kB, {describe_exif(photo)})")

    async def supporter_says(self, text: str) -> list[Outbound]:
        self.out(f"\nSupporter Lan (Telegram) writes: {text}")
        reply = await self.play.say(self.supporter, text)
        self._after(self.supporter, "Supporter Lan · Telegram", reply)
        return reply

    async def supporter_taps(self, payload: str) -> list[Outbound]:
        shown = self.play.received(self.supporter)
        label = next((b.label for m in reversed(shown) for b in m.buttons if b.payload == payload), payload)
        self.out(f"\nSupporter Lan (Telegram) taps: [{label}]")
        reply = await self.play.tap(self.supporter, payload)
        self._after(self.supporter, "Supporter Lan · Telegram", reply)
        return reply

    async def script(self) -> Case:
        out = self.out
        out("=== A consultation on the hotline (scripted) ===")
        out("A Vietnamese worker in Gunma writes to the LINE account; Lan, a volunteer with Vietnamese roots")
        out("in the North Kanto hub, answers from her own Telegram. Neither sees the other's account.")
        reply = await self.migrant_says("Xin chào, tôi cần giúp đỡ về lương")
        reply = await self.migrant_taps(reply, "lang:vi")
        reply = await self.migrant_taps(reply, "consent:yes")
        reply = await self.migrant_taps(reply, "urgency:normal")
        reply = await self.migrant_says("Gunma")
        reply = await self.migrant_taps(reply, "topic:work")
        await self.migrant_sends_photo(letter_photo())
        await self.migrant_says("Công ty không trả lương cho tôi 3 tháng rồi, khoảng 45万円. Thư này nói gì?")
        reply = await self.migrant_taps(reply, "intake:done")
        reply = await self.migrant_taps(reply, "confirm:send")
        async with self.play.db.transaction() as session:
            from sqlalchemy import select

            case = (await session.scalars(select(Case).order_by(Case.id.desc()).limit(1))).one()
        offer = self.play.received(self.supporter)
        await self.supporter_taps(self.play.button(offer, "offer:accept"))
        self.show_photos_received()
        await self.migrant_says("Tôi làm ở nhà máy. Tôi có hợp đồng lao động.")
        await self.supporter_says(
            "Cảm ơn chị. Chị hãy giữ hợp đồng và bảng lương. Chúng tôi sẽ cùng chị đến Sở Lao động (労働基準監督署)."
        )
        await self.supporter_says("/cases")
        await self.supporter_taps(f"case:{case.id}:close")
        await self.supporter_taps(f"case:{case.id}:field:labour")
        await self.supporter_taps(f"case:{case.id}:fields_done")
        await self.supporter_taps(f"case:{case.id}:action:accompanied")
        await self.supporter_taps(f"case:{case.id}:result:resolved")
        async with self.play.db.transaction() as session:
            closed = await session.get(Case, case.id)
        if closed is None:
            raise RuntimeError(f"the demo's case {case.number} is gone")
        out(f"\n=== Case {closed.number}: {closed.status} · outcome {closed.outcome} ===")
        return closed

    async def interactive(self, read: Callable[[str], str]) -> None:
        out = self.out
        out("Type as the migrant on LINE. A number taps a button of the last message.")
        out("Start a line with 's:' to write as supporter Lan on Telegram (numbers work there too). Ctrl-D ends.")
        last = {"migrant": [], "supporter": []}  # type: dict[str, list[Outbound]]
        while True:
            try:
                line = read("> ").strip()
            except EOFError:
                out("")
                return
            as_supporter = line.startswith("s:")
            text = line[2:].strip() if as_supporter else line
            person = self.supporter if as_supporter else self.migrant
            role = "supporter" if as_supporter else "migrant"
            shown = last[role] or self.play.received(person)[-1:]
            buttons = [b for m in shown[-1:] for b in m.buttons]
            if text.isdigit() and 1 <= int(text) <= len(buttons):
                button = buttons[int(text) - 1]
                reply = await self.play.tap(person, button.payload)
            elif text:
                reply = await self.play.say(person, text)
            else:
                continue
            self._after(person, "Migrant · LINE" if role == "migrant" else "Supporter Lan · Telegram", reply)
            last[role] = reply or last[role]
            other = "supporter" if role == "migrant" else "migrant"
            received = self.play.received(self.supporter if other == "supporter" else self.migrant)
            if received:
                last[other] = received[-1:]


def fresh_database_file(path: Path) -> None:
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)


async def run_demo(path: Path, *, scripted: bool, out: Print = print, read: Callable[[str], str] = input) -> None:
    """Play the demo on the SQLite file at `path` (the CLI removes an old one first)."""
    db = Database(f"sqlite:///{path}")
    services = Services(pseudonym_key=DEMO_KEY)
    try:
        await db.create_all()
        await seed_network(db, DEMO_KEY, services.clock())
        async with SandboxHotline(db, services).running() as play:
            demo = Demo(play, out)
            if scripted:
                await demo.script()
            else:
                await demo.interactive(read)
    finally:
        await db.dispose()
