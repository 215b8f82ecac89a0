"""The Bot API transport, with network errors retried after a growing pause.

Only a request that cannot have reached Telegram (:class:`~bot.transport.NotSent`: no connection
could be opened) is always retried. Any other network error (a time-out, a connection dropped
after the request was written) may come after Telegram got it; then only requests that are safe
to repeat are retried, never a send, so a flaky network can delay or lose a message but never
duplicate it. Errors Telegram itself returns (400, 403, 429) are not network errors and are left
to their own handling.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

from bot import metrics
from bot.transport import NotSent

log = logging.getLogger(__name__)

ATTEMPTS = 4
FIRST_PAUSE_SECONDS = 0.5
SAFE_TO_REPEAT = frozenset(
    {
        "getMe",
        "getUpdates",
        "getChat",
        "getFile",
        "setMyCommands",
        "deleteWebhook",
        "setWebhook",
        "answerCallbackQuery",
        "editMessageText",
        "editMessageReplyMarkup",
        "sendChatAction",
    }
)


class RetryingRequest(BaseRequest):
    def __init__(self, inner: BaseRequest, attempts: int = ATTEMPTS, first_pause: float = FIRST_PAUSE_SECONDS) -> None:
        self.inner = inner
        self.attempts = attempts
        self.first_pause = first_pause

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]  # the method's name (the token is in the segment before)
        metrics.REPLIES.labels(endpoint).inc()
        pause = self.first_pause
        for attempt in range(1, self.attempts + 1):
            try:
                return await self.inner.do_request(
                    url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
                )
            except NetworkError as error:
                repeatable = isinstance(error, NotSent) or endpoint in SAFE_TO_REPEAT
                if attempt == self.attempts or not repeatable:
                    raise
                # Counted, and logged at DEBUG: a blip that a retry mends is no news, and one that
                # does not is reported by whoever gets the error (a start-up failure in one line).
                metrics.failed(error)
                log.debug("%s failed (%s); retry %d in %.1f s", endpoint, error, attempt, pause)
                await asyncio.sleep(pause)
                pause *= 2
        raise AssertionError("unreachable")  # pragma: no cover
