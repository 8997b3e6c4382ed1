"""No platform id, name or phone number from a conversation reaches the analytic log, its exports or the logs."""

from __future__ import annotations

import logging
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import structlog
from sqlalchemy import select

from bot.playground import Person, Playground
from handlers.context import Services
from storage.db import Database
from storage.exports import build_report, export_analytic_log
from storage.models import AnalyticCase, Case
from storage.supporters import add_supporter
from tests.conftest import TEST_KEY

SUPPORTER_ID = "tg-supporter-77120934"
NAMES = ("Nguyen Thi Hoa", "Tran Van Minh")
PHONES = ("090-3456-7812", "08034567812", "+81 80 3456 7812")
MIGRANTS = (
    ("line", "U4af4980629d7c2e1a0b3f5e8d9c1b2a3", "vi"),
    ("telegram", "5128834077", "vi"),
    ("line", "Ud1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6", "en"),
)


def _secrets() -> list[str]:
    return [SUPPORTER_ID, *NAMES, *PHONES, *(address for _, address, _ in MIGRANTS)]


async def _consultation(play: Playground, migrant: Person, supporter: Person) -> None:
    await play.say(migrant, "Xin chào, tôi cần giúp đỡ")
    await play.tap(migrant, "lang:vi")
    await play.tap(migrant, "consent:yes")
    await play.tap(migrant, "urgency:normal")
    await play.say(migrant, "Gunma")
    await play.tap(migrant, "topic:work")
    await play.say(migrant, f"Tôi là {NAMES[0]}, số điện thoại {PHONES[0]}. Chồng tôi {NAMES[1]} gọi {PHONES[2]}.")
    await play.tap(migrant, "intake:done")
    await play.tap(migrant, "confirm:send")
    offer = play.news(supporter)
    await play.tap(supporter, Playground.button(offer, "offer:accept"))
    await play.say(migrant, f"Gọi cho tôi: {PHONES[1]}")
    await play.say(supporter, f"Chị {NAMES[0]} ơi, tôi sẽ gọi số {PHONES[0]}.")


@pytest.fixture
def captured_logs(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Everything structlog and logging print, as text."""
    lines: list[str] = []

    def keep(_logger: object, _name: str, event: dict[str, object]) -> dict[str, object]:
        lines.append(repr(event))
        return event

    old = structlog.get_config()
    structlog.configure(processors=[keep, *old["processors"]])
    caplog.set_level(logging.INFO)  # drivers log SQL parameters at DEBUG; the service runs at INFO
    yield lines
    structlog.configure(**old)
    lines.extend(r.getMessage() + repr(r.__dict__.get("args")) for r in caplog.records)


async def test_nothing_personal_reaches_the_log_exports_or_log_lines(
    db: Database, services: Services, tmp_path: Path, captured_logs: list[str]
) -> None:
    play = Playground(db, services)
    async with db.transaction() as session:
        await add_supporter(
            session,
            TEST_KEY,
            channel="telegram",
            address=SUPPORTER_ID,
            alias="Lan",
            languages={"vi": 3, "en": 3, "ja": 2},
            hubs=["north_kanto"],
            topics=["work"],
            locale="ja",
        )
    supporter = play.person("telegram")
    supporter.address = SUPPORTER_ID
    for index, (channel, address, hint) in enumerate(MIGRANTS):
        migrant = play.person(channel, locale_hint=hint)
        migrant.address = address
        if index == 1:  # declines consent, then writes anyway: nothing of it may be kept
            await play.say(migrant, "Xin chào, tôi cần giúp đỡ")
            await play.tap(migrant, "lang:vi")
            await play.tap(migrant, "consent:no")
            await play.say(migrant, f"{NAMES[1]} {PHONES[1]}")
            continue
        await _consultation(play, migrant, supporter)
        async with db.transaction() as session:
            case = await session.scalar(select(Case).order_by(Case.id.desc()).limit(1))
        assert case is not None
        for step in ("close", "field:labour", "action:advice", "result:continued"):
            await play.tap(supporter, f"case:{case.id}:{step}")

    async with db.transaction() as session:
        rows = (await session.scalars(select(AnalyticCase))).all()
    assert len(rows) == 2
    assert all("[PHONE]" in (r.question or "") for r in rows)  # a scrubbed question is kept, with consent
    await export_analytic_log(db, tmp_path / "log.csv", "csv")
    await export_analytic_log(db, tmp_path / "log.parquet", "parquet")
    report = await build_report(db, ["topic", "language"], k=10)

    haystacks = {
        "analytic table": "\n".join(repr({c: getattr(r, c) for c in r.__table__.columns.keys()}) for r in rows),  # noqa: SIM118
        "csv export": (tmp_path / "log.csv").read_text(encoding="utf-8"),
        "parquet export": repr(pq.read_table(tmp_path / "log.parquet").to_pylist()),
        "report": report.to_text() + report.to_svg(),
        "log lines": "\n".join(captured_logs),
    }
    digits = {p: "".join(ch for ch in p if ch.isdigit()) for p in PHONES}
    for where, text in haystacks.items():
        for secret in _secrets():
            assert secret not in text, f"{secret!r} found in the {where}"
        compact = "".join(ch for ch in text if ch.isdigit())
        for phone, number in digits.items():
            assert number[-8:] not in compact, f"{phone!r} found in the {where}"
