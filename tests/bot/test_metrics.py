"""GET /metrics, scraped and parsed with the Prometheus text parser, moves with what the hotline does."""

from __future__ import annotations

import datetime as dt

from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from bot.sandbox.fake_line import FakeLineApi
from bot.sandbox.fake_telegram import FakeTelegramApi
from storage.db import Database
from storage.models import Case, Offer, Supporter
from tests.bot.conftest import ManualClock, Running, line_body, line_event

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]
CHAT = 4242


async def scrape(running: Running) -> Samples:
    response = await running.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples: Samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_webhooks_queues_and_deliveries_show_in_metrics(
    running: Running, fake_line: tuple[FakeLineApi, str], fake_telegram: tuple[FakeTelegramApi, str]
) -> None:
    line, telegram = fake_line[0], fake_telegram[0]
    before = await scrape(running)
    assert value(before, "hotline_outbox_depth") == 0
    assert value(before, "hotline_channel_up", channel="line") == 1
    assert value(before, "hotline_channel_up", channel="telegram") == 1

    user = line.add_user("Mai")
    token = line.issue_reply_token(user)
    reply = line_event("message", user, "ev-1", replyToken=token, message={"type": "text", "id": "1", "text": "hi"})
    push = line_event("message", user, "ev-2", message={"type": "text", "id": "2", "text": "again"})
    assert (await running.post_line(line_body(reply))).status_code == 200
    assert (await running.post_line(line_body(push))).status_code == 200
    assert (await running.post_line(line_body(reply), secret="not-the-secret")).status_code == 401
    assert (await running.post_telegram(telegram.text_update(CHAT, "hello"))).status_code == 200

    queued = await scrape(running)
    assert value(queued, "hotline_webhooks_received_total", channel="line") == 3
    assert value(queued, "hotline_webhooks_received_total", channel="telegram") == 1
    assert value(queued, "hotline_webhooks_refused_total", channel="line", status="401") == 1
    assert value(queued, "hotline_webhooks_refused_total", channel="telegram", status="401") == 0
    assert value(queued, "hotline_inbox_depth") == 3  # kept, not yet processed
    assert value(queued, "hotline_outbox_depth") == 0
    await running.process()
    processed = await scrape(running)
    assert value(processed, "hotline_inbox_depth") == 0
    assert value(processed, "hotline_outbox_depth") == 3

    telegram.fail_next(502)
    await running.drain()
    sent = await scrape(running)
    assert value(sent, "hotline_outbox_depth") == 1  # Telegram's answer waits for its retry
    assert value(sent, "hotline_deliveries_total", channel="line", result="sent") == 2
    assert value(sent, "hotline_deliveries_total", channel="telegram", result="retry") == 1
    assert value(sent, "hotline_line_pushes_this_month") == 1  # the reply was free; the second went as a push
    assert line.texts_to(user) == ["text:hi", "text:again"]


async def test_offers_and_first_reply_times_show_in_metrics(running: Running, db: Database, clock: ManualClock) -> None:
    now = clock()
    async with db.transaction() as session:
        supporter = Supporter(alias="Lan", languages={"vi": 3}, hubs=["north_kanto"])
        session.add(supporter)
        answered = []
        for i, (ago, wait) in enumerate([(60, 3), (50, 20), (40, 90)]):  # minutes
            submitted = now - dt.timedelta(minutes=ago)
            answered.append(
                Case(
                    number=f"A-{i}",
                    channel="line",
                    language="vi",
                    status="active",
                    created_at=submitted,
                    first_response_at=submitted + dt.timedelta(minutes=wait),
                )
            )
        waiting = Case(number="B-1", channel="line", language="vi", status="offered", created_at=now)
        session.add_all([*answered, waiting])
        await session.flush()
        session.add(Offer(case_id=waiting.id, supporter_id=supporter.id, expires_at=now + dt.timedelta(minutes=10)))

    samples = await scrape(running)
    assert value(samples, "hotline_offers_pending") == 1
    assert value(samples, "hotline_cases_awaiting_first_reply") == 1
    assert value(samples, "hotline_first_reply_seconds_bucket", le="60.0") == 0
    assert value(samples, "hotline_first_reply_seconds_bucket", le="300.0") == 1
    assert value(samples, "hotline_first_reply_seconds_bucket", le="1800.0") == 2
    assert value(samples, "hotline_first_reply_seconds_bucket", le="+Inf") == 3
    assert value(samples, "hotline_first_reply_seconds_gsum") == (3 + 20 + 90) * 60

    async with db.transaction() as session:
        offer = await session.get(Offer, 1)
        assert offer is not None
        offer.status = "accepted"
    assert value(await scrape(running), "hotline_offers_pending") == 0


async def test_the_app_keeps_its_metrics_out_of_the_global_registry(running: Running) -> None:
    await scrape(running)
    assert [m.name for m in REGISTRY.collect() if m.name.startswith("hotline_")] == []
