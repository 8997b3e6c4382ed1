"""Steps that many scenario tests share, played through the real handlers."""

from __future__ import annotations

from sqlalchemy import select

from bot.playground import Person, Playground
from storage.models import Case


async def open_case(
    play: Playground, migrant: Person, question: str, *, language: str = "pt_BR", prefecture: str = "Aichi"
) -> Case:
    """A migrant goes through the whole intake and sends their question; returns the case it opened."""
    await play.say(migrant, "Olá, preciso de ajuda")
    await play.tap(migrant, f"lang:{language}")
    await play.tap(migrant, "consent:yes")
    await play.tap(migrant, "urgency:normal")
    await play.say(migrant, prefecture)
    await play.tap(migrant, "topic:work")
    await play.say(migrant, question)
    await play.tap(migrant, "intake:done")
    await play.tap(migrant, "confirm:send")
    async with play.db.transaction() as session:
        return (await session.scalars(select(Case).order_by(Case.id.desc()).limit(1))).one()
