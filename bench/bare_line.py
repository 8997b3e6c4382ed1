"""The baseline: a bare Starlette endpoint that checks the LINE signature and answers 200, nothing else.

Run: HOTLINE_LINE_CHANNEL_SECRET=... python -m bench.bare_line PORT, on the same uvicorn stack as
`hotline serve` (uvloop, httptools, no access log), so "hotline / bare" says what taking in, processing and
delivering a message cost.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sys

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def bare_app(secret: str) -> Starlette:
    key = secret.encode()

    async def webhook(request: Request) -> Response:
        body = await request.body()
        expected = base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(expected, request.headers.get("x-line-signature", "")):
            return JSONResponse({"error": "wrong X-Line-Signature"}, status_code=401)
        return JSONResponse({})

    return Starlette(routes=[Route("/webhooks/line", webhook, methods=["POST"])])


def main() -> None:
    import uvicorn

    uvicorn.run(
        bare_app(os.environ["HOTLINE_LINE_CHANNEL_SECRET"]),
        host="127.0.0.1",
        port=int(sys.argv[1]),
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
