"""Settings from the environment and ``.env`` (every key is documented in ``.env.example``)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    # hide_input_in_errors: a rejected setting's value (a secret, perhaps) never appears in the message
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", hide_input_in_errors=True
    )

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str | None = None
    telegram_api_base_file_url: str | None = None
    camag_data_dir: Path = Path("data")
    # PostgreSQL instead of the data folder, for several workers (postgresql://user:password@host/db).
    camag_database_url: SecretStr | None = None
    # Connections each worker keeps at most: reminders hold one while each check-in is sent (eight at
    # once), people's updates take the rest.
    camag_database_pool_size: int = Field(default=20, ge=10, le=100)
    # How long an update waits for a connection (the database restarting, say) before it is given
    # up as not applied, for Telegram to deliver again.
    camag_database_wait_seconds: float = Field(default=30, ge=1, le=600)
    # How many workers serve this bot together: the reminder fan-out's rate is shared among them.
    camag_workers: int = Field(default=1, ge=1, le=64)
    # PostgreSQL: a check-in a worker took and did not settle (it died) goes to another after this.
    camag_reminder_lease_seconds: float = Field(default=60, ge=5, le=3600)
    camag_default_timezone: str = "UTC"
    # A flow waiting for typed text (logging a day, setting a reminder) ends after this long idle.
    camag_flow_timeout_minutes: float = Field(default=60, gt=0)
    log_level: str = "INFO"
    # Reminder fan-out, check-ins a second: Telegram's free bulk rate is about 30; above that they go
    # as paid broadcasts (allow_paid_broadcast, charged in Telegram Stars), up to 1000.
    camag_broadcast_per_second: float = Field(default=30, gt=0, le=1000)
    # Webhook mode (optional; long polling is the default)
    camag_webhook_url: str | None = None
    camag_webhook_listen: str = "127.0.0.1:8443"
    camag_webhook_secret: SecretStr | None = None
    # Long-polling mode: serve /healthz and /metrics on this host:port (webhook mode serves them
    # beside the webhook, on CAMAG_WEBHOOK_LISTEN).
    camag_metrics_listen: str | None = None

    @model_validator(mode="after")
    def _webhook_needs_a_secret(self) -> Settings:
        if self.camag_webhook_url:
            secret = self.camag_webhook_secret.get_secret_value() if self.camag_webhook_secret else ""
            if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
                raise ValueError(
                    "CAMAG_WEBHOOK_SECRET is required with CAMAG_WEBHOOK_URL: 16 to 256 characters "
                    "of A-Z, a-z, 0-9, _ and -"
                )
            if not self.camag_webhook_url.startswith("https://"):
                raise ValueError("CAMAG_WEBHOOK_URL must be an https:// address")
        if self.camag_workers > 1 and (self.camag_database_url is None or not self.camag_webhook_url):
            raise ValueError(
                "CAMAG_WORKERS above 1 needs CAMAG_DATABASE_URL (PostgreSQL) and CAMAG_WEBHOOK_URL: several "
                "workers share one database and take their updates from the proxy in front of them"
            )
        for name, address in (
            ("CAMAG_WEBHOOK_LISTEN", self.camag_webhook_listen),
            ("CAMAG_METRICS_LISTEN", self.camag_metrics_listen),
        ):
            host, _, port = (address or "x:0").rpartition(":")
            if not host or not port.isdigit() or int(port) > 65535:
                raise ValueError(f"{name} is host:port, e.g. 127.0.0.1:8443")
        return self

    @field_validator("camag_default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; use an IANA name such as Europe/Berlin") from None
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("LOG_LEVEL is one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("camag_database_url")
    @classmethod
    def _postgres_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(("postgresql://", "postgres://")):
            raise ValueError("CAMAG_DATABASE_URL is a postgresql:// address")
        return value

    def database_url(self) -> str | None:
        """The PostgreSQL address, password included: only call this where it is needed."""
        return None if self.camag_database_url is None else self.camag_database_url.get_secret_value()

    def secrets(self) -> list[str]:
        """Every secret the settings hold, for the log formatter to mask."""
        held = (self.telegram_bot_token, self.camag_webhook_secret, self.camag_database_url)
        found = [secret.get_secret_value() for secret in held if secret is not None]
        password = urlparse(self.database_url() or "").password
        return found + ([unquote(password), password] if password else [])

    def token(self) -> str:
        """The bot token; only call this where it is needed (never log it)."""
        if self.telegram_bot_token is None:
            raise LookupError("TELEGRAM_BOT_TOKEN is not set")
        return self.telegram_bot_token.get_secret_value()
