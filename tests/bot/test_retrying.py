"""Network errors: retried with backoff where that cannot duplicate a message."""

from __future__ import annotations

import pytest
from telegram.error import NetworkError, TimedOut

from bot.retrying import RetryingRequest
from tests.bot.conftest import Harness
from tests.bot.fake_telegram import FakeTelegram


async def test_a_connection_error_is_retried_and_the_message_arrives_once(running: Harness):
    running.api.raise_once["sendMessage"] = NetworkError("connection reset")
    shown = await running.client().send("/help")
    assert "/check" in shown[-1].text
    assert len(running.api.method_calls("sendMessage")) == 2  # the failed try, then the one that worked
    assert len(running.api.chat(42)) == 1


async def test_a_timed_out_send_is_not_repeated_but_a_timed_out_answer_is():
    api = FakeTelegram()
    request = RetryingRequest(api, first_pause=0.0)
    api.raise_once["sendMessage"] = TimedOut()
    with pytest.raises(TimedOut):
        await request.do_request("https://x/bot1:a/sendMessage", "POST")
    api.raise_once["answerCallbackQuery"] = TimedOut()
    code, _ = await request.do_request("https://x/bot1:a/answerCallbackQuery", "POST")
    assert code == 200


async def test_it_gives_up_after_its_attempts():
    api = FakeTelegram()
    request = RetryingRequest(api, attempts=2, first_pause=0.0)

    class Always(FakeTelegram):
        async def do_request(self, *args: object, **kwargs: object) -> tuple[int, bytes]:
            raise NetworkError("down")

    request.inner = Always()
    with pytest.raises(NetworkError):
        await request.do_request("https://x/bot1:a/getMe", "POST")
