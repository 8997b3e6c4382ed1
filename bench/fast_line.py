"""A minimal, fast loopback LINE Messaging API for the webhook benchmark: it counts, it does not check.

Run: python -m bench.fast_line PORT (uvicorn, uvloop, httptools, no access log). Every reply and push is
answered 200 and counted; `GET /stats` gives the counts and when the first and last message arrived, so the
benchmark measures our server, not a fake that validates bodies (bot.sandbox.fake_line does that in tests).
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from starlette.types import Receive, Scope, Send

_OK = b'{"sentMessages":[{"id":"1","quoteToken":"q"}]}'
_JSON = [(b"content-type", b"application/json")]
_FIXED = {
    "/v2/bot/message/quota": b'{"type":"none"}',
    "/v2/bot/message/quota/consumption": b'{"totalUsage":0}',
    "/v2/bot/info": b'{"userId":"U00000000000000000000000000000000","basicId":"@bench","displayName":"bench",'
    b'"chatMode":"bot","markAsReadMode":"auto"}',
}


class FastLine:
    def __init__(self) -> None:
        self.counts = {"reply": 0, "push": 0}
        self.first: float | None = None
        self.last: float | None = None

    def stats(self) -> dict[str, Any]:
        return {**self.counts, "first": self.first, "last": self.last, "now": time.time()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        more = True
        while more:  # read and drop the body
            message = await receive()
            more = message.get("more_body", False)
        path = scope["path"]
        body = _FIXED.get(path, b"{}")
        if path in ("/v2/bot/message/reply", "/v2/bot/message/push"):
            self.counts["reply" if path.endswith("reply") else "push"] += 1
            now = time.time()
            self.first = self.first or now
            self.last = now
            body = _OK
        elif path == "/stats":
            body = json.dumps(self.stats()).encode()
        await send({"type": "http.response.start", "status": 200, "headers": _JSON})
        await send({"type": "http.response.body", "body": body})


def main() -> None:
    import uvicorn

    uvicorn.run(
        FastLine(),
        host="127.0.0.1",
        port=int(sys.argv[1]),
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_level="warning",
        lifespan="off",
    )


if __name__ == "__main__":
    main()
