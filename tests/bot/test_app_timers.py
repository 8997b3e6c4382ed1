"""The served app runs the timers table: a due timer fires once, and the daily retention run is booked."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import select

from bot.app import create_app
from bot.channels.recording import RecordingChannel
from bot.sandbox.serve import serve_app
from bot.settings import Settings
from handlers.context import Services
from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.models import Contact, Timer


async def test_the_app_fires_due_timers_and_books_retention(db: Database) -> None:
    now = dt.datetime.now(dt.UTC)
    async with db.transaction() as session:
        contact, _ = await find_or_create_contact(session, b"k" * 32, "line", "U-erased", now)
        session.add(Timer(kind="forget_contact", ref=f"contact:{contact.id}", due_at=now - dt.timedelta(seconds=1)))
    settings = Settings(_env_file=None, pseudonym_key="x" * 32)  # type: ignore[call-arg]
    services = Services(pseudonym_key=b"k" * 32)
    app = create_app(settings, db=db, services=services, channels={"line": RecordingChannel("line")})
    async with serve_app(app):
        for _ in range(100):
            async with db.transaction() as session:
                gone = await session.get(Contact, contact.id) is None
            if gone:
                break
            await asyncio.sleep(0.05)
    assert gone
    async with db.transaction() as session:
        kinds = (await session.scalars(select(Timer.kind).where(Timer.fired_at.is_(None)))).all()
        fired = (await session.scalars(select(Timer).where(Timer.kind == "forget_contact"))).one()
    assert kinds == ["retention"]
    assert fired.fired_at is not None
