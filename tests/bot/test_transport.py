"""The aiohttp transport against servers on 127.0.0.1: calls, uploads, and PTB's errors."""

from __future__ import annotations

import asyncio
import socket

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, TimedOut

from bot.transport import AiohttpRequest
from tests.fake_api_server import BOT, FakeBotApiServer

TOKEN = "7000001:TRANSPORT-token"


@pytest.fixture
def server():
    running = FakeBotApiServer().start()
    yield running
    running.stop()


async def test_messages_and_uploads_reach_the_bot_api(server: FakeBotApiServer):
    async with Bot(TOKEN, base_url=server.base_url, request=AiohttpRequest()) as bot:
        sent = await bot.send_message(42, "<b>hello</b>", parse_mode="HTML")
        await bot.send_photo(42, b"\x89PNG picture bytes", caption="a picture")
    assert sent.text == "<b>hello</b>"
    methods = [(method, params) for method, params, _ in server.calls if method in ("sendMessage", "sendPhoto")]
    assert [m for m, _ in methods] == ["sendMessage", "sendPhoto"]
    assert methods[0][1]["parse_mode"] == "HTML"
    assert methods[1][1]["caption"] == "a picture"


async def test_a_call_without_files_is_sent_as_json():
    seen: list[tuple[str, dict[str, object]]] = []

    async def bot_api(request: web.Request) -> web.Response:
        if request.path.endswith("/getMe"):
            return web.json_response({"ok": True, "result": BOT})
        seen.append((request.content_type, await request.json()))
        message = {"message_id": 1, "date": 0, "chat": {"id": 42, "type": "private"}, "text": "hi"}
        return web.json_response({"ok": True, "result": message})

    app = web.Application()
    app.router.add_post("/{path:.*}", bot_api)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="a|yes")]])
    try:
        async with Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=AiohttpRequest()) as bot:
            await bot.send_message(42, "hi ≤ 1:1", reply_markup=keyboard)
    finally:
        await runner.cleanup()
    content_type, body = seen[-1]
    assert content_type == "application/json"
    assert body["chat_id"] == 42
    assert body["text"] == "hi ≤ 1:1"
    assert body["reply_markup"] == {"inline_keyboard": [[{"text": "Yes", "callback_data": "a|yes"}]]}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_refused_connection_is_a_network_error():
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post(f"http://127.0.0.1:{_closed_port()}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()


async def test_a_server_that_never_answers_times_out():
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1)
        await asyncio.sleep(10)

    listener = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    request = AiohttpRequest(read_timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()
        listener.close()


async def test_calling_before_initialize_is_refused():
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request("http://127.0.0.1:1/", "POST")


def test_the_private_ptb_module_the_transport_uses_keeps_its_shape():
    """bot/transport.py tells "not given" from a given time-out with PTB's private ``DefaultValue``
    (``telegram._utils.defaultvalue``): if PTB moves or changes it, this fails before the bot does."""
    from telegram._utils.defaultvalue import DefaultValue
    from telegram.request import BaseRequest

    from bot.transport import _given

    assert isinstance(BaseRequest.DEFAULT_NONE, DefaultValue)  # what PTB passes for "not given"
    assert BaseRequest.DEFAULT_NONE.value is None
    assert _given(BaseRequest.DEFAULT_NONE, 3.0) == 3.0  # not given: the transport's own default
    assert _given(7.0, 3.0) == 7.0
    assert _given(None, 3.0) is None  # given as None: no limit
    request = AiohttpRequest(read_timeout=4.0)
    timeout = request._timeout(
        BaseRequest.DEFAULT_NONE, BaseRequest.DEFAULT_NONE, BaseRequest.DEFAULT_NONE, BaseRequest.DEFAULT_NONE, False
    )
    assert timeout.sock_read == 4.0
