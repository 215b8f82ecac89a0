"""Settings from the environment and ``.env`` (every key is documented in ``.env.example``)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str | None = None
    telegram_api_base_file_url: str | None = None
    camag_data_dir: Path = Path("data")
    camag_default_timezone: str = "UTC"
    camag_interview_timeout_minutes: float = Field(default=60, gt=0)
    log_level: str = "INFO"

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

    def token(self) -> str:
        """The bot token; only call this where it is needed (never log it)."""
        if self.telegram_bot_token is None:
            raise LookupError("TELEGRAM_BOT_TOKEN is not set")
        return self.telegram_bot_token.get_secret_value()
