"""Hostile input, unexpected updates, failures and floods: the bot keeps answering, plainly."""

from __future__ import annotations

import asyncio
import itertools
import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import views
from bot.store.interface import InterviewRecord
from bot.store.journal import Journal
from camag_core.i18n import ENGLISH
from camag_core.questionnaire import to_answers
from tests.bot.conftest import Harness, start_bot, stop_bot
from tests.bot.fake_telegram import Client

hostile_text = st.one_of(
    st.text(min_size=1, max_size=200),
    st.text(alphabet="🍕💊🥛🧀✅⚠️<>&\"'/\\0123456789.,-", min_size=1, max_size=50),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.just("9" * 4096),
    st.just("<b>bold</b> & <script>alert(1)</script>"),
    st.text(min_size=4096, max_size=4096),
)


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class _Bot:
    """One running bot on its own event loop, shared by every generated example."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.harness = self.loop.run_until_complete(start_bot(Path(tempfile.mkdtemp()) / "data"))
        self.users = itertools.count(10_000)

    def close(self) -> None:
        self.loop.run_until_complete(stop_bot(self.harness))
        self.loop.close()


@pytest.fixture(scope="module")
def shared_bot() -> Iterator[_Bot]:
    bot = _Bot()
    yield bot
    bot.close()


async def _hostile_session(harness: Harness, user_id: int, texts: list[str]) -> None:
    ada = harness.client(user_id)
    await ada.send("/check")
    for text in texts:
        before = len(harness.api.calls)
        await ada.send(text)
        assert len(harness.api.calls) > before, f"no reply to {text[:40]!r}"
        record = await harness.interview(user_id)
        assert record is not None
        InterviewRecord.model_validate(record.model_dump())
        to_answers(record.draft)  # what is stored is always a valid partial interview


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(hostile_text, min_size=1, max_size=12))
def test_no_text_breaks_the_interview(shared_bot: _Bot, texts: list[str]) -> None:
    errors = _Errors()
    logging.getLogger().addHandler(errors)
    try:
        shared_bot.loop.run_until_complete(_hostile_session(shared_bot.harness, next(shared_bot.users), texts))
    finally:
        logging.getLogger().removeHandler(errors)
    assert not errors.records, f"a handler failed: {errors.records[0].getMessage()}"


async def test_unexpected_updates_get_a_clear_reply(running: Harness, caplog):
    ada = running.client()
    await ada.send("/check")
    sticker = {
        "file_id": "s",
        "file_unique_id": "s",
        "type": "regular",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
    }
    base = {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "is_bot": False, "first_name": "A"},
    }
    voice = {"file_id": "v", "file_unique_id": "v", "duration": 3}
    for update, said in (
        ({"message": {**base, "sticker": sticker}}, "Nice sticker!"),
        (
            {"message": {**base, "photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]}},
            "couldn't get that photo",  # a photo is read as a label: fetched first
        ),
        ({"message": {**base, "voice": voice}}, "voice messages"),
        ({"edited_message": {**base, "text": "45", "edit_date": 1}}, "send it again as a new message"),
    ):
        shown = await ada.send_update(update)
        assert said in shown[-1].text
        assert "edited" not in shown[-1].text or "edited_message" in update  # each is answered for what it is
    message = ada.last_with_buttons()
    for data in ("c|2026-13-45|all", "c|2099-01-01|all", "ra|99:99", "rz|Mars/Base", "g|nope", "ok", "e|nope"):
        await ada.click_data(data, message)
    assert len(running.api.answers) == 7
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    record = await running.interview(42)
    assert record is not None
    assert record.draft == {}


async def test_a_failure_is_logged_with_context_and_told_plainly(running: Harness, caplog, monkeypatch):
    ada = running.client()
    await ada.send("/check")

    def broken(*_: object) -> None:
        raise RuntimeError("a bug in writing")

    monkeypatch.setattr(Journal, "append", broken)
    await ada.send("45")
    assert ada.last().text == views.something_went_wrong(ENGLISH)
    assert "saved" not in ada.last().text  # nothing of that answer was: no claim that it was
    assert "Traceback" not in ada.last().text
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert failures
    assert "a bug in writing" in str(failures[0].exc_info)
    assert "from user 42 in chat 42 text of 2 characters" in failures[0].getMessage()
    assert "45" not in failures[0].getMessage().split()  # what the person typed stays out of the log
    await ada.click("🤷 I don't know")
    assert running.api.answers[-1]["show_alert"] is True  # the tap is answered even so


async def test_a_flood_from_one_person_slows_down_only_them(running: Harness):
    app = running.app
    flooder, other = running.client(1001), running.client(1002)

    def update_of(client: Client, text: str, n: int) -> dict:
        return {
            "update_id": n,
            "message": {
                "message_id": n,
                "date": 0,
                "chat": {"id": client.chat_id, "type": "private"},
                "from": {"id": client.user_id, "is_bot": False, "first_name": "F"},
                "text": text,
            },
        }

    from telegram import Update

    for n in range(20):
        await app.update_queue.put(Update.de_json(update_of(flooder, f"spam {n}", n + 1), app.bot))  # type: ignore[attr-defined]
    await app.update_queue.put(Update.de_json(update_of(other, "hello", 999), app.bot))  # type: ignore[attr-defined]
    for _ in range(100):
        if running.api.chat(1002):
            break
        await asyncio.sleep(0.02)
    assert running.api.chat(1002), "the other person got no reply"
    assert len(running.api.chat(1001)) < 20, "the flood was not paced"
