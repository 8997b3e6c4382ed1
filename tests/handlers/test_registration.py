"""A volunteer joins with an invite code, sets up their profile with buttons, then pauses and resumes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.playground import Playground
from handlers.context import Services
from storage.db import Database
from storage.invites import issue_invite
from storage.models import Contact, Supporter
from tests.conftest import Clock


async def _profile(db: Database) -> Supporter:
    async with db.transaction() as session:
        return (await session.scalars(select(Supporter))).one()


async def test_a_volunteer_registers_with_an_invite_code_and_buttons(
    db: Database, services: Services, clock: Clock
) -> None:
    code = await issue_invite(db, hubs=["north_kanto"], now=clock.now)
    play = Playground(db, services)
    volunteer = play.person("telegram", locale_hint="en")
    welcome = await play.say(volunteer, f"/join {code.lower()}")
    assert "registered as a supporter" in welcome[0].text
    await play.tap(volunteer, "reg:lang:km")
    await play.tap(volunteer, "reg:lang:km")  # twice: native
    menu = await play.tap(volunteer, "reg:lang:ja")  # once: good
    labels = [b.label for b in menu[-1].buttons]
    assert "ភាសាខ្មែរ ★★★" in labels
    assert "日本語 ★★" in labels
    assert "★★★ native" in menu[-1].text
    await play.tap(volunteer, "reg:langs")
    await play.tap(volunteer, "reg:hub:capital")
    await play.tap(volunteer, "reg:hubs")
    await play.tap(volunteer, "reg:topic:work")
    capacity = await play.tap(volunteer, "reg:topics")
    assert [b.label for b in capacity[-1].buttons] == ["1", "2", "3", "5"]
    await play.tap(volunteer, "reg:cap:2")
    await play.tap(volunteer, "reg:root:km")
    done = await play.tap(volunteer, "reg:roots")
    assert "/shifts" in done[-1].text

    supporter = await _profile(db)
    assert supporter.languages == {"km": 3, "ja": 2}
    assert supporter.hubs == ["north_kanto", "capital"]
    assert supporter.topics == ["work"]
    assert supporter.capacity == 2
    assert supporter.roots == ["km"]

    paused = await play.say(volunteer, "/pause")
    assert "/resume" in paused[-1].text
    assert (await _profile(db)).paused
    await play.say(volunteer, "/resume")
    assert not (await _profile(db)).paused
    await play.say(volunteer, "/available")
    assert (await _profile(db)).available


async def test_a_code_works_once_and_not_after_it_expires(db: Database, services: Services, clock: Clock) -> None:
    code = await issue_invite(db, now=clock.now, valid_for=dt.timedelta(days=1))
    play = Playground(db, services)
    first, second = play.person("line", locale_hint="en"), play.person("line", locale_hint="en")
    await play.say(first, "/join")
    assert "registered" in (await play.say(first, code))[0].text
    refused = await play.say(second, f"/join {code}")
    assert "not valid" in refused[-1].text

    late = await issue_invite(db, now=clock.now, valid_for=dt.timedelta(days=1))
    clock.advance(days=2)
    assert "not valid" in (await play.say(second, f"/join {late}"))[-1].text
    async with db.transaction() as session:
        roles = sorted((await session.scalars(select(Contact.role))).all())
    assert roles == ["migrant", "supporter"]


async def test_a_migrant_typing_pause_is_not_mistaken_for_a_supporter(db: Database, services: Services) -> None:
    play = Playground(db, services)
    migrant = play.person("line", locale_hint="en")
    answer = await play.say(migrant, "/pause")
    assert not any("Paused" in m.text for m in answer)


def test_every_language_button_fits_line_at_every_level() -> None:
    from handlers.language import SUPPORTED_LOCALES
    from handlers.registration import LEVEL_NAMES, level_label

    too_long = [
        level_label(code, level)
        for code in SUPPORTED_LOCALES
        for level in [0, *LEVEL_NAMES]
        if len(level_label(code, level)) > 20
    ]
    assert too_long == []
