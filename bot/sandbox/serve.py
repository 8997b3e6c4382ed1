"""Run an ASGI app on a loopback port inside the current event loop, for tests and the demo."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator
from typing import Literal

import uvicorn
from starlette.types import ASGIApp

_STARTUP_POLL_SECONDS = 0.005
_TICK_SECONDS = 0.1  # uvicorn's: the Date header and the exit flag are refreshed on this beat


class _BackgroundServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._exit_requested = asyncio.Event()

    # Signals belong to the program that embeds us (pytest, `hotline demo`), not to a background server.
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    def request_exit(self) -> None:
        self.should_exit = True
        self._exit_requested.set()

    async def main_loop(self) -> None:
        # uvicorn's loop notices should_exit only on its next 0.1 s tick; waking at once halves the
        # time every test spends stopping a server.
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(_TICK_SECONDS):
                    await self._exit_requested.wait()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio disables Nagle only on sockets that say they are TCP, and
    # without that each response waits ~40 ms for a delayed ACK between its header and body writes.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


@contextlib.asynccontextmanager
async def serve_app(
    app: ASGIApp,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    lifespan: Literal["auto", "on", "off"] = "auto",
    log_level: str = "warning",
    proxy_headers: bool = True,
) -> AsyncIterator[str]:
    """Serve `app` with uvicorn in a background task and yield its base URL (``http://host:port``).

    `port=0` picks a free port. The socket is bound before the server starts, so the URL is final
    when yielded and the server already accepts connections. On exit the server stops accepting,
    closes idle keep-alive connections, runs the lifespan shutdown and the task is awaited, so
    nothing is left running. Raises RuntimeError when the server cannot start (for example a
    failing lifespan startup). `proxy_headers=False` leaves X-Forwarded-For to the app (as `hotline serve` does).
    """
    sock = _bind(host, port)
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        lifespan=lifespan,
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=5,
        proxy_headers=proxy_headers,
    )
    server = _BackgroundServer(config)

    async def run() -> None:
        # uvicorn answers a failed startup with sys.exit; inside a task that would stop the whole loop.
        try:
            await server.serve(sockets=[sock])
        except SystemExit as error:
            raise RuntimeError(f"server on port {bound_port} failed to start") from error

    task = asyncio.create_task(run(), name=f"serve_app:{bound_port}")
    try:
        while not server.started:
            if task.done():
                break
            await asyncio.sleep(_STARTUP_POLL_SECONDS)
        if not server.started:
            sock.close()
            await task  # raises the startup failure
            raise RuntimeError(f"server on port {bound_port} stopped before it started")
        url_host = f"[{host}]" if ":" in host else host
        yield f"http://{url_host}:{bound_port}"
    finally:
        if not task.done():
            server.request_exit()
            await task
