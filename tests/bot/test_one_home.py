"""Issue #13: each person's state in one home, committed with the answer that changed it.

Each test fails on the layout before it: the same update applied to the next question too, the day
being logged kept in memory only, and a data folder of the old layout."""

from __future__ import annotations

import itertools
import shutil
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from bot.callbacks import Action, encode
from bot.store.interface import RECENT_UPDATES, FlowName, Person
from tests.bot import fake_telegram
from tests.bot.conftest import FakeClock, Harness, start_bot, stop_bot
from tests.bot.fake_telegram import Sent
from tests.bot.test_checkins import checkin_open
from tests.bot.test_interview import begin

ON_BOTH_BACKENDS = True  # the running bot, on TinyDB and on PostgreSQL (tests/bot/conftest.py)

LAYOUT_1 = Path(__file__).parent / "data" / "layout1"
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


async def test_an_update_delivered_twice_is_applied_once(running: Harness):
    ada = running.client()
    await begin(ada)
    await ada.click("Female")
    await ada.click("Neither")
    await ada.click("Answer a few food questions")
    await ada.send("2")  # dairy
    asked = len(running.api.chat(42))
    await ada.redeliver()  # a webhook retry, or a restart before the offset was confirmed
    record = await running.interview(42)
    assert record is not None
    assert record.draft["servings.dairy"] == 2.0
    assert "servings.fortified_drinks" not in record.draft  # not taken for the next question too
    assert len(running.api.chat(42)) == asked  # and nothing said twice
    await ada.redeliver()
    assert (await running.interview(42)) == record


async def test_updates_numbered_afresh_lower_are_applied(running: Harness, monkeypatch):
    """After a week in which the bot had no updates, Telegram picks the next id at random: it may
    be lower than the last one applied, and is a new update all the same."""
    ada = running.client()
    await begin(ada)
    last = ada.last_update["update_id"]
    monkeypatch.setattr(fake_telegram, "UPDATE_IDS", itertools.count(1))
    await ada.click("Female")
    assert ada.last_update["update_id"] < last
    record = await running.interview(42)
    assert record is not None
    assert record.draft["sex"] == "female"


def test_a_record_from_before_the_window_keeps_its_last_update():
    person = Person.model_validate(
        {"user_id": 1, "chat_id": 1, "created_at": NOW, "updated_at": NOW, "last_update_id": 8}
    )
    assert person.applied(8)
    assert not person.applied(7)
    for update_id in range(100, 140):
        person.note_applied(update_id)
    assert person.recent_updates == list(range(140 - RECENT_UPDATES, 140))


async def test_a_tap_delivered_again_after_a_later_one_changes_nothing(running: Harness):
    ada = await checkin_open(running)
    checkin = ada.last()
    await ada.click("✅ Took everything as usual", checkin)
    first_tap = ada.last_update
    await ada.click("⭕ Took none", ada.last())
    answers = len(running.api.answers)
    ada.last_update = first_tap
    await ada.redeliver()  # the first tap again, after the second was applied
    assert len(running.api.answers) == answers + 1  # its spinner still stops
    assert [c.status for c in await running.checkins()] == ["none"]


async def test_the_day_being_logged_survives_a_restart(tmp_path: Path):
    data = tmp_path / "data"
    first = await start_bot(data)
    ada = await checkin_open(first)  # Saturday's check-in, in Berlin
    checkin = ada.last()
    first.clock.advance(timedelta(days=3))
    await ada.click("📝 Log what I took", checkin)  # three days later, for Saturday
    await stop_bot(first)
    second = await start_bot(data, api=first.api, clock=FakeClock(first.clock.now() + timedelta(minutes=5)))
    try:
        await second.client().send("magnesium 200 mg")
        (logged,) = await second.checkins()
        assert logged.day == date(2026, 11, 21)  # the day tapped, not the day the bot came back
        assert logged.supplements is not None
        assert logged.supplements[0].amount == 200
    finally:
        await stop_bot(second)


async def test_a_data_folder_of_the_old_layout_is_moved_over_and_everyone_carries_on(tmp_path: Path):
    """Written by CaMag before the store interface (the commit before it): 101 mid-interview, 102
    with results, a Tokyo reminder, check-ins and a day being logged, 103 choosing a reminder time."""
    data = tmp_path / "data"
    shutil.copytree(LAYOUT_1, data)
    clock = FakeClock(datetime(2026, 11, 23, 0, 30, tzinfo=UTC))  # 09:30 on the 23rd in Tokyo
    h = await start_bot(data, clock=clock)
    try:
        found = sorted(p.name for p in data.iterdir())
        assert found == [".lock", "due", "journal-1.log", "layout.json", "people"]
        mia = h.client(101)
        await mia.send("neither")  # typed, to the question asked before the upgrade
        before = Sent(chat_id=101, message_id=1, text="")  # and a tap on a message from before it
        h.api.messages[(101, 1)] = before
        await mia.click_data(encode(Action.ANSWER, "diet", "western"), before)
        record = await h.interview(101)
        assert record is not None
        assert record.draft == {"age": 34.0, "sex": "female", "life_stage": "neither", "diet": "western"}

        ola = h.client(103)
        await ola.send("7:30")
        assert "every day at <b>07:30</b> (America/Los_Angeles)" in ola.last().text

        ken = await h.person(102)
        assert ken is not None
        assert ken.zone == "Asia/Tokyo"
        assert ken.reminder is not None
        assert (ken.reminder.doses[0].at, ken.reminder.doses[0].last_sent) == (time(8, 0), date(2026, 11, 23))
        assert ken.assessments == 1
        assert [c.day for c in await h.checkins(102)] == [date(2026, 11, 21), date(2026, 11, 22)]
        assert ken.flow is not None
        assert ken.flow.name is FlowName.LOG_SUPPLEMENTS
        await h.client(102).send("magnesium 100 mg")
        assert "Anything notable you ate" in h.api.chat(102)[-1].text
        await h.client(102).send("/summary")
        assert h.api.chat(102)[-1].photo is not None
        assert await h.tick() == 0  # today's check-in was sent before the upgrade: not again
        clock.current += timedelta(days=1)
        clock.current = clock.current.replace(hour=23, minute=0)  # 08:00 on the 24th in Tokyo
        await h.tick()
        assert "Daily check-in, Tue 24 Nov" in h.api.chat(102)[-1].text

    finally:
        await stop_bot(h)
    again = await start_bot(data, clock=clock)  # and the moved folder opens as it is
    try:
        assert await again.interview(101) is not None
    finally:
        await stop_bot(again)
