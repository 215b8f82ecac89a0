"""Webhook mode: updates without the right secret are rejected; with it, they are handled."""

from __future__ import annotations

import asyncio
import json
import socket
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.app import build_application
from bot.store import Store
from tests.bot.conftest import FakeClock, make_settings
from tests.bot.fake_telegram import FakeTelegram

SECRET = "s3cret-token-for-tests_0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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


def update(n: int, text: str) -> dict:
    return {
        "update_id": n,
        "message": {
            "message_id": n,
            "date": 0,
            "chat": {"id": 42, "type": "private"},
            "from": {"id": 42, "is_bot": False, "first_name": "Ada"},
            "text": text,
        },
    }


async def test_updates_without_the_secret_are_rejected(tmp_path: Path):
    port = free_port()
    data = tmp_path / "data"
    settings = make_settings(
        data,
        camag_webhook_url="https://camag.example.org/telegram",
        camag_webhook_listen=f"127.0.0.1:{port}",
        camag_webhook_secret=SECRET,
    )
    api = FakeTelegram()
    app = build_application(settings, Store(data), FakeClock(datetime(2026, 11, 21, tzinfo=UTC)), request=api)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_webhook(**settings.webhook_options())
    try:
        url = f"http://127.0.0.1:{port}/telegram"
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
        assert api.method_calls("setWebhook")[0]["secret_token"] == SECRET
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)


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
