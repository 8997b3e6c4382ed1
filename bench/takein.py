"""Taking in alone: the webhook path of `hotline serve` under wrk, against the bare endpoint in the same run.

Run: python -m bench.takein [--seconds S] [--connections C] [--rounds N]

The server is `hotline serve`'s app on its uvicorn stack (uvloop, httptools, no access log, proxy headers trusted
from loopback) with the inbox workers, the sender and the timers not running: each webhook is verified, its events
are appended to the SQLite inbox with group commit and it is answered 200, nothing else. The baseline is
bench.bare_line, a bare Starlette endpoint that checks the LINE signature. Both are pinned to the server core and
wrk to the other (as in bench.webhooks), with the same pre-signed unique webhooks. Reported per round, for both:
accepted/s, ack p50/p99, and the server's CPU time (all its threads) per accepted webhook; then the best round
(the machine is shared: compare the ratio to the bare endpoint rather than the figures).
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.webhooks import (
    LUA,
    SECRET,
    FastLineProcess,
    WrkRun,
    _wait_http,
    cores,
    cpu_seconds,
    free_port,
    pinned,
    run_wrk,
    server_env,
    user_id,
    write_bodies,
)


def serve(port: int) -> None:
    """The server process: `hotline serve`'s app and uvicorn options, taking in only."""
    from bot.app import create_app
    from bot.cli import run_uvicorn
    from bot.settings import Settings
    from storage.migrate import upgrade

    settings = Settings()
    upgrade(settings.database_url)
    app = create_app(settings, run_sender=False, run_workers=False, run_timers=False)
    run_uvicorn(app, settings, host="127.0.0.1", port=port, access_log=False)


def measure(command: list[str], env: dict[str, str], bodies: Path, args: argparse.Namespace) -> tuple[WrkRun, float]:
    """wrk against one server process: its figures, and the server's CPU ms per accepted webhook."""
    server_core, load_core = cores()
    port = free_port()
    proc = subprocess.Popen(pinned([*command, str(port)], server_core), env=env)  # noqa: S603
    try:
        _wait_http(f"http://127.0.0.1:{port}/webhooks/line")
        cpu_before = cpu_seconds(proc.pid)
        [result] = run_wrk(
            [port], bodies.parent / "webhooks.lua", [bodies], args.connections, args.seconds, 0, load_core
        )
        cpu = cpu_seconds(proc.pid) - cpu_before
    finally:
        proc.terminate()
        proc.wait(10)
    accepted = result.requests - result.non_2xx
    return result, 1000 * cpu / max(1, accepted)


def line(name: str, run: WrkRun, cpu_ms: float, bare: WrkRun | None = None) -> str:
    ratio = f" ({run.accepted_per_second / bare.accepted_per_second:.2f} x bare)" if bare is not None else ""
    return (
        f"{name:26} {run.accepted_per_second:7.0f} accepted/s{ratio}, ack p50 {run.p50_ms:.1f} ms "
        f"p99 {run.p99_ms:.1f} ms, {cpu_ms:.3f} ms CPU per webhook, wrk CPU {run.cpu_share:.0%}"
        + (f"; {run.non_2xx} non-2xx" if run.non_2xx else "")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-rate", type=float, default=12000.0, help="bodies generated per second of load")
    args = parser.parse_args()
    server_core, load_core = cores()
    print(
        f"server on core {server_core}, wrk on core {load_core}; {args.connections} connections, {args.seconds:.0f} s"
    )
    best: dict[str, tuple[WrkRun, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "webhooks.lua").write_text(LUA)
        fake = FastLineProcess(load_core)
        try:
            for round_ in range(args.rounds):
                count = int(args.seconds * args.max_rate)
                bodies = folder / f"bodies-{round_}.txt"
                people = (user_id(i, f"takein-{round_}") for i in itertools.count())
                write_bodies(bodies, people, count, f"takein-{round_}")
                bare_env = {**os.environ, "HOTLINE_LINE_CHANNEL_SECRET": SECRET}
                bare = measure([sys.executable, "-m", "bench.bare_line"], bare_env, bodies, args)
                env = server_env(f"sqlite:///{folder / f'takein-{round_}.db'}", fake.url)
                hotline = measure([sys.executable, "-m", "bench.takein", "serve"], env, bodies, args)
                print(line(f"round {round_ + 1}: bare", *bare), flush=True)
                print(line(f"round {round_ + 1}: take-in", *hotline, bare=bare[0]), flush=True)
                for name, figures in (("bare", bare), ("take-in", hotline)):
                    if name not in best or figures[0].accepted_per_second > best[name][0].accepted_per_second:
                        best[name] = figures
                time.sleep(0.5)
        finally:
            fake.stop()
    print(line("best: bare", *best["bare"]))
    print(line("best: take-in", *best["take-in"], bare=best["bare"][0]))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(int(sys.argv[2]))
    else:
        raise SystemExit(main())
