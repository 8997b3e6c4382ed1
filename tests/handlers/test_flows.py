"""A migrant's intake state is typed, survives the JSON column, and rows stored before it was typed still work."""

from __future__ import annotations

from sqlalchemy import select

from bot.playground import Playground
from handlers.context import Services
from handlers.flows import IntakeState
from storage.db import Database
from storage.models import Case, Conversation


def test_the_intake_round_trips_through_json_and_keeps_other_keys() -> None:
    state = IntakeState(
        urgency="danger",
        prefecture=10,
        hub="north_kanto",
        topic="work",
        question=("Công ty không trả lương", "3 tháng"),
        media=(4, 9),
        editing=True,
        other={"choosing_language": True},
    )
    stored = state.to_json()
    assert stored["question"] == ["Công ty không trả lương", "3 tháng"]
    assert stored["choosing_language"] is True
    assert IntakeState.from_json(stored) == state


def test_rows_written_before_typed_state_are_read() -> None:
    old = {"urgency": "normal", "prefecture": 13, "hub": "kanto", "question": [], "editing": False, "case_id": 5}
    state = IntakeState.from_json(old)
    assert state == IntakeState(urgency="normal", prefecture=13, hub="kanto", other={"case_id": 5})
    assert IntakeState.from_json({}) == IntakeState()


async def test_a_consultation_stored_half_way_by_the_old_bot_is_sent_with_its_answers(
    db: Database, services: Services
) -> None:
    play = Playground(db, services)
    migrant = play.person("line", locale_hint="en")
    await play.say(migrant, "Hello")
    async with db.transaction() as session:
        conversation = (await session.scalars(select(Conversation))).one()
        # The shape the intake wrote before its state was typed: lists, an explicit False, a key of another flow.
        conversation.flow, conversation.step = "intake", "question"
        conversation.data = {
            "urgency": "danger",
            "prefecture": 10,
            "hub": "north_kanto",
            "topic": "work",
            "question": ["My employer has not paid me.", "For three months."],
            "editing": False,
            "choosing_language": False,
        }
    summary = await play.tap(migrant, "intake:done")
    assert "My employer has not paid me.\nFor three months." in summary[-1].text
    await play.tap(migrant, "confirm:send")
    async with db.transaction() as session:
        case = (await session.scalars(select(Case))).one()
        conversation = (await session.scalars(select(Conversation))).one()
    assert (case.hub, case.prefecture, case.topic, case.urgent) == ("north_kanto", 10, "work", True)
    assert case.question == "My employer has not paid me.\nFor three months."
    assert conversation.flow == "case"
