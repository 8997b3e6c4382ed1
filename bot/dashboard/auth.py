"""The desk's gate: cookies, CSRF tokens and the rate limit on sign-in attempts.

Sessions live in the database (storage.coordinators): the cookie is a random token whose SHA-256 is the
session's key, so signing out revokes it everywhere. A form's CSRF token is an HMAC of the session token;
before sign-in, forms carry a double-submit token that must equal a random pre-session cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time
from collections import deque
from collections.abc import Callable
from urllib.parse import urlsplit

from storage.coordinators import SESSION_LIFETIME

COOKIE_NAME = "hotline_desk"
PRE_COOKIE_NAME = "hotline_desk_pre"
LANG_COOKIE_NAME = "hotline_desk_lang"
SESSION_SECONDS = int(SESSION_LIFETIME.total_seconds())
MIN_ADMIN_TOKEN_LENGTH = 32


def cookies_need_https(public_url: str | None) -> bool:
    """Cookies are `Secure` unless the public address is plain http on a loopback host (tests, the demo)."""
    if not public_url:
        return True
    parts = urlsplit(public_url)
    if parts.scheme != "http":
        return True
    host = parts.hostname or ""
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def csrf_for(session_token: str) -> str:
    return hmac.new(session_token.encode(), b"hotline-desk-csrf", hashlib.sha256).hexdigest()


def csrf_valid(session_token: str, offered: object) -> bool:
    return isinstance(offered, str) and hmac.compare_digest(offered.encode(), csrf_for(session_token).encode())


def new_pre_token() -> str:
    return secrets.token_urlsafe(24)


def pre_token_valid(cookie: str | None, offered: object) -> bool:
    return (
        cookie is not None
        and len(cookie) >= 24
        and isinstance(offered, str)
        and hmac.compare_digest(offered.encode(), cookie.encode())
    )


def admin_token_matches(configured: str, offered: object) -> bool:
    return (
        len(configured) >= MIN_ADMIN_TOKEN_LENGTH
        and isinstance(offered, str)
        and hmac.compare_digest(offered.encode(), configured.encode())
    )


class AttemptLimiter:
    """At most `limit` sign-in attempts per client address in any `window` seconds (in this process)."""

    def __init__(self, limit: int = 10, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._attempts: dict[str, deque[float]] = {}

    def retry_after(self, key: str) -> int | None:
        """Count an attempt; None if it may go on, else the seconds to wait."""
        now = self.clock()
        attempts = self._attempts.setdefault(key, deque())
        while attempts and attempts[0] <= now - self.window:
            attempts.popleft()
        if len(attempts) >= self.limit:
            return max(1, int(attempts[0] + self.window - now) + 1)
        attempts.append(now)
        if len(self._attempts) > 10_000:  # forget idle addresses so the table stays small
            for stale in [k for k, v in self._attempts.items() if not v or v[-1] <= now - self.window]:
                del self._attempts[stale]
        return None
