"""The configuration contract: environment variables (or a `.env` file) prefixed HOTLINE_."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from handlers.context import Services
from storage.db import DatabaseConfigError, normalise_url
from storage.retention import RetentionPolicy

LINE_API = "https://api.line.me"
TELEGRAM_API = "https://api.telegram.org"


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ConfigError(Exception):
    """Start-up cannot go on; the message is one sentence naming the setting."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HOTLINE_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/hotline.db"
    line_channel_secret: SecretStr | None = None
    line_channel_access_token: SecretStr | None = None
    line_api_url: str = LINE_API
    telegram_token: SecretStr | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_api_url: str = TELEGRAM_API
    pseudonym_key: SecretStr | None = None
    pseudonym_key_previous: SecretStr | None = None  # during a key rotation
    pseudonym_key_version: int = Field(default=1, ge=1)  # raise it with each new key
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    # The HTTPS address people and LINE reach the server at: desk sign-in links, photos and voice notes.
    public_url: str | None = None
    media_key: SecretStr | None = None  # signs media URLs; derived from the pseudonym key when unset
    log_level: Literal["debug", "info", "warning", "error", "critical"] = "info"
    admin_token: SecretStr | None = None  # the desk's break-glass sign-in for admins; 32 characters or more
    line_push_quota: int = Field(default=200, ge=0)  # LINE pushes a month on the channel's plan (free: 200)
    offer_timeout_on_day_minutes: int = Field(default=10, ge=1, le=24 * 60)
    offer_timeout_hours: float = Field(default=4, gt=0, le=14 * 24)
    retention_days: int = Field(default=90, ge=7)  # operational data after a case closes
    analytic_retention_days: int = Field(default=3 * 365, ge=30)

    @field_validator("line_api_url", "telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("admin_token")
    @classmethod
    def _long_admin_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError("must be at least 32 characters long (`hotline keygen` makes one)")
        return value

    @field_validator("public_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        host = urlsplit(value).hostname or ""
        if not value.startswith("https://") and not (value.startswith("http://") and host in _LOOPBACK):
            raise ValueError("must start with https:// (LINE fetches media only over HTTPS; http:// only on loopback)")
        return value.rstrip("/")

    def desk_url(self) -> str:
        """Where people open the desk: the public URL, else this server's own address."""
        return self.public_url or f"http://{self.host}:{self.port}"

    def media_key_bytes(self) -> bytes:
        """The key of the media URLs' signatures: HOTLINE_MEDIA_KEY, or one derived from the pseudonym key."""
        if self.media_key is not None:
            return hashlib.sha256(self.media_key.get_secret_value().encode()).digest()
        return hmac.new(self.pseudonym_key_bytes(), b"hotline media urls", hashlib.sha256).digest()

    @field_validator("log_level", mode="before")
    @classmethod
    def _lower_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def line_enabled(self) -> bool:
        return bool(self.line_channel_secret or self.line_channel_access_token)

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_token or self.telegram_webhook_secret)

    def pseudonym_key_bytes(self) -> bytes:
        if self.pseudonym_key is None:
            raise ConfigError("HOTLINE_PSEUDONYM_KEY is not set: generate one with `hotline keygen`.")
        raw = self.pseudonym_key.get_secret_value()
        try:
            key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        except ValueError:
            key = b""
        # Accept any long secret; hash it so every key has the same length.
        return hashlib.sha256(key if len(key) >= 16 else raw.encode()).digest()

    def previous_pseudonym_key_bytes(self) -> bytes | None:
        if self.pseudonym_key_previous is None:
            return None
        return Settings(pseudonym_key=self.pseudonym_key_previous).pseudonym_key_bytes()

    def validate_for_serving(self) -> None:
        """Raise ConfigError naming the first setting that prevents start-up."""
        try:
            normalise_url(self.database_url)
        except DatabaseConfigError as exc:
            raise ConfigError(str(exc)) from None
        if self.line_enabled:
            if not self.line_channel_secret:
                raise ConfigError("HOTLINE_LINE_CHANNEL_SECRET is missing, but LINE is enabled.")
            if not self.line_channel_access_token:
                raise ConfigError("HOTLINE_LINE_CHANNEL_ACCESS_TOKEN is missing, but LINE is enabled.")
        if self.telegram_enabled:
            if not self.telegram_token:
                raise ConfigError("HOTLINE_TELEGRAM_TOKEN is missing, but Telegram is enabled.")
            if not self.telegram_webhook_secret:
                raise ConfigError("HOTLINE_TELEGRAM_WEBHOOK_SECRET is missing, but Telegram is enabled.")
        if not (self.line_enabled or self.telegram_enabled):
            raise ConfigError(
                "No channel is configured: set HOTLINE_LINE_CHANNEL_SECRET and HOTLINE_LINE_CHANNEL_ACCESS_TOKEN, "
                "or HOTLINE_TELEGRAM_TOKEN and HOTLINE_TELEGRAM_WEBHOOK_SECRET."
            )
        self.pseudonym_key_bytes()


def build_services(settings: Settings, clock: Callable[[], dt.datetime] | None = None) -> Services:
    """The handlers' collaborators and knobs, from the configuration."""
    policy = RetentionPolicy(
        operational=dt.timedelta(days=settings.retention_days),
        analytic=dt.timedelta(days=settings.analytic_retention_days),
    )
    services = Services(
        pseudonym_key=settings.pseudonym_key_bytes(),
        previous_pseudonym_key=settings.previous_pseudonym_key_bytes(),
        pseudonym_key_version=settings.pseudonym_key_version,
        offer_timeout_on_day=dt.timedelta(minutes=settings.offer_timeout_on_day_minutes),
        offer_timeout=dt.timedelta(hours=settings.offer_timeout_hours),
        retention=policy,
    )
    return services if clock is None else dataclasses.replace(services, clock=clock)


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "HOTLINE_" + str(first["loc"][0]).upper() if first["loc"] else "configuration"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{name} is invalid: {message}.") from None
