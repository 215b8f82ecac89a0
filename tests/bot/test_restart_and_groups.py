"""Restarts in the middle of an interview, timeouts, and group chats."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot import views
from bot.callbacks import Action, encode
from camag_core.i18n import shipped, texts
from tests.bot.conftest import Harness, start_bot, stop_bot
from tests.bot.fake_telegram import BOT_USERNAME, Sent


async def answer_first_three(harness: Harness) -> None:
    ada = harness.client()
    await ada.send("/check")
    await ada.send("45")
    await ada.click("Female")


async def test_a_restart_in_the_middle_keeps_the_interview(tmp_path: Path):
    data = tmp_path / "data"
    first = await start_bot(data)
    await answer_first_three(first)
    await stop_bot(first)  # a clean restart
    second = await start_bot(data, api=first.api)
    ada = second.client()
    await ada.click("Neither")  # a button from before the restart
    assert "How would you like to describe" in ada.last().text
    await ada.click("Typical Western diet")
    record = await second.interview(42)
    assert record is not None
    assert record.draft == {"age": 45.0, "sex": "female", "life_stage": "neither", "diet": "western"}
    await stop_bot(second)


async def test_a_crash_in_the_middle_loses_no_answer(tmp_path: Path):
    data = tmp_path / "data"
    first = await start_bot(data)
    await answer_first_three(first)
    # no stop: the process died
    second = await start_bot(data, api=first.api)
    ada = second.client()
    await ada.send("I'm not pregnant, neither")
    assert "⚠️" in ada.last().text  # not a choice label: re-asked, nothing lost
    await ada.click("Neither")
    assert "How would you like to describe" in ada.last().text
    await stop_bot(second)
    await stop_bot(first)


async def test_a_flow_left_idle_ends_but_an_interview_waits(running: Harness):
    ada = running.client()
    await ada.send("/check")
    await ada.send("45")
    await ada.send("/remind")
    assert "Which time zone" in ada.last().text
    running.clock.advance(timedelta(hours=2))  # longer than the flow timeout (60 minutes)
    await ada.send("Berlin")  # no longer taken as the zone: the interview, waiting, reads it
    assert "⚠️" in ada.last().text
    assert (await running.person()).zone is None  # type: ignore[union-attr]
    running.clock.advance(timedelta(days=3))
    await ada.click("Female")
    record = await running.interview(42)
    assert record is not None
    assert record.draft == {"age": 45.0, "sex": "female"}


async def test_in_a_group_the_bot_collects_no_health_answers(running: Harness):
    group = running.client(user_id=42, chat_id=-100123)
    shown = await group.send("/check")
    assert "don't collect or show them in groups" in shown[-1].text
    assert f"https://t.me/{BOT_USERNAME}?start=check" in shown[-1].text
    await group.send("45")  # nothing is taken as an answer
    assert not running.store.folder(42).exists()
    assert len(running.api.chat(-100123)) == 1


async def test_the_pointer_to_the_private_chat_speaks_the_language_chosen_there(running: Harness):
    private = running.client(user_id=42)  # Telegram in English
    await private.send("/language")
    await private.click("Español")
    shown = await running.client(user_id=42, chat_id=-100123).send("/check")
    assert shown[-1].text == views.group_notice(texts("es"), BOT_USERNAME, "check")


@pytest.mark.parametrize(
    ("command", "flow"),
    [("/start", "check"), ("/summary", "summary"), ("/remind", "remind"), ("/settings", "settings"),
     ("/history", "history"), ("/mydata", "mydata"), ("/forget", "forget"), ("/guidance", "guidance")],
)  # fmt: skip
async def test_every_health_command_in_a_group_points_to_the_private_chat(running: Harness, command, flow):
    shown = await running.client(user_id=42, chat_id=-100123).send(command)
    assert [m.keyboard for m in shown] == [[]]  # no buttons to tap in the group
    assert f"?start={flow}" in shown[-1].text


async def test_a_button_in_a_group_does_nothing_but_say_so(running: Harness):
    """The attack from issue #12: a welcome posted in a group, its button tapped there."""
    private = running.client(user_id=42)
    welcome = (await private.send("/start"))[-1]
    group = running.client(user_id=43, chat_id=-100123)
    await group.click_data(encode(Action.BEGIN), Sent(chat_id=-100123, message_id=welcome.message_id, text=""))
    assert running.api.answers[-1].get("show_alert")
    assert "private chat" in running.api.answers[-1]["text"]
    assert running.api.chat(-100123) == []
    assert not running.store.folder(43).exists()


async def test_a_deep_link_opens_the_same_flow_in_the_private_chat(running: Harness):
    ada = running.client()
    await ada.send("/start check")
    assert "How old are you?" in ada.last().text
    await ada.send("/start remind")
    assert "time zone" in ada.last().text.lower()
    await ada.send("/cancel")
    for payload, words in (("summary", "No result yet"), ("history", "No check-ins yet"), ("guidance", "Pick a topic"),
                           ("forget", "Erase everything?"), ("settings", "Daily check-in")):  # fmt: skip
        await ada.send(f"/start {payload}")
        assert words in ada.last().text, payload


async def test_the_command_menu_is_registered_at_start_per_language_and_for_groups(running: Harness):
    menus = {
        (call.get("language_code"), (call.get("scope") or {}).get("type", "default")): [
            (c["command"], c["description"]) for c in call["commands"]
        ]
        for call in running.api.method_calls("setMyCommands")
    }
    # English for every language without its own menu, then one per shipped language; each for
    # private chats (the default scope) and for groups.
    assert set(menus) == {
        (language, scope) for language in (None, *shipped()) for scope in ("default", "all_group_chats")
    }
    names = [name for name, _ in menus[None, "default"]]
    assert names == [
        "check",
        "summary",
        "remind",
        "history",
        "settings",
        "refill",
        "report",
        "guidance",
        "sources",
        "cancel",
        "privacy",
        "mydata",
        "forget",
        "language",
        "help",
    ]
    assert ("check", "Work out your calcium : magnesium balance") in menus[None, "default"]
    # In groups, only what holds nothing personal (groups.py answers the rest with a pointer).
    assert {name for name, _ in menus[None, "all_group_chats"]} == {"help", "sources", "privacy"}
    for language in shipped():
        t = texts(language)
        assert ("help", t._("What CaMag can do")) in menus[language, "default"]
        assert [name for name, _ in menus[language, "all_group_chats"]] == [
            name for name, _ in menus[None, "all_group_chats"]
        ]
