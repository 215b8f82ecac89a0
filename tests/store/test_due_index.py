"""The embedded store's reminder index: start-up reads who is due when without planning anyone,
catches up those due while the bot was down from their person files, and moves the JSON index of
earlier versions over."""

from __future__ import annotations

import json
import logging
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from bot.store import due_index
from bot.store.due_index import SHARDS, ReminderIndex
from bot.store.interface import Due
from bot.store.plans import Entry
from camag_core.schedule import Dose, Plan
from tests.bot.conftest import FakeClock
from tests.bot.test_reminders import BERLIN, NINE_PM, at_utc, set_reminder, store_at


@pytest.fixture
def plannings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The people the index plans from their plan (with their zone), in order."""
    planned: list[int] = []
    real = due_index.planned

    def counted(user_id, entry, now, *, catch_up=False):  # type: ignore[no-untyped-def]
        planned.append(user_id)
        return real(user_id, entry, now, catch_up=catch_up)

    monkeypatch.setattr(due_index, "planned", counted)
    return planned


async def test_start_up_plans_nobody_whose_check_ins_are_still_to_come(tmp_path: Path, plannings: list[int]):
    clock = FakeClock(at_utc(2026, 11, 21, 12))
    store = await store_at(tmp_path, clock)
    for user in range(1, 41):
        await set_reminder(store, user, time(14 + user % 8, 0))
    await store.close()  # the bot stopped
    plannings.clear()
    again = await store_at(tmp_path, clock)
    assert plannings == []
    assert len(again.index.entries) == 40
    assert again.index.pending() == 40
    due = await again.due(at_utc(2026, 11, 21, 13, 0))  # 14:00 in Berlin
    assert due == [Due(user, date(2026, 11, 21)) for user in range(8, 41, 8)]
    assert plannings == []


async def test_a_check_in_due_while_the_bot_was_down_is_planned_again_from_the_person_file(
    tmp_path: Path, plannings: list[int]
):
    clock = FakeClock(at_utc(2026, 11, 21, 5))
    store = await store_at(tmp_path, clock)
    await set_reminder(store, 1, time(8, 0))  # 07:00 UTC
    await set_reminder(store, 2, NINE_PM)
    async with store.person(1) as session:  # a second dose, at 21:00
        assert session.person is not None
        assert session.person.reminder is not None
        session.person.reminder = session.person.reminder.added(NINE_PM, BERLIN, clock.now())
    await store.close()  # the bot stopped
    clock.current = restart = at_utc(2026, 11, 21, 9)  # down over 08:00: missed, the same day
    plannings.clear()
    again = await store_at(tmp_path, clock)
    assert plannings == []
    assert again.index.pending() == 2  # the one still to come, and one person to plan again
    assert await again.due(restart) == [Due(1, date(2026, 11, 21))]
    assert plannings == [1]  # the late one alone, when first asked who is due
    assert await again.due(restart) == []
    evening = await again.due(at_utc(2026, 11, 21, 20))
    assert evening == [Due(1, date(2026, 11, 21), dose=2), Due(2, date(2026, 11, 21))]


@pytest.mark.parametrize(
    ("zone", "written", "due_at"),
    [
        ("America/New_York", at_utc(2026, 3, 7, 12), at_utc(2026, 3, 8, 12)),  # 08:00 EDT, the day after EST
        (BERLIN, at_utc(2026, 3, 28, 12), at_utc(2026, 3, 29, 6)),  # 08:00 CEST, the day after CET
    ],
)
async def test_a_check_in_written_before_a_clock_change_is_due_at_the_local_time_after_it(
    tmp_path: Path, zone, written, due_at
):
    """Read from the disk after a restart, west and east of UTC."""
    clock = FakeClock(written)
    store = await store_at(tmp_path, clock)
    await set_reminder(store, 1, time(8, 0), zone, last_sent=written.date())
    await store.close()  # the bot stopped
    again = await store_at(tmp_path, clock)
    assert await again.due(due_at - timedelta(minutes=1)) == []
    assert await again.due(due_at) == [Due(1, due_at.date())]


async def test_a_snooze_due_while_the_bot_was_down_is_due_at_once(tmp_path: Path):
    clock = FakeClock(at_utc(2026, 11, 21, 20))
    store = await store_at(tmp_path, clock)
    day = date(2026, 11, 21)
    await set_reminder(
        store, 1, NINE_PM, last_sent=day, snoozed_until=clock.now() + timedelta(hours=1), snoozed_day=day
    )
    await store.close()  # the bot stopped
    clock.current = restart = at_utc(2026, 11, 21, 22, 30)
    again = await store_at(tmp_path, clock)
    assert await again.due(restart) == [Due(1, day, snoozed=True)]
    assert await again.due(at_utc(2026, 11, 22, 20)) == [Due(1, date(2026, 11, 22))]


async def test_a_change_made_before_the_catch_up_is_what_counts(tmp_path: Path):
    clock = FakeClock(at_utc(2026, 11, 21, 5))
    store = await store_at(tmp_path, clock)
    await set_reminder(store, 1, time(8, 0))
    await store.close()  # the bot stopped
    clock.current = restart = at_utc(2026, 11, 21, 9)
    again = await store_at(tmp_path, clock)
    await set_reminder(again, 1, time(23, 0))  # before the first tick: from now on, at 23:00
    assert await again.due(restart) == []
    assert await again.due(at_utc(2026, 11, 21, 22)) == [Due(1, date(2026, 11, 21))]


async def test_a_late_person_whose_file_says_otherwise_or_cannot_be_read(tmp_path: Path, caplog):
    """The index may run ahead of a person file after a crash: the file decides; a damaged one
    stops nobody else."""
    clock = FakeClock(at_utc(2026, 11, 21, 5))
    store = await store_at(tmp_path, clock)
    for user in (1, 2, 3):
        await set_reminder(store, user, time(8, 0))
    await store.close()  # the bot stopped
    record = json.loads((store.folder(1) / "person.json").read_text())
    record["person"]["1"]["reminder"] = None
    (store.folder(1) / "person.json").write_text(json.dumps(record))
    (store.folder(2) / "person.json").write_text('{"person": {"1": {"user_id"')
    clock.current = restart = at_utc(2026, 11, 21, 9)
    again = await store_at(tmp_path, clock)
    with caplog.at_level(logging.WARNING):
        assert await again.due(restart) == [Due(3, date(2026, 11, 21))]
    assert "people/2" in caplog.text
    assert set(again.index.entries) == {3}


async def test_the_json_index_of_earlier_versions_is_moved_over(tmp_path: Path, caplog):
    clock = FakeClock(at_utc(2026, 11, 21, 12))
    store = await store_at(tmp_path, clock)
    for user in (1, 65, 2, 3):
        await set_reminder(store, user, NINE_PM)
    await set_reminder(store, 5, NINE_PM, paused=True)
    await store.close()
    # the index as kept before: 64 JSON shards by user id % 64; user 4 in it alone (ahead of a
    # person file that was never written), and the shard of user 3 damaged
    legacy = tmp_path / "reminders"
    legacy.mkdir()
    entry = Entry(zone=BERLIN, plan=Plan(doses=(Dose(number=1, at=NINE_PM),))).model_dump(mode="json")
    shards: dict[int, dict[str, object]] = {}
    for user in (1, 65, 2, 4):
        shards.setdefault(user % 64, {})[str(user)] = entry
    shards[5] = {"5": {**entry, "plan": {**entry["plan"], "paused": True}}}
    for shard, entries in shards.items():
        (legacy / f"{shard:02d}.json").write_text(json.dumps(entries))
    (legacy / "03.json").write_text("not json: private")
    for path in (tmp_path / "due").iterdir():
        path.unlink()
    (tmp_path / "due").rmdir()
    (tmp_path / ".due.building").mkdir()  # what a migration stopped part-way leaves
    (tmp_path / ".due.building" / "0001.bin").write_bytes(b"half")
    with caplog.at_level(logging.WARNING):
        again = await store_at(tmp_path, clock)
    assert "03.json" in caplog.text
    assert "private" not in caplog.text
    (kept,) = legacy.iterdir()  # the damaged shard, set aside for whoever runs the bot
    assert kept.name.startswith("03.json.damaged-")
    assert not (tmp_path / ".due.building").exists()
    assert set(again.index.entries) == {1, 2, 3, 4, 5, 65}
    due = await again.due(at_utc(2026, 11, 21, 20))
    assert [d.user_id for d in due] == [1, 2, 3, 4, 65]
    assert {d.day for d in due} == {date(2026, 11, 21)}
    assert set((await store_at(tmp_path, clock)).index.entries) == {1, 2, 3, 4, 5, 65}


async def test_writing_several_people_writes_each_of_their_shards_once(tmp_path: Path, monkeypatch):
    clock = FakeClock(at_utc(2026, 11, 21, 12))
    store = await store_at(tmp_path, clock)
    written: list[str] = []
    real = due_index.write_shard
    monkeypatch.setattr(
        due_index, "write_shard", lambda path, records, **kw: (written.append(path.name), real(path, records, **kw))
    )
    entry = Entry(zone=BERLIN, plan=Plan.daily(NINE_PM))
    store.index.write_many([(1, entry), (1 + SHARDS, entry), (2, entry), (3, None)])
    assert sorted(written) == ["0001.bin", "0002.bin", "0003.bin"]
    await store.close()  # the bot stopped
    again = await store_at(tmp_path, clock)
    assert set(again.index.entries) == {1, 2, 1 + SHARDS}


def test_many_people_new_since_start_up(tmp_path: Path):
    """People indexed after start-up are kept aside, then moved in with the others."""
    clock = FakeClock(at_utc(2026, 11, 21, 12))
    index = ReminderIndex(tmp_path / "due", clock, lambda folder: None)
    index.load(tmp_path / "people")
    index.plan_all(clock.now())
    entry = Entry(zone="UTC", plan=Plan.daily(NINE_PM))
    people = range(1, 5001)
    for user in people:
        index.apply(user, entry, clock.now())
    assert len(index.added) < 5000  # moved in at least once
    index.apply(7, None, clock.now())
    index.apply(8, Entry(zone="UTC", plan=Plan.daily(time(22, 0))), clock.now())
    assert len(index.entries) == 4999
    assert 7 not in index.entries
    assert 8 in index.entries
    due = index.due(at_utc(2026, 11, 21, 21), 10_000)
    assert [d.user_id for d in due] == [u for u in people if u not in (7, 8)]
    assert index.due(at_utc(2026, 11, 21, 22), 10_000) == [Due(8, date(2026, 11, 21))]
