"""Network errors: retried with backoff where that cannot duplicate a message."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bot.retrying import RetryingRequest
from bot.transport import AiohttpRequest, NotSent
from tests.bot.conftest import Harness
from tests.bot.fake_telegram import FakeTelegram
from tests.bot.test_transport import TOKEN, _closed_port
from tests.fake_api_server import FakeBotApiServer


async def test_a_request_that_never_left_is_retried_and_the_message_arrives_once(running: Harness):
    running.api.raise_once["sendMessage"] = NotSent("connection refused")
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


async def test_a_send_whose_connection_dropped_is_not_repeated():
    api = FakeTelegram()
    request = RetryingRequest(api, first_pause=0.0)
    api.raise_once["sendMessage"] = NetworkError("aiohttp.ServerDisconnectedError: Server disconnected")
    with pytest.raises(NetworkError):
        await request.do_request("https://x/bot1:a/sendMessage", "POST")
    assert len(api.method_calls("sendMessage")) == 1


async def test_a_dropped_connection_after_the_request_was_written_never_duplicates_a_message():
    """Issue #12: the same message reached the server four times."""
    server = FakeBotApiServer().start()
    server.drop_after_reading.add("sendMessage")
    try:
        async with Bot(
            TOKEN, base_url=server.base_url, request=RetryingRequest(AiohttpRequest(), first_pause=0.0)
        ) as bot:
            with pytest.raises(NetworkError):
                await bot.send_message(42, "only once")
        assert [m for m, _, _ in server.calls].count("sendMessage") == 1
    finally:
        server.stop()


async def test_a_refused_connection_is_retried_through_the_real_transport():
    request = RetryingRequest(AiohttpRequest(), attempts=2, first_pause=0.0)
    await request.initialize()
    try:
        with pytest.raises(NotSent):
            await request.post(f"http://127.0.0.1:{_closed_port()}/bot{TOKEN}/sendMessage")
    finally:
        await request.shutdown()


async def test_it_gives_up_after_its_attempts():
    api = FakeTelegram()
    request = RetryingRequest(api, attempts=2, first_pause=0.0)

    class Always(FakeTelegram):
        async def do_request(self, *args: object, **kwargs: object) -> tuple[int, bytes]:
            raise NetworkError("down")

    request.inner = Always()
    with pytest.raises(NetworkError):
        await request.do_request("https://x/bot1:a/getMe", "POST")
