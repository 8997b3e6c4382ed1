"""Webhook throughput and latency, from a signed LINE webhook to the SDK's request arriving at the fake LINE API.

Run: python -m bench.webhooks [--messages N] [--concurrency C] [--rate R] [--seconds S]

Everything runs in one process on loopback: the load generator, our app (real `handle_inbound`, SQLite file,
the outbox sender task, line-bot-sdk) and the fake LINE API. The baseline, measured in the same run with the
same client, is a bare Starlette endpoint that echoes the body, so "hotline / echo" says what verification,
the transaction, the outbox and the SDK call cost on this machine.
Targets: at least 1,000 messages/s on SQLite; p99 under 50 ms at 200 messages/s.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.app import create_app
from bot.sandbox.fake_line import SANDBOX_CHANNEL_ACCESS_TOKEN, FakeLineApi
from bot.sandbox.serve import serve_app
from bot.settings import Settings
from handlers.context import Turn
from storage.db import Database

SECRET = "bench-line-channel-secret"  # noqa: S105 (a loopback benchmark)
TARGET_RATE = 1000.0
TARGET_P99_MS = 50.0


def signed(body: bytes) -> dict[str, str]:
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    return {"X-Line-Signature": signature, "Content-Type": "application/json"}


def webhook(user: str, number: int, token: str) -> bytes:
    event: dict[str, Any] = {
        "type": "message",
        "mode": "active",
        "timestamp": 1_700_000_000_000,
        "source": {"type": "user", "userId": user},
        "webhookEventId": f"bench-{number}",
        "deliveryContext": {"isRedelivery": False},
        "replyToken": token,
        "message": {"type": "text", "id": str(number), "quoteToken": "q", "text": "こんにちは"},
    }
    return json.dumps({"destination": "U" + "0" * 32, "events": [event]}).encode()


async def echo(request: Request) -> Response:
    return Response(await request.body(), media_type="application/json")


async def blast(client: httpx.AsyncClient, path: str, bodies: list[bytes], concurrency: int) -> float:
    """Post every body with `concurrency` in flight; seconds taken."""
    queue = iter(bodies)

    async def worker() -> None:
        for body in queue:
            response = await client.post(path, content=body, headers=signed(body))
            response.raise_for_status()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def contract_step(turn: Turn) -> None:
    """The inbox workers' storage work (event id, contact, one queued reply) without the conversation."""
    turn.reply("受け付けました")


async def measure(
    messages: int, concurrency: int, rate: float, seconds: float, handler: str = "contract"
) -> dict[str, float]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    bodies_echo = [webhook("U" + f"{i:032x}", i, "t") for i in range(messages)]
    bare = Starlette(routes=[Route("/echo", echo, methods=["POST"])])
    async with serve_app(bare) as url, httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as client:
        await blast(client, "/echo", bodies_echo[:200], concurrency)  # warm up
        echo_seconds = await blast(client, "/echo", bodies_echo, concurrency)

    fake = FakeLineApi(clock=time.perf_counter)
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        await db.create_all()
        async with serve_app(fake) as line_url:
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                line_channel_secret=SECRET,
                line_channel_access_token=SANDBOX_CHANNEL_ACCESS_TOKEN,
                line_api_url=line_url,
                pseudonym_key="bench-pseudonym-key-long-enough",
            )
            app = create_app(settings, db=db, step=contract_step if handler == "contract" else None)
            async with serve_app(app) as url, httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as client:
                # Throughput: as fast as the client can post; done when the last reply reached LINE.
                users = [fake.add_user(f"P{i}") for i in range(messages)]
                bodies = [webhook(u, i, fake.issue_reply_token(u)) for i, u in enumerate(users)]
                started = time.perf_counter()
                await blast(client, "/webhooks/line", bodies, concurrency)
                while sum(1 for r in fake.requests if r.status == 200) < messages:  # noqa: ASYNC110 (the fake has no event)
                    await asyncio.sleep(0.005)
                hotline_seconds = time.perf_counter() - started

                # Latency at a steady rate: webhook sent -> the SDK's request arriving at the fake.
                count = int(rate * seconds)
                paced = [fake.add_user(f"L{i}") for i in range(count)]
                sent_at: dict[str, float] = {}
                token_of: dict[str, str] = {}
                tasks = []
                begin = time.perf_counter()
                for i, user in enumerate(paced):
                    await asyncio.sleep(max(0.0, begin + i / rate - time.perf_counter()))
                    token = fake.issue_reply_token(user)
                    token_of[token] = user
                    body = webhook(user, messages + i, token)
                    sent_at[user] = time.perf_counter()
                    post = client.post("/webhooks/line", content=body, headers=signed(body))
                    tasks.append(asyncio.create_task(post))
                await asyncio.gather(*tasks)
                while sum(1 for r in fake.requests if r.status == 200) < messages + count:  # noqa: ASYNC110
                    await asyncio.sleep(0.005)
                arrived: dict[str, float] = {}
                for request in fake.requests:
                    if request.status == 200 and isinstance(request.body, dict):
                        user = token_of.get(request.body.get("replyToken", "")) or request.body.get("to")
                        if user in sent_at:
                            arrived.setdefault(user, request.received_at)
                latencies = [arrived[u] - sent_at[u] for u in paced]
        await db.dispose()
    return {
        "echo_per_second": messages / echo_seconds,
        "hotline_per_second": messages / hotline_seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "rate": rate,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument(
        "--handler",
        choices=["contract", "real"],
        default="real",
        help="contract: the storage work of handle_inbound with a fixed reply; real: the conversation handlers",
    )
    args = parser.parse_args()
    print(f"handler: {args.handler}")
    figures = asyncio.run(measure(args.messages, args.concurrency, args.rate, args.seconds, args.handler))
    ratio = figures["hotline_per_second"] / figures["echo_per_second"]
    print(f"bare echo endpoint:   {figures['echo_per_second']:8.0f} requests/s (baseline)")
    print(
        f"hotline LINE webhook: {figures['hotline_per_second']:8.0f} messages/s webhook -> reply at the fake "
        f"({ratio:.2f} x echo; target >= {TARGET_RATE:.0f}/s: "
        f"{'met' if figures['hotline_per_second'] >= TARGET_RATE else 'NOT met'})"
    )
    print(
        f"latency at {figures['rate']:.0f} messages/s: p50 {figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms "
        f"(target p99 < {TARGET_P99_MS:.0f} ms: {'met' if figures['p99_ms'] < TARGET_P99_MS else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
