"""Webhook mode: updates without the right secret are rejected; with it, they are handled."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import ValidationError
from telegram.ext import Application

from bot.app import build_application
from bot.store.tinydb_store import TinyDBStore
from bot.webhook import server_for
from tests.bot.conftest import FakeClock, make_settings
from tests.bot.fake_telegram import FakeTelegram

SECRET = "s3cret-token-for-tests_0123456789"


def post(url: str, body: dict, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(body).encode(), headers)  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def update(n: int, text: str, user: int = 42) -> dict:
    return {
        "update_id": n,
        "message": {
            "message_id": n,
            "date": 0,
            "chat": {"id": user, "type": "private"},
            "from": {"id": user, "is_bot": False, "first_name": "Ada"},
            "text": text,
        },
    }


@pytest.fixture
async def hooked(tmp_path: Path):
    """The real Application behind CaMag's webhook server on 127.0.0.1 (short time-outs)."""
    data = tmp_path / "data"
    settings = make_settings(
        data,
        camag_webhook_url="https://camag.example.org/telegram",
        camag_webhook_listen="127.0.0.1:0",
        camag_webhook_secret=SECRET,
    )
    api = FakeTelegram()
    clock = FakeClock(datetime(2026, 11, 21, tzinfo=UTC))
    app = build_application(settings, TinyDBStore(data, clock), clock, request=api, rate_limiter=None)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    await app.start()
    server = server_for(app, settings)
    server.header_timeout = server.body_timeout = 0.3
    server.max_connections = 3
    await server.start()
    yield server, api
    await server.stop()
    await app.stop()
    await app.shutdown()
    assert app.post_shutdown is not None
    await app.post_shutdown(app)


async def exchange(port: int, raw: bytes, *, wait: float = 3.0) -> bytes:
    """Send ``raw`` and read until the server closes or ``wait`` passes (bounded)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(raw)
    await writer.drain()
    try:
        return await asyncio.wait_for(reader.read(), wait)
    except TimeoutError:
        return b"(no answer)"
    finally:
        writer.close()


def request(body: bytes, secret: str | None, *, length: int | None = None, path: str = "/telegram") -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
    if secret is not None:
        head += f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\n"
    head += f"Content-Length: {len(body) if length is None else length}\r\n\r\n"
    return head.encode() + body


async def test_updates_without_the_secret_are_rejected(hooked):
    server, api = hooked
    url = f"http://127.0.0.1:{server.port}/telegram"
    assert await asyncio.to_thread(post, url, update(1, "no secret"), None) == 403
    assert await asyncio.to_thread(post, url, update(2, "wrong"), "not-the-secret-at-all") == 403
    assert await asyncio.to_thread(post, url, update(3, "hello"), SECRET) == 200
    for _ in range(100):
        if api.chat(42):
            break
        await asyncio.sleep(0.02)
    assert [m.text for m in api.chat(42)] == [
        "Send /check to work out your calcium : magnesium balance, or /help for everything I can do."
    ]


async def test_the_secret_is_checked_before_any_of_the_body_is_read(hooked):
    server, _ = hooked
    started = time.monotonic()
    answer = await exchange(server.port, request(b"", "wrong-secret", length=60_000_000))
    assert answer.startswith(b"HTTP/1.1 403")
    assert time.monotonic() - started < 2  # not waiting for 60 MB that never comes


async def test_a_body_over_the_cap_is_refused_unread(hooked):
    server, _ = hooked
    answer = await exchange(server.port, request(b"", SECRET, length=60_000_000))
    assert answer.startswith(b"HTTP/1.1 413")


async def test_slow_headers_and_slow_bodies_are_timed_out(hooked):
    server, _ = hooked
    started = time.monotonic()
    assert await exchange(server.port, b"POST /telegram HTTP/1.1\r\nHost: x\r\n") == b""  # closed, unanswered
    assert time.monotonic() - started < 2
    assert (await exchange(server.port, request(b'{"update_id"', SECRET, length=100))).startswith(b"HTTP/1.1 408")
    assert time.monotonic() - started < 4


async def test_headers_sent_a_byte_at_a_time_are_cut_off(hooked):
    server, _ = hooked
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    started = time.monotonic()
    with pytest.raises(ConnectionError):  # noqa: PT012 - the trickle goes on until the server hangs up
        for byte in b"POST /telegram HTTP/1.1\r\nX-Padding: " + b"a" * 200:
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(0.02)
            if reader.at_eof() or await _closed(reader):
                raise ConnectionResetError
    assert time.monotonic() - started < 2  # the header allowance (0.3 s here) counts from the connection's start
    writer.close()


async def _closed(reader: asyncio.StreamReader) -> bool:
    try:
        return await asyncio.wait_for(reader.read(1), 0.001) == b""
    except TimeoutError:
        return False


async def test_a_body_over_the_cap_sent_in_full_gets_413_not_a_reset(hooked):
    server, _ = hooked
    body = b'{"update_id": 1, "padding": "' + b"x" * 300_000 + b'"}'
    answer = await exchange(server.port, request(body, SECRET))
    assert answer.startswith(b"HTTP/1.1 413")


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({**update(5, "hi"), "message": {**update(5, "hi")["message"], "date": 1e20}}).encode(),
        b"[" * 100_000 + b"]" * 100_000,  # nested past the JSON reader's recursion limit
        b'{"update_id": 1, "message": "x"}',
        b"[1, 2]",
        b"not json",
    ],
    ids=["date 1e20", "nested 100,000 deep", "wrong type", "not an object", "not JSON"],
)
async def test_a_body_that_is_not_an_update_gets_400(hooked, body):
    server, _ = hooked
    answer = await exchange(server.port, request(body, SECRET))
    assert answer.startswith(b"HTTP/1.1 400")
    assert (await exchange(server.port, request(json.dumps(update(9, "hello")).encode(), SECRET))).startswith(
        b"HTTP/1.1 200"
    )


async def test_an_update_not_applied_is_answered_500_and_applied_later(hooked, monkeypatch, caplog):
    """The contract with the layers below: whatever processing an update raises means it was not
    applied, and the answer is 5xx (Telegram delivers it again); only a completed one gets 200."""
    server, api = hooked
    real = Application.process_update

    async def store_down(self, update):
        raise ConnectionError("the store is down")

    monkeypatch.setattr(Application, "process_update", store_down)
    body = json.dumps(update(21, "hello")).encode()
    with caplog.at_level(logging.ERROR, logger="bot.webhook"):
        assert (await exchange(server.port, request(body, SECRET))).startswith(b"HTTP/1.1 500")
    assert "update 21 was not applied (ConnectionError)" in caplog.text
    assert "hello" not in caplog.text
    assert api.chat(42) == []
    monkeypatch.setattr(Application, "process_update", real)
    assert (await exchange(server.port, request(body, SECRET))).startswith(b"HTTP/1.1 200")  # Telegram's retry
    assert len(api.chat(42)) == 1


async def test_health_and_metrics_are_served_beside_the_webhook(hooked):
    server, _ = hooked
    check = update(31, "/check")
    check["message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": 6}]
    assert (await exchange(server.port, request(json.dumps(check).encode(), SECRET))).startswith(b"HTTP/1.1 200")
    health = await exchange(server.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert health.startswith(b"HTTP/1.1 200")
    page = await exchange(server.port, b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert page.startswith(b"HTTP/1.1 200")
    assert b'camag_updates_total{kind="message"}' in page
    assert b"camag_people 1.0" in page  # the person who started a check
    families = text_string_to_metric_families(page.split(b"\r\n\r\n", 1)[1].decode())
    ours = [family for family in families if family.name.startswith("camag_")]  # not python_gc_*, process_*
    labels = {(name, value) for f in ours for sample in f.samples for name, value in sample.labels.items()}
    assert ("kind", "message") in labels
    for name, value in labels:  # kinds, methods, reasons, exception classes: words, never a person's ids or text
        assert re.fullmatch(r"[0-9.e+]+|\+Inf" if name == "le" else r"[A-Za-z_ ]+", value), (name, value)


async def test_health_says_503_when_the_store_does_not_answer(hooked, monkeypatch):
    server, _ = hooked

    async def broken() -> int:
        raise OSError("disk gone")

    monkeypatch.setattr(server.pages.store, "count_people", broken)
    health = await exchange(server.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert health.startswith(b"HTTP/1.1 503")
    assert b"the store can't be used (OSError)" in health


async def test_connections_are_bounded_and_slow_clients_never_starve_real_updates(hooked):
    server, _ = hooked
    idle = [await asyncio.open_connection("127.0.0.1", server.port) for _ in range(3)]
    await asyncio.sleep(0.05)
    assert (await exchange(server.port, request(b"{}", SECRET))).startswith(b"HTTP/1.1 503")
    await asyncio.sleep(0.5)  # the idle ones have run out of header time
    body = json.dumps(update(7, "hello")).encode()
    assert (await exchange(server.port, request(body, SECRET))).startswith(b"HTTP/1.1 200")
    for _, writer in idle:
        writer.close()


async def test_keep_alive_carries_several_updates(hooked):
    server, _ = hooked
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    for n in (11, 12):
        body = json.dumps(update(n, "hi")).encode()
        head = (
            f"POST /telegram HTTP/1.1\r\nHost: x\r\nX-Telegram-Bot-Api-Secret-Token: {SECRET}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        writer.write(head.encode() + body)
        await writer.drain()
        status = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 3)
        assert status.startswith(b"HTTP/1.1 200")
        await reader.readexactly(len(b'{"ok":true}'))
    writer.close()


async def test_refusals_are_logged_as_counts_at_most_once_a_minute(hooked, caplog):
    server, _ = hooked
    with caplog.at_level(logging.WARNING):
        for _ in range(30):
            await exchange(server.port, request(b"{}", "wrong-secret"))
            await exchange(server.port, b"POST /telegram HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")  # no Host
            await exchange(server.port, b"NOT HTTP AT ALL\r\n\r\n")
    assert len(caplog.records) <= 1
    assert "Traceback" not in caplog.text
    assert SECRET not in caplog.text


@pytest.mark.parametrize(
    "overrides",
    [
        {"camag_webhook_url": "https://camag.example.org/tg"},  # no secret
        {"camag_webhook_url": "https://camag.example.org/tg", "camag_webhook_secret": "short"},
        {"camag_webhook_url": "http://camag.example.org/tg", "camag_webhook_secret": SECRET},
        {"camag_webhook_listen": "nowhere"},
    ],
)
def test_webhook_settings_are_checked(tmp_path: Path, overrides: dict):
    with pytest.raises(ValidationError):
        make_settings(tmp_path, **overrides)
