"""Updates no person sends as such, served without a traceback: an edited command (not run again),
a button on an inline message (no chat to answer in), ids beyond what Telegram gives."""

from __future__ import annotations

import logging

from bot import views
from camag_core.i18n import ENGLISH
from tests.bot.conftest import Harness

ON_BOTH_BACKENDS = True


def no_failure(caplog) -> None:  # type: ignore[no-untyped-def]
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not failures, failures[0].getMessage()


async def test_an_edited_check_command_starts_nothing(running: Harness, caplog):
    ada = running.client()
    message = {
        "message_id": 5,
        "date": 0,
        "edit_date": 1,
        "chat": {"id": 42, "type": "private", "first_name": "Ada"},
        "from": {"id": 42, "is_bot": False, "first_name": "Ada"},
        "text": "/check",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    }
    shown = await ada.send_update({"edited_message": message})
    assert [m.text for m in shown] == [views.not_text(ENGLISH, "edited")]
    assert await running.interview(42) is None
    no_failure(caplog)


async def test_a_button_on_an_inline_message_is_answered_and_nothing_else(running: Harness, caplog):
    ada = running.client()
    query = {
        "id": "77",
        "from": {"id": 42, "is_bot": False, "first_name": "Ada"},
        "chat_instance": "ci",
        "inline_message_id": "inline-1",
        "data": views.damaged_data(ENGLISH).keyboard.inline_keyboard[0][0].callback_data,  # type: ignore[union-attr]
    }
    await ada.send_update({"callback_query": query})
    assert [a["callback_query_id"] for a in running.api.answers] == ["77"]
    assert await running.person(42) is None
    no_failure(caplog)


async def test_ids_beyond_telegram_s_range_are_ignored_without_a_traceback(running: Harness, caplog):
    for huge in (2**63, 2**63 + 5, -(2**63) - 1, 2**70):
        giant = running.client(huge)
        await giant.send("/check")
        await giant.send("45")
    no_failure(caplog)
    assert "beyond Telegram's range" in caplog.text
