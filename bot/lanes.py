"""One lane per person: updates of different people run concurrently, each person's in order.

A person's updates wait in their own lane (so they are applied in the order they came), and
each lane is paced (a short burst, then a few updates a second), so someone sending dozens
of messages a second slows down only themself. A lane holds at most ``max_waiting`` updates;
beyond that a flood is dropped rather than queued without end. An update with no person (a
channel post, say) runs without a lane.

At most ``working`` updates are handled at a time. An update waiting for something that is not
its own work (its picture, drawn elsewhere one at a time; its chat's turn to be sent a message)
hands its slot back meanwhile (:func:`outside_the_slot`): a crowd asking for pictures at once
would otherwise hold every slot while their pictures queue, and nobody else's answer could start.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot import metrics

log = logging.getLogger(__name__)

PRUNE_AT = 10_000  # lanes kept before idle ones are forgotten
WAITING_SLOTS = 4096
T = TypeVar("T")

_slot: ContextVar[asyncio.Semaphore | None] = ContextVar("working_slot", default=None)


async def outside_the_slot(awaitable: Awaitable[T]) -> T:
    """Await ``awaitable`` with the update's working slot handed back meanwhile."""
    working = _slot.get()
    if working is None:
        return await awaitable
    working.release()
    try:
        return await awaitable
    finally:
        # Shielded: if this is cancelled, the slot is still taken back before the update's own
        # release of it, so the count stays right.
        await asyncio.shield(working.acquire())


@dataclass
class _Lane:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    tokens: float = 0.0
    refilled: float = 0.0
    waiting: int = 0


class LaneUpdateProcessor(BaseUpdateProcessor):
    """PTB admits up to ``WAITING_SLOTS`` updates at once (waiting in lanes is cheap); at most
    ``working`` of them are handled at the same time."""

    def __init__(self, working: int = 64, rate: float = 4.0, burst: int = 8, max_waiting: int = 100) -> None:
        super().__init__(WAITING_SLOTS)
        self._working = asyncio.Semaphore(working)
        self.rate = rate
        self.burst = burst
        self.max_waiting = max_waiting
        self._lanes: dict[int, _Lane] = {}
        self.dropped = 0

    @staticmethod
    def _person(update: object) -> int | None:
        if isinstance(update, Update):
            if update.effective_user is not None:
                return update.effective_user.id
            if update.effective_chat is not None:
                return update.effective_chat.id
        return None

    async def _pace(self, lane: _Lane) -> None:
        now = time.monotonic()
        if lane.refilled == 0.0:
            lane.tokens, lane.refilled = float(self.burst), now
        lane.tokens = min(float(self.burst), lane.tokens + (now - lane.refilled) * self.rate)
        lane.refilled = now
        if lane.tokens < 1.0:
            await asyncio.sleep((1.0 - lane.tokens) / self.rate)
            lane.tokens, lane.refilled = 1.0, time.monotonic()
        lane.tokens -= 1.0

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        with metrics.handling(update):
            await self._process(update, coroutine)

    async def _process(self, update: object, coroutine: Awaitable[Any]) -> None:
        person = self._person(update)
        if person is None:
            async with self._working:
                await coroutine
            return
        if len(self._lanes) > PRUNE_AT:
            self._prune()
        lane = self._lanes.setdefault(person, _Lane())
        if lane.waiting >= self.max_waiting:
            self.dropped += 1
            metrics.UPDATES_DROPPED.inc()
            log.warning("dropping an update from %s: more than %s waiting", person, self.max_waiting)
            if asyncio.iscoroutine(coroutine):
                coroutine.close()
            return
        lane.waiting += 1
        try:
            async with lane.lock:
                await self._pace(lane)
                async with self._working:
                    holding = _slot.set(self._working)
                    try:
                        await coroutine
                    finally:
                        _slot.reset(holding)
        finally:
            lane.waiting -= 1

    def _prune(self) -> None:
        """Forget idle lanes whose pacing has fully recovered (nothing of them is needed)."""
        recovered = time.monotonic() - self.burst / self.rate
        for person in [p for p, lane in self._lanes.items() if lane.waiting == 0 and lane.refilled < recovered]:
            del self._lanes[person]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
