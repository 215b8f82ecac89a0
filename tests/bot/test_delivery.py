"""An update is applied, for long polling and the webhook, once its unit of work committed: its
replies (paced per chat, a picture being drawn) do not hold it, and the application's stop waits
for them."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram import Update

from tests.bot.conftest import Harness, start_bot, stop_bot


def check(update_id: int, user_id: int = 42) -> dict[str, Any]:
    chat = {"id": user_id, "type": "private", "first_name": "Ada"}
    message = {"message_id": update_id, "date": 0, "chat": chat, "from": {**chat, "is_bot": False}, "text": "/check"}
    message["entities"] = [{"type": "bot_command", "offset": 0, "length": 6}]
    return {"update_id": update_id, "message": message}


def held_replies(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """Every sendMessage waits until the event returned is set (a chat's pace, say)."""
    go = asyncio.Event()
    real = harness.api.do_request

    async def slow(url: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        if url.endswith("/sendMessage"):
            await go.wait()
        return await real(url, *args, **kwargs)

    monkeypatch.setattr(harness.api, "do_request", slow)
    return go


async def test_an_update_is_applied_once_committed_while_its_replies_still_wait(running, monkeypatch):
    go = held_replies(running, monkeypatch)
    update = Update.de_json(check(900_001), running.app.bot)
    assert await asyncio.wait_for(running.services.deliveries.apply(running.app, update), 5)
    person = await running.person()
    assert person is not None
    assert person.applied(900_001)  # committed
    assert not running.api.chat(42)  # nothing said yet
    go.set()
    for _ in range(100):
        if running.api.chat(42):
            break
        await asyncio.sleep(0.02)
    assert "How old are you?" in (running.api.chat(42)[-1].text or "")


async def test_stopping_waits_for_the_replies_of_an_applied_update(tmp_path, monkeypatch):
    harness = await start_bot(tmp_path / "data")
    go = held_replies(harness, monkeypatch)
    update = Update.de_json(check(900_002), harness.app.bot)
    assert await asyncio.wait_for(harness.services.deliveries.apply(harness.app, update), 5)
    stopping = asyncio.ensure_future(stop_bot(harness))
    await asyncio.sleep(0.1)
    assert not stopping.done()
    go.set()
    await asyncio.wait_for(stopping, 5)
    assert "How old are you?" in (harness.api.chat(42)[-1].text or "")
