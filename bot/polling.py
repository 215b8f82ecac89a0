"""Long polling that confirms an update to Telegram only once it was applied.

PTB's Updater confirms each update as soon as it is queued (its next getUpdates asks from that
id + 1) and, when it stops, confirms what is still queued, unhandled: an update the store could
not take would be gone. Here getUpdates asks from the oldest update not yet applied, so Telegram
keeps that one and all after it (and delivers them again to the next process, should this one
die). An update being applied, or waiting to be tried again, comes back in each answer and is left
alone, as is one applied already while an older one is still in hand. One the store could not
take (:mod:`bot.delivery`) is tried again after a pause, doubling up to a minute, until it is.

So an update must be applied quickly: a getUpdates answer holds at most 100 updates, and once 100
have come in behind one still in hand, no newer one is fetched until it is done. Slow work (a label
photo's reading) is done outside its update (:mod:`bot.labels.readings`).

Another process polling the same bot makes Telegram answer 409 Conflict: :func:`poll` ends with
:class:`~telegram.error.Conflict`, and ``camag-bot`` says so in a line (bot/runner.py). On PostgreSQL a second
poller is refused before it starts (:func:`bot.database.polling_alone`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.error import Conflict, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.services import KEY
from bot.throttle import retry_seconds

log = logging.getLogger(__name__)

POLL_SECONDS = 10  # each getUpdates waits this long for something new (PTB's default too)
RETRY_FIRST = 1.0  # an update not applied is tried again after this, then twice as long each time
RETRY_MOST = 60.0
# Only updates already in hand came back (getUpdates answers at once while any is unconfirmed):
# ask again as soon as one of those being applied is done, or after BUSY_PAUSE at the most, so an
# update that arrives behind a slow one (a person's paced replies) waits no longer than that; when
# every update in hand waits for another try (the store down), after RETRY_PAUSE.
BUSY_PAUSE = 0.02
RETRY_PAUSE = 1.0
NETWORK_PAUSE = 5.0


class AnotherPoller(Exception):
    """Another process already takes this bot's updates by long polling."""


class Ledger:
    """The updates in hand: where getUpdates asks from, and which of its answer to apply now."""

    def __init__(self, first: float = RETRY_FIRST, most: float = RETRY_MOST) -> None:
        self.first, self.most = first, most
        self.next_id: int | None = None  # one past the newest update received
        # Not yet applied: update id -> (when it may be tried again, inf while being applied; its pause)
        self.pending: dict[int, tuple[float, float]] = {}

    @property
    def offset(self) -> int | None:
        """Every update before this one was applied: what getUpdates confirms."""
        return min(self.pending) if self.pending else self.next_id

    def take(self, updates: Sequence[Update], now: float) -> list[Update]:
        """Of a getUpdates answer, those to apply now: the new ones, and those due another try."""
        fresh = []
        for update in updates:
            uid = update.update_id
            if uid in self.pending:
                when, pause = self.pending[uid]
                if when <= now:
                    self.pending[uid] = (math.inf, pause)
                    fresh.append(update)
            elif self.next_id is None or uid >= self.next_id:
                self.pending[uid] = (math.inf, 0.0)
                fresh.append(update)
            if self.next_id is None or uid >= self.next_id:
                self.next_id = uid + 1
        return fresh

    def all_waiting(self) -> bool:
        """Whether every update in hand waits for another try (none is being applied)."""
        return bool(self.pending) and all(when != math.inf for when, _ in self.pending.values())

    def settle(self, update_id: int, applied: bool, now: float) -> None:
        if applied:
            self.pending.pop(update_id, None)
            return
        pause = min(max(self.pending.get(update_id, (0.0, 0.0))[1] * 2, self.first), self.most)
        self.pending[update_id] = (now + pause, pause)


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def _one_done(stopping: asyncio.Task[Any], applying: set[asyncio.Task[None]], ledger: Ledger) -> None:
    """Until an update being applied is done (or stopping): see BUSY_PAUSE."""
    pause = RETRY_PAUSE if ledger.all_waiting() else BUSY_PAUSE
    waiting: set[asyncio.Task[Any]] = {stopping, *applying}
    await asyncio.wait(waiting, timeout=pause, return_when=asyncio.FIRST_COMPLETED)


async def poll(
    application: Application,  # type: ignore[type-arg]
    allowed_updates: Sequence[str],
    stop: asyncio.Event,
    *,
    wait: float = POLL_SECONDS,
    ledger: Ledger | None = None,
) -> None:
    """Fetch and apply updates until ``stop`` is set; then wait for those being applied and confirm
    what was."""
    ledger = ledger or Ledger()
    deliveries = application.bot_data[KEY].deliveries
    bot = application.bot
    applying: set[asyncio.Task[None]] = set()

    async def apply(update: Update) -> None:
        applied = await deliveries.apply(application, update)
        ledger.settle(update.update_id, applied, time.monotonic())

    await bot.delete_webhook()  # a webhook and getUpdates exclude each other
    stopping = asyncio.ensure_future(stop.wait())
    try:
        while not stop.is_set():
            fetch = asyncio.ensure_future(
                bot.get_updates(offset=ledger.offset, timeout=wait, allowed_updates=list(allowed_updates))
            )
            await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not fetch.done():
                fetch.cancel()  # stopping: what it would have brought stays unconfirmed at Telegram
                break
            try:
                updates = fetch.result()
            except Conflict:
                raise
            except RetryAfter as error:
                await _pause(stop, retry_seconds(error))
                continue
            except NetworkError as error:
                log.warning("getUpdates failed (%s); again in %.0f s", error, NETWORK_PAUSE)
                await _pause(stop, NETWORK_PAUSE)
                continue
            fresh = ledger.take(updates, time.monotonic())
            for update in fresh:
                task = asyncio.create_task(apply(update), name=f"update-{update.update_id}")
                applying.add(task)
                task.add_done_callback(applying.discard)
            if updates and not fresh:
                await _one_done(stopping, applying, ledger)
    finally:
        stopping.cancel()
        await asyncio.gather(*applying, return_exceptions=True)
        if ledger.offset is not None:
            with contextlib.suppress(TelegramError):  # not confirmed: delivered again, and skipped then
                await bot.get_updates(offset=ledger.offset, timeout=0, allowed_updates=list(allowed_updates))
