"""Logging that never shows a secret or what people typed, at any level.

Bot API URLs carry the token, and the Bot API calls that python-telegram-bot logs at DEBUG carry
people's ids, their answers and the webhook secret (setWebhook). So the libraries that log
requests or updates are kept at INFO or above whatever the level asked for (httpx at WARNING: it
logs each URL at INFO), CaMag's own modules never log message text, and the formatter masks every
secret wherever it appears in the finished line, tracebacks included.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TextIO

MASK = "[secret]"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Loggers that would write request parameters or update contents below these levels.
QUIET = {
    "telegram": logging.INFO,
    "aiohttp": logging.INFO,
    "apscheduler": logging.WARNING,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "psycopg": logging.WARNING,  # the pool logs each connection lent at INFO
    "fontTools": logging.WARNING,  # the PDF report's font subsetting: its glyphs, the text's characters
}


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every one of ``secrets`` masked (the longest first, so none shows in part)."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


class RedactingFormatter(logging.Formatter):
    def __init__(self, secrets: Iterable[str], fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self._secrets = list(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self._secrets)


def configure(level: str, secrets: Iterable[str], stream: TextIO | None = None) -> logging.Handler:
    """Log to ``stream`` (stderr) at ``level``, with every secret masked in every line."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, floor in QUIET.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))
    return handler
