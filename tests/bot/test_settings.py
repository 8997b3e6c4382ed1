"""Configuration reaches the people it concerns: what the consent notice promises is what retention does."""

from __future__ import annotations

import datetime as dt

from bot.playground import Playground
from bot.settings import Settings, build_services
from handlers.i18n import translator
from storage.db import Database


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, pseudonym_key="x" * 32, **values)  # type: ignore[call-arg,arg-type]


def test_offer_timeouts_and_retention_come_from_the_environment() -> None:
    services = build_services(settings(offer_timeout_on_day_minutes=5, offer_timeout_hours=2, retention_days=30))
    assert services.offer_timeout_on_day == dt.timedelta(minutes=5)
    assert services.offer_timeout == dt.timedelta(hours=2)
    assert services.retention.operational == dt.timedelta(days=30)


async def test_the_consent_notice_states_the_configured_retention(db: Database) -> None:
    play = Playground(db, build_services(settings(retention_days=30)))
    person = play.person("telegram")
    await play.say(person, "/start")
    consent = await play.tap(person, "lang:es")
    promise = translator("es").gettext("We delete them {days} days after your consultation ends.", days=30)
    assert promise in consent[-1].text
