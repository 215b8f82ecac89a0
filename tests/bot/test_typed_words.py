"""People who only type, through the real Application and a fake Bot API: what they mean is read,
said back, and asked about when unsure."""

from __future__ import annotations

from bot import views
from tests.bot.conftest import Harness


async def test_a_very_long_message_outside_any_flow_gets_the_pointer_not_an_error(running: Harness):
    ada = running.client()
    await ada.send("/start")
    shown = await ada.send("took them all " * 100)
    assert [m.text for m in shown] == [views.not_in_a_check()]
