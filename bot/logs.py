"""Logging that never shows the bot token.

Bot API URLs carry the token. CaMag's transport (aiohttp) does not log URLs, httpx (which PTB
may still load) logs each one at INFO, so it is kept at WARNING; and the formatter masks the
token wherever it appears in the finished line, tracebacks included.
"""

from __future__ import annotations

import logging
from typing import TextIO

MASK = "[token]"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    def __init__(self, secret: str, fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self._secret = secret

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text.replace(self._secret, MASK) if self._secret else text


def configure(level: str, secret: str, stream: TextIO | None = None) -> logging.Handler:
    """Log to ``stream`` (stderr) at ``level``, with the token masked in every line."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter(secret))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return handler
