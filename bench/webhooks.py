"""Webhooks in, replies out: `hotline serve` under wrk, against a bare signature-checking endpoint in the same run.

Run: python -m bench.webhooks [--seconds S] [--connections C] [--users U] [--configs sqlite,pg1,pg2] [--mixes ...]
                              [--sustain S] [--sustain-share 0.8]

What runs, each in its own process: the server (`hotline serve`: uvicorn, uvloop, httptools, no access log), a
minimal fast LINE API that counts replies and pushes (bench.fast_line), and wrk (Debian package `wrk`), which
posts pre-generated, pre-signed, unique LINE webhooks (a Lua script cycles through them). Placement, the same
for every configuration: each server process is pinned to a core of its own (taskset; the first to the first core,
a second to the second, round robin beyond the cores there are), and wrk, the fake and PostgreSQL are not pinned:
the kernel runs them wherever a core is free. So one process is bounded by one core whatever else runs, and two
processes have two cores, which they share with PostgreSQL, wrk and the fake (on a two-core machine the machine,
not the design, may then be the bound: see "machine" below). The baseline is bench.bare_line: a bare Starlette
endpoint that checks the LINE signature, on the same uvicorn stack, pinned to the first core like a server,
measured in the same run with the same wrk settings.

Reported per configuration (SQLite; PostgreSQL with one and two server processes) and mix (first contact: every
webhook from a new person; returning: people who wrote twice before):
  accepted/s       webhooks answered 200 per second at full load (wrk, C connections)
  ack p50/p99      webhook answer latency at full load
  replies/s        messages that reached the LINE API per second, from the first webhook to the last reply
  drain            seconds from the end of the load until the last reply
  by reply token   share of replies sent with the (free) reply token, at half the full-load rate
  RSS              peak resident memory of a serving process
  server CPU       the serving processes' CPU (share of a core each, and ms per reply) from the first webhook
                   until the outbox is drained: near 100% means the figures are the server's limit; well below,
                   it waited: for a core ("waited for a core": runnable but not running, read from the kernel's
                   schedstat; the machine's other work had the core) or on the database (neither running nor
                   waiting for a core)
  PostgreSQL       CPU of the database's own server processes (the backends of the benchmark's database), ms per
                   reply
  machine          the share of all cores busy meanwhile (every process, this benchmark's and anyone else's), and
                   the CPU per reply of the servers, PostgreSQL, the fake and wrk together; with two processes, the
                   rate the machine's cores allow at that CPU per reply, beside the ratio of two processes to one
  sustained        (with --sustain S) S seconds at --sustain-share of the peak (the full-load replies/s): replies/s,
                   the backlog (inbox and outbox rows not yet done) sampled every 2 s, whether it grows (its
                   least-squares slope above 2% of the offered rate and at least 1 s of messages left at the
                   end), and the drain after it
and wrk's own CPU use, which says whether the figures are the server's (wrk well below 100%) or wrk's.

Messages: what people write, taken in turn from the language samples (tests/data/language_samples*.json: all 15
languages, six of them in Latin script, short and long), so the server detects every language as it does in
production (the Latin-script ones through lingua's models) and its RSS counts what that takes.

PostgreSQL with two processes: two `hotline serve` on the same database, each on its own port with its own wrk and
its own people (as a load balancer that keeps a person on one process would), measured together.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

SECRET = "bench-line-channel-secret"  # noqa: S105 (a loopback benchmark)
ACCESS_TOKEN = "bench-line-access-token"  # noqa: S105
PSEUDONYM_KEY = "bench-pseudonym-key-long-enough-for-hmac"
POSTGRES_ADMIN_URL = os.environ.get("HOTLINE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
BIN = Path(sys.executable).parent

WRK_MISSING = "wrk is not installed: `apt-get install wrk` (Debian package `wrk`), then run the benchmark again."

LUA = r"""
local sigs, bodies, i, gap = {}, {}, 0, 0
function init(args)
  for line in io.lines(args[1]) do
    local tab = line:find("\t", 1, true)
    sigs[#sigs + 1] = line:sub(1, tab - 1)
    bodies[#bodies + 1] = line:sub(tab + 1)
  end
  gap = tonumber(args[2] or "0")
end
function request()
  i = i % #bodies + 1
  return wrk.format("POST", "/webhooks/line",
    {["Content-Type"] = "application/json", ["X-Line-Signature"] = sigs[i]}, bodies[i])
end
function delay()
  return gap
end
"""


def signature(body: bytes) -> str:
    return base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()


def webhook(user: str, event_id: str, text: str = "こんにちは") -> bytes:
    event = {
        "type": "message",
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user},
        "webhookEventId": event_id,
        "deliveryContext": {"isRedelivery": False},
        "replyToken": secrets.token_hex(16),
        "message": {"type": "text", "id": str(uuid.uuid4().int % 10**18), "quoteToken": "q", "text": text},
    }
    return json.dumps({"destination": "U" + "0" * 32, "events": [event]}, ensure_ascii=False).encode()


SAMPLES = Path(__file__).parent.parent / "tests" / "data"


def message_texts() -> list[str]:
    """The sample messages, one language after another, each language's in turn: every language comes early."""
    by_locale: dict[str, list[str]] = {}
    for name in ("language_samples.json", "language_samples_casual.json"):
        for locale, texts in json.loads((SAMPLES / name).read_text(encoding="utf-8"))["samples"].items():
            by_locale.setdefault(locale, []).extend(texts)
    rounds = itertools.zip_longest(*by_locale.values())
    return [text for round_ in rounds for text in round_ if text is not None]


def user_id(number: int, run: str) -> str:
    return "U" + hashlib.md5(f"{run}-{number}".encode()).hexdigest()  # noqa: S324 (an id, not a secret)


def write_bodies(path: Path, users: Iterator[str], count: int, prefix: str) -> None:
    texts = itertools.cycle(message_texts())
    with path.open("wb") as out:
        for number in range(count):
            body = webhook(next(users), f"{prefix}-{number}", next(texts))
            out.write(signature(body).encode() + b"\t" + body + b"\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pinned(command: list[str], core: int | None) -> list[str]:
    if core is None or shutil.which("taskset") is None:
        return command
    return ["taskset", "-c", str(core), *command]


def cores() -> tuple[int | None, int | None]:
    """(server core, load core): separate cores where there are two."""
    available = sorted(os.sched_getaffinity(0))
    if len(available) < 2:
        return None, None
    return available[0], available[1]


def server_cores(count: int) -> list[int | None]:
    """The core of each of `count` server processes: one of its own while there are enough, round robin beyond;
    None (not pinned) on a one-core machine. The load generator, the fake and PostgreSQL are never pinned."""
    available = sorted(os.sched_getaffinity(0))
    if len(available) < 2:
        return [None] * count
    return [available[index % len(available)] for index in range(count)]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def waited_for_core(pid: int) -> float:
    """Seconds the process's threads have been runnable but not running (the kernel's schedstat); 0 without it."""
    total = 0
    for path in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int(path.read_text().split()[1])
    return total / 1e9


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of all cores since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(values) - values[3] - values[4]) / ticks, sum(values) / ticks


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _wait_http(url: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


@dataclass
class WrkRun:
    requests: int
    seconds: float
    non_2xx: int
    socket_errors: int
    p50_ms: float
    p99_ms: float
    cpu_share: float  # of one core, wrk's own CPU over the run

    @property
    def accepted_per_second(self) -> float:
        return (self.requests - self.non_2xx) / self.seconds


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse_wrk(output: str, cpu_share: float) -> WrkRun:
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    if total is None:
        raise RuntimeError(f"wrk printed no totals:\n{output}")
    seconds = _ms(total.group(2) + total.group(3)) / 1000
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    return WrkRun(
        requests=int(total.group(1)),
        seconds=seconds,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
        p50_ms=_ms(p50.group(1)) if p50 else float("nan"),
        p99_ms=_ms(p99.group(1)) if p99 else float("nan"),
        cpu_share=cpu_share,
    )


def run_wrk(
    ports: list[int],
    script: Path,
    bodies: list[Path],
    connections: int,
    seconds: float,
    gap_ms: float,
    core: int | None,
    during: Any = None,
) -> list[WrkRun]:
    """One wrk per server port (connections shared out), all at once; each with its own bodies. `during()` runs
    while they do."""
    procs = []
    for port, file in zip(ports, bodies, strict=True):
        command = [
            "wrk", "-t1", f"-c{max(1, connections // len(ports))}", f"-d{seconds:.0f}s", "--latency",
            "--timeout", "10s", "-s", str(script), f"http://127.0.0.1:{port}", "--", str(file), f"{gap_ms:.3f}",
        ]  # fmt: skip
        procs.append(subprocess.Popen(pinned(command, core), stdout=subprocess.PIPE, text=True))  # noqa: S603
    cpu_before = [0.0] * len(procs)
    time.sleep(0.2)
    with contextlib.suppress(OSError):
        cpu_before = [cpu_seconds(p.pid) for p in procs]
    samples = list(cpu_before)
    if during is not None:
        during()
    while any(p.poll() is None for p in procs):
        for index, proc in enumerate(procs):
            with contextlib.suppress(OSError):
                samples[index] = cpu_seconds(proc.pid)
        time.sleep(0.1)
    results = []
    for index, proc in enumerate(procs):
        output = proc.stdout.read() if proc.stdout else ""
        results.append(parse_wrk(output, (samples[index] - cpu_before[index]) / max(0.1, seconds - 0.2)))
    return results


class FastLineProcess:
    def __init__(self, core: int | None) -> None:
        self.port = free_port()
        command = [sys.executable, "-m", "bench.fast_line", str(self.port)]
        self.proc = subprocess.Popen(pinned(command, core))  # noqa: S603
        _wait_http(f"http://127.0.0.1:{self.port}/stats")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stats(self) -> dict[str, Any]:
        return dict(httpx.get(f"{self.url}/stats", timeout=5.0).json())

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def server_env(database_url: str, line_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")}
    env.update(
        HOTLINE_DATABASE_URL=database_url,
        HOTLINE_LINE_CHANNEL_SECRET=SECRET,
        HOTLINE_LINE_CHANNEL_ACCESS_TOKEN=ACCESS_TOKEN,
        HOTLINE_LINE_API_URL=line_url,
        HOTLINE_PSEUDONYM_KEY=PSEUDONYM_KEY,
        HOTLINE_LOG_LEVEL="warning",
    )
    return env


@contextlib.contextmanager
def servers(command: list[str], count: int, env: dict[str, str]) -> Iterator[list[Any]]:
    """`count` server processes, each on its own port and its own core (`server_cores`)."""
    procs = []
    try:
        for where in server_cores(count):
            port = free_port()
            proc = subprocess.Popen(pinned([*command, "--port", str(port)], where), env=env)  # noqa: S603
            procs.append((proc, port))
            _wait_http(f"http://127.0.0.1:{port}/healthz")
        yield procs
    finally:
        for proc, _ in procs:
            proc.terminate()
        for proc, _ in procs:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _pending(database_url: str) -> int:
    """Outbox rows still to send, read from the benchmark's side."""
    return backlog(database_url)[1]


def backlog(database_url: str) -> tuple[int, int]:
    """(inbox events not yet processed, outbox rows not yet sent), read from the benchmark's side."""
    from sqlalchemy.ext.asyncio import AsyncSession

    from storage.db import Database
    from storage.inbox import pending_count as inbox_pending
    from storage.outbox import pending_count

    async def count() -> tuple[int, int]:
        db = Database(database_url)
        try:
            async with db.engine.connect() as conn, AsyncSession(conn) as session:
                return await inbox_pending(session), await pending_count(session)
        finally:
            await db.dispose()

    return asyncio.run(count())


def wait_drained(fake: FastLineProcess, database_url: str, quiet: float = 1.0, limit: float = 300.0) -> dict[str, Any]:
    """Until no reply arrived for `quiet` seconds and the outbox is empty (or `limit` passed)."""
    deadline = time.monotonic() + limit
    last_total = -1
    still_since = time.monotonic()
    while time.monotonic() < deadline:
        stats = fake.stats()
        total = stats["reply"] + stats["push"]
        if total != last_total:
            last_total, still_since = total, time.monotonic()
        elif time.monotonic() - still_since >= quiet and _pending(database_url) == 0:
            return stats
        time.sleep(0.1)
    return fake.stats()


def warm_up(ports: list[int], users: list[str], rounds: int) -> None:
    """Each person writes `rounds` times before the measurement (the returning-user mix)."""

    async def post_all() -> None:
        texts = itertools.cycle(message_texts())
        bodies = [webhook(user, f"warm-{r}-{i}", next(texts)) for r in range(rounds) for i, user in enumerate(users)]
        queue = iter(bodies)
        async with httpx.AsyncClient(timeout=60) as client:

            async def worker(port: int) -> None:
                for body in queue:
                    headers = {"X-Line-Signature": signature(body), "Content-Type": "application/json"}
                    await client.post(f"http://127.0.0.1:{port}/webhooks/line", content=body, headers=headers)

            await asyncio.gather(*(worker(ports[i % len(ports)]) for i in range(16)))

    asyncio.run(post_all())


@dataclass
class Sustained:
    offered_per_second: float
    seconds: float
    replies_per_second: float
    samples: list[tuple[float, int, int]]  # (seconds into the run, inbox backlog, outbox backlog)
    drain_seconds: float
    non_2xx: int

    @property
    def slope(self) -> float:
        """The total backlog's least-squares growth, rows per second."""
        if len(self.samples) < 2:
            return 0.0
        xs = [t for t, _, _ in self.samples]
        ys = [float(i + o) for _, i, o in self.samples]
        mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
        spread = sum((x - mean_x) ** 2 for x in xs)
        return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / max(spread, 1e-9)

    @property
    def grows(self) -> bool:
        _, inbox, outbox = self.samples[-1] if self.samples else (0.0, 0, 0)
        return self.slope > 0.02 * self.offered_per_second and inbox + outbox > self.offered_per_second


def sample_backlog(database_url: str, seconds: float, every: float = 2.0) -> list[tuple[float, int, int]]:
    """The backlog every `every` seconds for `seconds` (while wrk runs)."""
    samples = []
    began = time.monotonic()
    while (elapsed := time.monotonic() - began) < seconds:
        inbox, outbox = backlog(database_url)
        samples.append((elapsed, inbox, outbox))
        time.sleep(max(0.0, every - (time.monotonic() - began - elapsed)))
    return samples


@dataclass
class Figures:
    name: str
    accepted_per_second: float
    p50_ms: float
    p99_ms: float
    replies_per_second: float
    replies_per_webhook: float
    drain_seconds: float
    reply_token_share: float
    half_rate_p99_ms: float
    rss_mb: float
    wrk_cpu: float
    server_cpu: float  # of one core per server process, from the first webhook until the last reply
    cpu_ms_per_reply: float  # the servers' CPU time over that span, per reply
    waited_for_core: float  # share of that span a server process was runnable but not running, per process
    postgres_ms_per_reply: float  # the benchmark database's PostgreSQL backends' CPU over that span, per reply
    machine_busy: float  # share of all cores busy over that span (every process on the machine)
    machine_ms_per_reply: float  # servers, PostgreSQL backends, fake and wrk: CPU per reply
    non_2xx: int
    backlog_after_load: tuple[int, int] = (0, 0)  # inbox, outbox rows left when the load ended
    sustained: Sustained | None = None


@contextlib.contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        folder.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    name = f"hotline_bench_{uuid.uuid4().hex[:10]}"
    admin = POSTGRES_ADMIN_URL
    _psql(admin, f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + "/" + name
    try:
        from storage.migrate import upgrade

        upgrade(url)
        yield url
    finally:
        _psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _psql(url: str, statement: str) -> None:
    from sqlalchemy import text

    from storage.db import Database

    async def run() -> None:
        db = Database(url)
        try:
            async with db.engine.connect() as conn:
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.execute(text(statement))
        finally:
            await db.dispose()

    asyncio.run(run())


def postgres_backends(database_url: str) -> list[int]:
    """The pids of the PostgreSQL backends serving the benchmark's database (none on SQLite)."""
    if not database_url.startswith("postgresql"):
        return []
    from sqlalchemy import text

    from storage.db import Database

    async def pids() -> list[int]:
        db = Database(database_url)
        try:
            async with db.engine.connect() as conn:
                query = (
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                return [int(pid) for pid in (await conn.execute(text(query))).scalars()]
        finally:
            await db.dispose()

    return asyncio.run(pids())


class CpuMeter:
    """CPU seconds of given processes and of the whole machine between `__init__` and `stop()`."""

    def __init__(self, servers: list[int], others: list[int], backends: list[int]) -> None:
        self.servers, self.others = servers, others
        self._servers = sum(cpu_seconds(pid) for pid in servers)
        self._waited = sum(waited_for_core(pid) for pid in servers)
        self._others = sum(cpu_seconds(pid) for pid in others)
        self._backends = {pid: _cpu_or_zero(pid) for pid in backends}
        self._machine = machine_busy()

    def stop(self, backends: list[int]) -> tuple[float, float, float, float, float]:
        """(servers' CPU, servers' wait for a core, PostgreSQL backends' CPU, fake and wrk CPU, machine busy share)"""
        busy, total = machine_busy()
        machine = (busy - self._machine[0]) / max(1e-9, total - self._machine[1])
        postgres = sum(_cpu_or_zero(pid) - self._backends.get(pid, 0.0) for pid in {*backends, *self._backends})
        return (
            sum(cpu_seconds(pid) for pid in self.servers) - self._servers,
            sum(waited_for_core(pid) for pid in self.servers) - self._waited,
            max(0.0, postgres),
            sum(_cpu_or_zero(pid) for pid in self.others) - self._others,
            machine,
        )


def _cpu_or_zero(pid: int) -> float:
    try:
        return cpu_seconds(pid)
    except OSError:  # gone (a backend whose connection closed): its CPU is not counted
        return 0.0


def measure_hotline(
    kind: str, processes: int, mix: str, args: argparse.Namespace, fake: FastLineProcess, folder: Path
) -> Figures:
    run = uuid.uuid4().hex[:8]
    script = folder / "webhooks.lua"
    with database(kind, folder / f"{kind}-{processes}-{mix}") as url:
        command = [str(BIN / "hotline"), "serve", "--host", "127.0.0.1"]
        with servers(command, processes, server_env(url, fake.url)) as procs:
            ports = [port for _, port in procs]
            returning = [user_id(i, run) for i in range(args.users)]
            if mix == "returning":
                warm_up(ports, returning, rounds=2)
                wait_drained(fake, url)

            def people(index: int, phase: str) -> Iterator[str]:
                if mix == "returning":  # each server process keeps its own people (as a load balancer would)
                    return itertools.cycle(returning[index :: len(ports)])
                return (user_id(i, f"{run}-{phase}-{index}") for i in itertools.count())

            count = int(args.seconds * args.max_rate)
            full = []
            for index, _ in enumerate(ports):
                cycle = people(index, "full")
                full.append(folder / f"full-{index}.txt")
                write_bodies(full[-1], cycle, count // len(ports) + 1, f"full-{run}-{index}")
            before = fake.stats()
            meter = CpuMeter([proc.pid for proc, _ in procs], [fake.proc.pid], postgres_backends(url))
            began = time.time()
            runs = run_wrk(ports, script, full, args.connections, args.seconds, 0.0, None)
            load_end = time.time()
            left = backlog(url)
            after = wait_drained(fake, url)
            # All over the span up to the drain's quiet second (included).
            cpu_used, waited, postgres_cpu, fake_cpu, machine = meter.stop(postgres_backends(url))
            wrk_cpu = sum(r.cpu_share * r.seconds for r in runs)
            replies = after["reply"] + after["push"] - before["reply"] - before["push"]
            last = after["last"] or load_end
            accepted = sum(r.accepted_per_second for r in runs)
            accepted_count = sum(r.requests - r.non_2xx for r in runs)

            # Half the full-load rate: the reply token's share (it lives about a minute).
            half = max(1.0, accepted / 2)
            # wrk paces by a delay per connection: few enough connections that each sends every ~50 ms or more often.
            half_connections = max(len(ports), min(args.connections, int(half // 20)))
            gap_ms = half_connections / half * 1000
            halves = []
            for index, _ in enumerate(ports):
                cycle = people(index, "half")
                halves.append(folder / f"half-{index}.txt")
                write_bodies(halves[-1], cycle, count // len(ports) + 1, f"half-{run}-{index}")
            half_before = fake.stats()
            half_runs = run_wrk(ports, script, halves, half_connections, args.seconds, gap_ms, None)
            half_after = wait_drained(fake, url)
            by_token = half_after["reply"] - half_before["reply"]
            by_push = half_after["push"] - half_before["push"]
            sustained = None
            if args.sustain > 0:
                peak = replies / max(0.001, last - began)
                rate = max(1.0, peak * args.sustain_share)
                latency = min(r.p50_ms for r in half_runs)
                sustained = measure_sustained(ports, script, folder, people, rate, args, fake, url, latency)
            rss = max(peak_rss_mb(proc.pid) for proc, _ in procs)
    return Figures(
        name=f"{'SQLite' if kind == 'sqlite' else 'PostgreSQL'} x{processes}, {mix}",
        accepted_per_second=accepted,
        p50_ms=max(r.p50_ms for r in runs),
        p99_ms=max(r.p99_ms for r in runs),
        replies_per_second=replies / max(0.001, last - began),
        replies_per_webhook=replies / max(1, accepted_count),
        drain_seconds=max(0.0, last - load_end),
        reply_token_share=by_token / max(1, by_token + by_push),
        half_rate_p99_ms=max(r.p99_ms for r in half_runs),
        rss_mb=rss,
        wrk_cpu=max(r.cpu_share for r in runs),
        server_cpu=cpu_used / max(0.001, last - began) / processes,
        cpu_ms_per_reply=1000 * cpu_used / max(1, replies),
        waited_for_core=waited / max(0.001, last - began) / processes,
        postgres_ms_per_reply=1000 * postgres_cpu / max(1, replies),
        machine_busy=machine,
        machine_ms_per_reply=1000 * (cpu_used + postgres_cpu + fake_cpu + wrk_cpu) / max(1, replies),
        non_2xx=sum(r.non_2xx for r in runs),
        backlog_after_load=left,
        sustained=sustained,
    )


def measure_sustained(
    ports: list[int],
    script: Path,
    folder: Path,
    people: Any,
    rate: float,
    args: argparse.Namespace,
    fake: FastLineProcess,
    url: str,
    latency_ms: float,
) -> Sustained:
    """`args.sustain` seconds at `rate` webhooks a second, the backlog sampled meanwhile, then the drain.

    wrk waits `gap` after each answer, so a connection sends every gap + latency: the gap leaves room for the
    latency measured at half the rate (`latency_ms`), and the rate wrk actually offered is what is reported."""
    connections = max(len(ports), min(args.connections, int(rate // 2) or 1))
    gap_ms = max(1.0, connections / rate * 1000 - latency_ms)
    files = []
    for index, _ in enumerate(ports):
        files.append(folder / f"sustain-{index}.txt")
        write_bodies(files[-1], people(index, "sustain"), int(args.sustain * rate) // len(ports) + 1, f"sus-{index}")
    before = fake.stats()
    samples: list[tuple[float, int, int]] = []
    began = time.time()
    runs = run_wrk(
        ports, script, files, connections, args.sustain, gap_ms, None,
        during=lambda: samples.extend(sample_backlog(url, args.sustain - 1.0)),
    )  # fmt: skip
    load_end = time.time()
    mid = fake.stats()
    after = wait_drained(fake, url)
    return Sustained(
        offered_per_second=sum(r.requests for r in runs) / max(0.001, args.sustain),
        seconds=args.sustain,
        replies_per_second=(mid["reply"] + mid["push"] - before["reply"] - before["push"])
        / max(0.001, load_end - began),
        samples=samples,
        drain_seconds=max(0.0, (after["last"] or load_end) - load_end),
        non_2xx=sum(r.non_2xx for r in runs),
    )


def measure_bare(args: argparse.Namespace, folder: Path) -> tuple[WrkRun, float]:
    """The bare endpoint's figures, and its CPU over the run as a share of a core (near 100%: server-bound)."""
    [server_core] = server_cores(1)
    port = free_port()
    env = {**os.environ, "HOTLINE_LINE_CHANNEL_SECRET": SECRET}
    command = [sys.executable, "-m", "bench.bare_line", str(port)]
    proc = subprocess.Popen(pinned(command, server_core), env=env)  # noqa: S603
    try:
        _wait_http(f"http://127.0.0.1:{port}/webhooks/line")
        bodies = folder / "bare.txt"
        people = (user_id(i, "bare") for i in itertools.count())
        write_bodies(bodies, people, int(args.seconds * args.max_rate), "bare")
        cpu_before = cpu_seconds(proc.pid)
        began = time.monotonic()
        [result] = run_wrk([port], folder / "webhooks.lua", [bodies], args.connections, args.seconds, 0.0, None)
        share = (cpu_seconds(proc.pid) - cpu_before) / (time.monotonic() - began)
    finally:
        proc.terminate()
        proc.wait(10)
    return result, share


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each load phase")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--users", type=int, default=1000, help="people in the returning-user mix")
    parser.add_argument("--max-rate", type=float, default=6000.0, help="bodies generated per second of load")
    parser.add_argument("--configs", default="sqlite,pg1,pg2")
    parser.add_argument("--mixes", default="returning,first")
    parser.add_argument("--sustain", type=float, default=0.0, help="seconds of the sustained run (0: none)")
    parser.add_argument("--sustain-share", type=float, default=0.8, help="its rate, as a share of the peak")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print(WRK_MISSING)
        return 2
    placed = server_cores(2)
    print(
        f"each server process on a core of its own ({', '.join(f'core {c}' for c in placed)} for two), wrk, the fake "
        f"LINE API and PostgreSQL on any core; {os.cpu_count()} cores; {args.connections} connections, "
        f"{args.seconds:.0f} s per phase"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "webhooks.lua").write_text(LUA)
        bare, bare_cpu = measure_bare(args, folder)
        print(
            f"bare signature-checking endpoint: {bare.accepted_per_second:8.0f} accepted/s, "
            f"ack p50 {bare.p50_ms:.1f} ms p99 {bare.p99_ms:.1f} ms, server CPU {bare_cpu:.0%} of a core, "
            f"wrk CPU {bare.cpu_share:.0%} (baseline)"
        )
        fake = FastLineProcess(None)
        results = []
        try:
            for config in args.configs.split(","):
                kind, processes = ("sqlite", 1) if config == "sqlite" else ("pg", int(config[2:] or 1))
                for mix in args.mixes.split(","):
                    try:
                        figures = measure_hotline(kind, processes, mix, args, fake, folder)
                    except Exception as exc:
                        print(f"{config} {mix}: could not run ({type(exc).__name__}: {exc})")
                        continue
                    results.append(figures)
                    ratio = figures.replies_per_second / bare.accepted_per_second
                    print(
                        f"{figures.name:28} accepted {figures.accepted_per_second:6.0f}/s "
                        f"({figures.accepted_per_second / bare.accepted_per_second:.2f} x bare), "
                        f"ack p50 {figures.p50_ms:.1f} ms p99 {figures.p99_ms:.1f} ms; "
                        f"replies {figures.replies_per_second:6.0f}/s ({ratio:.3f} x bare, "
                        f"{figures.replies_per_webhook:.2f} per webhook); drain {figures.drain_seconds:.1f} s "
                        f"(left at the end of the load: inbox {figures.backlog_after_load[0]}, "
                        f"outbox {figures.backlog_after_load[1]}); "
                        f"by reply token at half rate {figures.reply_token_share:.1%} "
                        f"(ack p99 {figures.half_rate_p99_ms:.1f} ms); "
                        f"RSS {figures.rss_mb:.0f} MB; server CPU {figures.server_cpu:.0%} of a core "
                        f"(waited for a core {figures.waited_for_core:.0%}), "
                        f"{figures.cpu_ms_per_reply:.2f} ms per reply; PostgreSQL "
                        f"{figures.postgres_ms_per_reply:.2f} ms per reply; machine {figures.machine_busy:.0%} busy, "
                        f"{figures.machine_ms_per_reply:.2f} ms per reply; wrk CPU {figures.wrk_cpu:.0%}"
                        + (f"; {figures.non_2xx} non-2xx" if figures.non_2xx else ""),
                        flush=True,
                    )
                    held = figures.sustained
                    if held is not None:
                        shown = ", ".join(
                            f"{t:.0f}s {i}+{o}" for t, i, o in held.samples[:: max(1, len(held.samples) // 8)]
                        )
                        print(
                            f"{'':28} sustained {held.seconds:.0f} s at {held.offered_per_second:.0f}/s "
                            f"({args.sustain_share:.0%} of peak): replies {held.replies_per_second:.0f}/s; backlog "
                            f"inbox+outbox {shown}; slope {held.slope:+.1f}/s: "
                            f"{'GROWS' if held.grows else 'does not grow'}; drain {held.drain_seconds:.1f} s"
                            + (f"; {held.non_2xx} non-2xx" if held.non_2xx else ""),
                            flush=True,
                        )
        finally:
            fake.stop()
    pg = {f.name: f for f in results if f.name.startswith("PostgreSQL")}
    for mix in args.mixes.split(","):
        one, two = pg.get(f"PostgreSQL x1, {mix}"), pg.get(f"PostgreSQL x2, {mix}")
        if one and two:
            sustained = ""
            if one.sustained and two.sustained:
                sustained = (
                    f"; sustained at 80% of each one's peak: {two.sustained.replies_per_second:.0f}/s vs "
                    f"{one.sustained.replies_per_second:.0f}/s, backlog "
                    f"{'grows' if two.sustained.grows else 'steady'} with two, "
                    f"{'grows' if one.sustained.grows else 'steady'} with one"
                )
            # The most the machine's cores allow at the CPU per reply of two processes (servers, PostgreSQL, fake, wrk).
            bound = (os.cpu_count() or 1) * 1000 / max(0.001, two.machine_ms_per_reply)
            print(
                f"PostgreSQL two processes / one, {mix}: "
                f"{two.replies_per_second / max(1, one.replies_per_second):.2f} x{sustained}; the machine's "
                f"{os.cpu_count()} cores allow at most {bound:.0f} replies/s at two processes' "
                f"{two.machine_ms_per_reply:.2f} ms of CPU per reply "
                f"({bound / max(1, one.replies_per_second):.2f} x one)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
