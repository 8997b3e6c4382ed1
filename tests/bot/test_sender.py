"""The outbox sender: an outage of the platform loses nothing and sends nothing twice."""

from __future__ import annotations

from sqlalchemy import select

from bot.sandbox.fake_line import FakeLineApi
from storage.models import OutboxMessage
from tests.bot.conftest import ManualClock, Running, line_body, line_event


async def test_a_minute_of_line_500s_then_every_reply_arrives_once(
    running: Running, fake_line: tuple[FakeLineApi, str], clock: ManualClock
) -> None:
    fake = fake_line[0]
    users = [fake.add_user(f"Person {i}") for i in range(5)]
    fake.fail_for(60, status=500)
    for number, user in enumerate(users):
        for turn in range(2):
            message = {"type": "text", "id": f"{number}{turn}", "text": f"m{number}-{turn}"}
            event = line_event("message", user, f"ev-{number}-{turn}", message=message)
            assert (await running.post_line(line_body(event))).status_code == 200

    for _ in range(200):  # ten simulated minutes in 3 s steps
        await running.drain()
        clock.advance(3)

    for number, user in enumerate(users):
        assert fake.texts_to(user) == [f"text:m{number}-0", f"text:m{number}-1"]
    assert any(r.status == 500 for r in fake.requests)
    async with running.state.db.transaction() as session:
        statuses = (await session.scalars(select(OutboxMessage.status))).all()
    assert statuses == ["sent"] * 10


async def test_a_push_accepted_before_a_lost_answer_is_not_sent_again(
    running: Running, fake_line: tuple[FakeLineApi, str], clock: ManualClock
) -> None:
    fake = fake_line[0]
    user = fake.add_user("Mai")
    message = {"type": "text", "id": "1", "text": "hi"}
    await running.post_line(line_body(line_event("message", user, "ev-x", message=message)))
    await running.drain()
    # The platform took it, but our record of it was lost: the row is due again.
    async with running.state.db.transaction() as session:
        row = (await session.scalars(select(OutboxMessage))).one()
        row.status = "pending"
        row.next_attempt_at = clock()

    await running.drain()

    assert [r.status for r in fake.requests] == [200, 409]
    assert fake.texts_to(user) == ["text:hi"]


async def test_a_permanent_refusal_fails_the_row_without_a_platform_id(
    running: Running, fake_line: tuple[FakeLineApi, str]
) -> None:
    fake = fake_line[0]
    user = fake.add_user("Mai")
    fake.fail_next(403)
    await running.post_line(
        line_body(line_event("message", user, "ev-p", message={"type": "text", "id": "1", "text": "x"}))
    )
    await running.drain()

    async with running.state.db.transaction() as session:
        row = (await session.scalars(select(OutboxMessage))).one()
    assert row.status == "failed"
    assert row.last_error is not None
    assert row.last_error.startswith("LINE 403")
    assert user not in row.last_error
