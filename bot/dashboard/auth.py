"""The dashboard's login: the admin token, then a signed session cookie and a CSRF token derived from it.

No server-side session store: the cookie carries its expiry and a random nonce, signed with HMAC-SHA256
under a key derived from the admin token, so changing HOTLINE_ADMIN_TOKEN logs everyone out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

COOKIE_NAME = "hotline_dashboard"
SESSION_SECONDS = 12 * 3600  # one consultation day, with room to spare


@dataclass(frozen=True)
class SessionSigner:
    """Issues and checks session cookies and their CSRF tokens for one admin token."""

    admin_token: str
    clock: Callable[[], float] = time.time

    @property
    def _key(self) -> bytes:
        return hashlib.sha256(b"hotline-dashboard-session\x00" + self.admin_token.encode()).digest()

    def _mac(self, purpose: str, message: str) -> str:
        return hmac.new(self._key, f"{purpose}\x00{message}".encode(), hashlib.sha256).hexdigest()

    def token_matches(self, offered: str) -> bool:
        return hmac.compare_digest(offered.encode(), self.admin_token.encode())

    def issue(self) -> str:
        body = f"{int(self.clock()) + SESSION_SECONDS}.{secrets.token_urlsafe(16)}"
        return f"{body}.{self._mac('session', body)}"

    def valid(self, cookie: str | None) -> bool:
        if not cookie or cookie.count(".") != 2:
            return False
        body, _, signature = cookie.rpartition(".")
        if not hmac.compare_digest(signature.encode(), self._mac("session", body).encode()):
            return False
        expires = body.split(".", 1)[0]
        return expires.isdigit() and int(expires) > self.clock()

    def csrf_for(self, cookie: str) -> str:
        return self._mac("csrf", cookie)

    def csrf_valid(self, cookie: str, offered: str | None) -> bool:
        return offered is not None and hmac.compare_digest(offered.encode(), self.csrf_for(cookie).encode())
