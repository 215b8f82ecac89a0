"""Long polling asks Telegram again as soon as an update in hand is applied, not after a fixed pause:
while any update is unconfirmed, getUpdates answers at once with it, so a fixed pause there would
hold every update that arrives behind one being applied (a person's reply being drawn or paced)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from telegram import Update

from bot import polling
from bot.services import KEY
from tests.bot.test_webhook import update


class SlowFirst:
    """Applies update 1 only when let go, everything else at once; records what was applied."""

    def __init__(self) -> None:
        self.let_go = asyncio.Event()
        self.applied: list[int] = []

    async def apply(self, application: Any, one: Update) -> bool:
        if one.update_id == 1:
            await self.let_go.wait()
        self.applied.append(one.update_id)
        return True


class Telegram:
    """getUpdates as Telegram answers it: every update from ``offset`` on, at once when there is any."""

    def __init__(self, stop: asyncio.Event) -> None:
        self.stop = stop
        self.waiting = [Update.de_json(update(n, "x"), None) for n in (1, 2)]
        self.offsets: list[int | None] = []
        self.asked_twice = asyncio.Event()

    async def delete_webhook(self) -> None:
        return None

    async def get_updates(self, offset: int | None, **_: Any) -> list[Update]:
        self.offsets.append(offset)
        if len(self.offsets) == 2:
            self.asked_twice.set()
        if offset is not None:
            self.waiting = [u for u in self.waiting if u.update_id >= offset]
        if not self.waiting:
            self.stop.set()
            await asyncio.sleep(0)
        return list(self.waiting)


async def test_an_update_behind_one_being_applied_is_asked_for_when_that_one_is_done(monkeypatch):
    monkeypatch.setattr(polling, "BUSY_PAUSE", 60.0)  # a fixed pause would hold the poller a minute
    stop = asyncio.Event()
    deliveries = SlowFirst()
    telegram = Telegram(stop)
    application = SimpleNamespace(bot=telegram, bot_data={KEY: SimpleNamespace(deliveries=deliveries)})
    running = asyncio.create_task(polling.poll(application, ["message"], stop))  # type: ignore[arg-type]
    await asyncio.wait_for(telegram.asked_twice.wait(), 5)  # 1 and 2 taken; 1 still in hand, sent again
    assert deliveries.applied == [2]
    deliveries.let_go.set()
    await asyncio.wait_for(running, 5)
    assert deliveries.applied == [2, 1]
    assert telegram.offsets[-1] == 3  # asked again once 1 was done, everything confirmed
