"""The update processor's lanes: each person's updates in order, a bounded number at work."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.lanes import LaneUpdateProcessor, outside_the_slot


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
