"""`GET /metrics` in the Prometheus text format, from a registry of our own (never the library's global one).

Counters count what this process saw since it started (Prometheus adds the processes up); gauges read the
database at each scrape, so every process reports the same queues. README, "Metrics", says what each means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeHistogramMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response

from bot.channels.base import (
    AttemptWithdrawn,
    Begin,
    Channel,
    Delivery,
    OutcomeUnknown,
    PermanentDelivery,
    Receipt,
    RetryableDelivery,
    proceed,
)
from storage import gauges
from storage.db import Database
from storage.outbox import pending_count
from storage.pushes import PushQuota, push_quota

WEBHOOK_CHANNELS = ("line", "telegram")  # a fixed set: a label taken from any path would let strangers add series
FIRST_REPLY_WINDOW = dt.timedelta(days=30)
# Seconds: 1, 5, 15 and 30 minutes, 1, 2, 4, 8 hours, a day.
FIRST_REPLY_BUCKETS = (60.0, 300.0, 900.0, 1800.0, 3600.0, 7200.0, 14400.0, 28800.0, 86400.0)


@dataclass(frozen=True)
class Snapshot:
    """What the database says at one scrape."""

    outbox_depth: int
    outbox_unknown: int
    inbox_depth: int | None
    offers_pending: int
    cases_awaiting_first_reply: int
    first_reply_waits: gauges.WaitHistogram
    line_pushes: PushQuota
    channels_up: Mapping[str, bool]


async def read_snapshot(db: Database, now: dt.datetime, channels_up: Mapping[str, bool]) -> Snapshot:
    # One read: on SQLite it takes no write lock and waits for no writer.
    async with db.read() as session:
        return Snapshot(
            outbox_depth=await pending_count(session),
            outbox_unknown=await gauges.outbox_unknown(session),
            inbox_depth=await gauges.inbox_depth(session),
            offers_pending=await gauges.offers_pending(session),
            cases_awaiting_first_reply=await gauges.cases_awaiting_first_reply(session),
            first_reply_waits=await gauges.first_reply_waits(session, now - FIRST_REPLY_WINDOW, FIRST_REPLY_BUCKETS),
            line_pushes=await push_quota(session, now),
            channels_up=channels_up,
        )


def _buckets(waits: gauges.WaitHistogram) -> list[tuple[str, float]]:
    counts = [(str(bound), float(n)) for bound, n in zip(FIRST_REPLY_BUCKETS, waits.at_most, strict=True)]
    return [*counts, ("+Inf", float(waits.count))]


class _SnapshotCollector(Collector):
    def __init__(self) -> None:
        self.snapshot: Snapshot | None = None

    def collect(self) -> Iterator[Metric]:
        snap = self.snapshot
        if snap is None:
            return
        yield GaugeMetricFamily("hotline_outbox_depth", "Messages queued and not yet sent.", snap.outbox_depth)
        yield GaugeMetricFamily(
            "hotline_outbox_unknown",
            "Messages whose send a crash cut where a repeat could send them twice: never repeated.",
            snap.outbox_unknown,
        )
        if snap.inbox_depth is not None:
            yield GaugeMetricFamily(
                "hotline_inbox_depth", "Webhook events taken in and not yet processed.", snap.inbox_depth
            )
        yield GaugeMetricFamily(
            "hotline_offers_pending", "Case offers waiting for a supporter's answer.", snap.offers_pending
        )
        yield GaugeMetricFamily(
            "hotline_cases_awaiting_first_reply",
            "Open cases no supporter has answered yet.",
            snap.cases_awaiting_first_reply,
        )
        yield GaugeHistogramMetricFamily(
            "hotline_first_reply_seconds",
            "Seconds from a case's submission to its first supporter reply, cases submitted in the last 30 days.",
            buckets=_buckets(snap.first_reply_waits),
            gsum_value=snap.first_reply_waits.total_seconds,
        )
        pushes = snap.line_pushes
        yield GaugeMetricFamily(
            "hotline_line_pushes_this_month",
            "LINE pushes (not free replies) accepted since the 1st, Japan time; they count against the quota.",
            pushes.pushes,
        )
        if pushes.remaining is not None:
            yield GaugeMetricFamily(
                "hotline_line_push_quota_remaining",
                "LINE pushes left this month by LINE's quota, as last read from LINE (daily).",
                pushes.remaining,
            )
        up = GaugeMetricFamily(
            "hotline_channel_up", "1 when the channel's platform answered, 0 when degraded.", labels=["channel"]
        )
        for name, is_up in sorted(snap.channels_up.items()):
            up.add_metric([name], 1.0 if is_up else 0.0)
        yield up


class HotlineMetrics:
    """The app's metrics: counters updated as things happen, gauges read from a snapshot at each scrape."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.webhooks_received = Counter(
            "hotline_webhooks_received", "Webhook requests received.", ["channel"], registry=self.registry
        )
        self.webhooks_refused = Counter(
            "hotline_webhooks_refused",
            "Webhook requests answered with an error status (the platform retries or drops them).",
            ["channel", "status"],
            registry=self.registry,
        )
        self.deliveries = Counter(
            "hotline_deliveries",
            "Platform send calls by result: sent, retry (429, 5xx, network before sending, platform down), failed "
            "(refused) or unknown (the request may have arrived but its answer was lost: not repeated).",
            ["channel", "result"],
            registry=self.registry,
        )
        self._snapshot = _SnapshotCollector()
        self.registry.register(self._snapshot)

    def render(self, snapshot: Snapshot) -> bytes:
        """The text exposition; `snapshot` supplies the gauges (no await between setting and rendering)."""
        self._snapshot.snapshot = snapshot
        return generate_latest(self.registry)

    def counted(self, channels: Mapping[str, Channel]) -> dict[str, Channel]:
        """The channels as the sender should see them: each delivery's result counted."""
        return {name: CountedChannel(channel, self.deliveries) for name, channel in channels.items()}


class CountedChannel:
    """A channel whose deliveries are counted by result; everything else is the channel's own."""

    def __init__(self, channel: Channel, deliveries: Counter) -> None:
        self._channel = channel
        self._deliveries = deliveries
        self.name = channel.name
        self.max_messages_per_call = channel.max_messages_per_call

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._channel, attribute)

    async def start(self) -> None:
        await self._channel.start()

    async def stop(self) -> None:
        await self._channel.stop()

    def message_count(self, message: Any) -> int:
        return self._channel.message_count(message)

    def repeatable(self, delivery: Delivery) -> bool:
        return self._channel.repeatable(delivery)

    async def deliver(self, delivery: Delivery, begin: Begin = proceed) -> Receipt:
        try:
            receipt = await self._channel.deliver(delivery, begin)
        except AttemptWithdrawn:  # nothing was sent: not a send call
            raise
        except OutcomeUnknown:
            self._deliveries.labels(self.name, "unknown").inc()
            raise
        except RetryableDelivery:
            self._deliveries.labels(self.name, "retry").inc()
            raise
        except PermanentDelivery:
            self._deliveries.labels(self.name, "failed").inc()
            raise
        except Exception:
            self._deliveries.labels(self.name, "retry").inc()  # the sender retries what it does not recognise
            raise
        self._deliveries.labels(self.name, "sent").inc()
        return receipt


async def metrics_endpoint(request: Request) -> Response:
    state = request.app.state
    clock: Callable[[], dt.datetime] = state.services.clock
    up = {name: health["status"] == "ok" for name, health in state.starter.channel_health().items()}
    snapshot = await read_snapshot(state.db, clock(), up)
    return Response(state.metrics.render(snapshot), media_type=CONTENT_TYPE_LATEST)
