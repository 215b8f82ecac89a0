"""Rate limits where Telegram applies them, not one queue for everything.

Telegram allows about one message a second in a private chat (short bursts are fine), 20 a minute
in a group, and about 30 a second for bulk notifications across the bot (more with paid
broadcasts). PTB's ``AIORateLimiter`` counts every chat-bound call, replies and edits included,
against the 30 a second, so a crowd answering at once queues for seconds behind it. Here:

* :class:`ChatRateLimiter` (the bot's limiter) paces each chat on its own bucket, private or
  group, and has no global cap: replies to different people never wait for each other. A reply
  waiting for its chat's turn hands its update's working slot back meanwhile (:mod:`bot.lanes`).
  A 429 (``RetryAfter``) pauses that chat (or, for a call without a chat, every call) for as
  long as Telegram says, then the call is tried again.
* The reminder dispatcher paces its fan-out with a :class:`TokenBucket` of its own at the bulk
  rate (:mod:`bot.reminders`).

Time is injected (``now``, ``sleep``) so the tests drive it with a fake clock.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.lanes import outside_the_slot

log = logging.getLogger(__name__)

Now = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

PRIVATE_PER_SECOND, PRIVATE_BURST = 1.0, 5
GROUP_PER_SECOND, GROUP_BURST = 20 / 60, 20
BULK_PER_SECOND, BULK_BURST = 30.0, 30
MAX_RETRIES = 3
PRUNE_AT = 10_000  # buckets kept before idle, full ones are forgotten


@dataclass
class TokenBucket:
    """``rate`` tokens a second, at most ``burst`` saved up; each call takes one."""

    rate: float
    burst: int
    now: Now = time.monotonic
    tokens: float = field(init=False)
    stamp: float = field(init=False)
    paused_until: float = 0.0

    def __post_init__(self) -> None:
        self.tokens, self.stamp = float(self.burst), self.now()

    def wait(self) -> float:
        """Take a token; how long to wait before using it (0: at once)."""
        now = self.now()
        if math.isinf(self.rate):  # no pace, only a pause Telegram asked for
            return max(0.0, self.paused_until - now)
        self.tokens = min(float(self.burst), self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        self.tokens -= 1.0
        delay = 0.0 if self.tokens >= 0 else -self.tokens / self.rate
        return max(delay, self.paused_until - now)

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self.now() + seconds)

    @property
    def idle(self) -> bool:
        """Full and not paused: forgetting it changes nothing."""
        now = self.now()
        refilled = math.isinf(self.rate) or self.tokens + (now - self.stamp) * self.rate >= self.burst
        return refilled and self.paused_until <= now


def _chat_key(chat: object) -> int | str | None:
    """The chat a call goes to: an id (a string of digits counts as one), a @channel name, or none."""
    if chat is None:
        return None
    text = str(chat)
    return int(text) if text.lstrip("-").isdigit() else text


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asked to wait (PTB gives seconds or a timedelta)."""
    wait = error.retry_after
    return float(wait) if isinstance(wait, int | float) else wait.total_seconds()


class ChatRateLimiter(BaseRateLimiter[int]):
    """Each chat's own pace; no cap across chats; 429s honoured and retried."""

    def __init__(self, max_retries: int = MAX_RETRIES, now: Now = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        self.max_retries = max_retries
        self.now, self.sleep = now, sleep
        self.buckets: dict[int | str, TokenBucket] = {}
        self.everything = TokenBucket(float("inf"), 1, now)  # paused only by a 429 without a chat

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    def _bucket(self, chat: int | str) -> TokenBucket:
        bucket = self.buckets.get(chat)
        if bucket is None:
            if len(self.buckets) > PRUNE_AT:
                self.buckets = {key: b for key, b in self.buckets.items() if not b.idle}
            group = isinstance(chat, str) or chat < 0
            rate, burst = (GROUP_PER_SECOND, GROUP_BURST) if group else (PRIVATE_PER_SECOND, PRIVATE_BURST)
            bucket = self.buckets[chat] = TokenBucket(rate, burst, self.now)
        return bucket

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat = data.get("chat_id")
        bucket = (
            self._bucket(int(chat) if isinstance(chat, int | str) and str(chat).lstrip("-").isdigit() else chat)
            if chat is not None
            else None
        )
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            delay = max(bucket.wait() if bucket else 0.0, self.everything.paused_until - self.now())
            if delay > 0:  # waiting for the chat's turn is not work: others' updates take the slot
                await outside_the_slot(self.sleep(delay))
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                seconds = (
                    error.retry_after
                    if isinstance(error.retry_after, int | float)
                    else error.retry_after.total_seconds()
                )
                (bucket or self.everything).pause(float(seconds) + 0.1)
                if attempt == retries:
                    raise
                log.info("%s: Telegram asked to wait %.1f s; trying again", endpoint, seconds)
        raise AssertionError("unreachable")  # pragma: no cover
