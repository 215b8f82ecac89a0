"""The update processor's lanes: each person's updates in order, a bounded number at work."""

from __future__ import annotations

import asyncio
import threading
from functools import partial
from typing import Any

from telegram import Update

from bot import app as app_module
from bot import chart
from bot.lanes import LaneUpdateProcessor, outside_the_slot
from bot.throttle import ChatRateLimiter
from tests.bot.conftest import start_bot, stop_bot


def _message(user: int, n: int) -> Update:
    return Update.de_json(
        {
            "update_id": n,
            "message": {
                "message_id": n,
                "date": 0,
                "chat": {"id": user, "type": "private"},
                "from": {"id": user, "is_bot": False, "first_name": "P"},
                "text": "hi",
            },
        },
        None,
    )


async def test_an_update_waiting_for_its_picture_does_not_hold_others_up():
    lanes = LaneUpdateProcessor(working=1)
    drawn = asyncio.get_running_loop().create_future()
    done: list[str] = []

    async def waits_for_a_picture() -> None:
        await outside_the_slot(drawn)
        done.append("picture sent")

    async def answers() -> None:
        done.append("answered")

    first = asyncio.create_task(lanes.do_process_update(_message(1, 1), waits_for_a_picture()))
    await asyncio.sleep(0)
    await asyncio.wait_for(lanes.do_process_update(_message(2, 2), answers()), 1)  # the only slot is free
    drawn.set_result(b"png")
    await asyncio.wait_for(first, 1)
    assert done == ["answered", "picture sent"]


async def test_the_slot_count_stays_right_when_an_update_is_cancelled_while_taking_it_back():
    lanes = LaneUpdateProcessor(working=1)
    loop = asyncio.get_running_loop()
    drawn, release_busy = loop.create_future(), loop.create_future()
    waiting = asyncio.create_task(lanes.do_process_update(_message(1, 1), outside_the_slot(drawn)))
    await asyncio.sleep(0)
    busy = asyncio.create_task(lanes.do_process_update(_message(2, 2), release_busy))  # takes the slot
    await asyncio.sleep(0)
    drawn.set_result(b"png")
    await asyncio.sleep(0)  # the first update now waits to take its slot back
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    release_busy.set_result(None)
    await busy
    at_work: list[int] = []
    most = 0

    async def work(n: int) -> None:
        nonlocal most
        at_work.append(n)
        most = max(most, len(at_work))
        await asyncio.sleep(0.01)
        at_work.remove(n)

    updates = (lanes.do_process_update(_message(10 + n, 10 + n), work(n)) for n in range(3))
    await asyncio.wait_for(asyncio.gather(*updates), 1)
    assert most == 1, "more updates at work than there are slots"


async def _through_the_lanes(app: Any, raw: dict[str, Any]) -> None:
    """An update as the running bot takes it: its update processor (the lanes), then the handlers."""
    update = Update.de_json(raw, app.bot)
    await app.update_processor.process_update(update, app.process_update(update))


async def test_a_picture_being_drawn_does_not_hold_up_someone_elses_answer(tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "LaneUpdateProcessor", partial(LaneUpdateProcessor, working=1))
    drawing, drawn = threading.Event(), threading.Event()

    def slow_picture(result: object, *, t: object = None) -> bytes:
        drawing.set()
        drawn.wait(5)
        return b"\x89PNG picture"

    monkeypatch.setattr(chart, "render", slow_picture)
    running = await start_bot(tmp_path / "data")
    try:
        ada = running.client(42)
        await ada.send("/check")
        await ada.send("45")
        await ada.click("Female")
        await ada.click("Neither")
        await ada.click("Typical Western diet")
        await ada.click("0")  # soft drinks
        await ada.click("None")  # supplements
        await ada.click("None of these")  # conditions
        await ada.click("None of these")  # medicines
        review = ada.last_with_buttons()
        show = next(b["callback_data"] for b in review.buttons() if b["text"] == "✅ Show my balance")
        tap = {"id": "q1", "from": ada._user(), "chat_instance": "ci", "data": show}
        finishing = asyncio.create_task(
            _through_the_lanes(
                running.app, {"update_id": 900_001, "callback_query": {**tap, "message": running.api._message(review)}}
            )
        )
        assert await asyncio.to_thread(drawing.wait, 5), "the picture was never asked for"
        help_message = {
            "message_id": 1,
            "date": 0,
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        }
        bob = {"id": 7, "is_bot": False, "first_name": "Bob"}
        help_update = {
            "update_id": 900_002,
            "message": {**help_message, "chat": {"id": 7, "type": "private"}, "from": bob},
        }
        await asyncio.wait_for(_through_the_lanes(running.app, help_update), 2)  # the only slot is free
        assert running.api.chat(7), "Bob got no answer while Ada's picture was being drawn"
        assert running.api.chat(42)[-1].photo is None
        drawn.set()
        await asyncio.wait_for(finishing, 5)
        assert running.api.chat(42)[-1].photo == b"\x89PNG picture"
    finally:
        drawn.set()
        await stop_bot(running)


async def test_a_reply_waiting_for_its_chats_turn_does_not_hold_others_up():
    lanes = LaneUpdateProcessor(working=1)
    turn = asyncio.Event()

    async def sleep(seconds: float) -> None:
        await turn.wait()

    rate = ChatRateLimiter(sleep=sleep)
    rate._bucket(1).tokens = 0.0  # the chat has used its burst: its next message waits
    done: list[str] = []

    async def paced_reply() -> None:
        async def send() -> bool:
            done.append("paced reply sent")
            return True

        await rate.process_request(send, (), {}, "sendMessage", {"chat_id": 1}, None)

    async def answers() -> None:
        done.append("answered")

    first = asyncio.create_task(lanes.do_process_update(_message(1, 1), paced_reply()))
    await asyncio.sleep(0)
    await asyncio.wait_for(lanes.do_process_update(_message(2, 2), answers()), 1)  # the only slot is free
    turn.set()
    await asyncio.wait_for(first, 1)
    assert done == ["answered", "paced reply sent"]
