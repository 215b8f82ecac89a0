"""Reminders through the store and the dispatcher: planning, restarts, catch-up, snooze, block, retry."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from prometheus_client import REGISTRY

from bot.app import build_application
from bot.reminders.dispatcher import Dispatcher, Outcome, Result
from bot.services import KEY, Services
from bot.store.interface import Due, Person, PersonSession
from bot.store.tinydb_store import TinyDBStore
from camag_core.schedule import Dose, Plan, minute_of
from tests.bot.conftest import FakeClock, make_settings

BERLIN = "Europe/Berlin"
NINE_PM = time(21, 0)
WEBHOOK_SECRET = "a-secret-of-sixteen-or-more"  # a test's, for the settings of several workers


def at_utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def store_at(path: Path, clock: FakeClock) -> TinyDBStore:
    store = TinyDBStore(path, clock)
    await store.open(clock.now())
    return store


async def set_reminder(
    store: TinyDBStore, user_id: int, at: time, zone: str = BERLIN, *, paused: bool = False, **fields: Any
) -> None:
    """What /remind commits: the person's zone and a plan of one daily reminder, in one unit of work."""
    async with store.person(user_id) as session:
        now = store.clock.now()
        person = session.person or Person(user_id=user_id, chat_id=user_id, created_at=now, updated_at=now)
        person.zone = zone
        person.reminder = Plan(doses=(Dose(number=1, at=at, **fields),), paused=paused)
        session.person = person


async def reminder_of(store: TinyDBStore, user_id: int) -> Plan | None:
    async with store.person(user_id) as session:
        return session.person.reminder if session.person else None


async def test_a_reminder_is_due_at_its_local_time_and_then_tomorrow(tmp_path):
    clock = FakeClock(at_utc(2026, 11, 21, 12))
    store = await store_at(tmp_path, clock)
    await set_reminder(store, 1, NINE_PM)
    assert await store.due(at_utc(2026, 11, 21, 19, 59)) == []
    assert await store.due(at_utc(2026, 11, 21, 20, 0)) == [Due(1, date(2026, 11, 21))]  # 21:00 CET
    clock.current = at_utc(2026, 11, 21, 20, 0, 5)
    await set_reminder(store, 1, NINE_PM, last_sent=date(2026, 11, 21))
    assert await store.due(at_utc(2026, 11, 22, 19, 59)) == []
    assert await store.due(at_utc(2026, 11, 22, 20, 0)) == [Due(1, date(2026, 11, 22))]


async def test_after_a_restart_every_reminder_is_back(tmp_path):
    clock = FakeClock(at_utc(2026, 11, 21, 0, 30))
    store = await store_at(tmp_path, clock)
    for user in range(1, 101):
        await set_reminder(store, user, time(user % 24, 0), paused=user == 7)
    async with store.person(8) as session:
        assert session.person is not None
        session.person.reminder = None  # /remind off
    again = await store_at(tmp_path, clock)
    assert len(again.index.entries) == 99
    assert (await reminder_of(again, 7)).paused  # type: ignore[union-attr]
    assert (await reminder_of(again, 9)).doses[0].at == time(9, 0)  # type: ignore[union-attr]
    assert again.index.pending() == 98  # the paused one is not planned
    # by 08:00 UTC (09:00 in Berlin) everyone reminding at 09:00 or earlier is due, today, except
    # the paused one and the one switched off
    due = await again.due(at_utc(2026, 11, 21, 8, 0))
    assert {d.user_id for d in due} == {u for u in range(1, 101) if u % 24 <= 9} - {7, 8}
    assert {d.day for d in due} == {date(2026, 11, 21)}


async def test_a_reminder_missed_while_down_is_sent_once_at_start_if_still_the_same_day(tmp_path):
    clock = FakeClock(at_utc(2026, 11, 20, 12))
    store = await store_at(tmp_path, clock)
    await set_reminder(store, 1, NINE_PM, last_sent=date(2026, 11, 20))
    # down from the 20th 21:00 until the 21st 22:00 Berlin (21:00 UTC): the 21st was missed
    clock.current = restart = at_utc(2026, 11, 21, 21, 0)
    again = await store_at(tmp_path, clock)
    assert await again.due(restart) == [Due(1, date(2026, 11, 21))]
    assert await again.due(restart) == []  # once, not per missed day
    # down past local midnight: the missed day is over, nothing is caught up
    clock.current = at_utc(2026, 11, 20, 12)
    other = await store_at(tmp_path / "other", clock)
    await set_reminder(other, 2, NINE_PM)
    clock.current = late = at_utc(2026, 11, 21, 23, 30)  # 00:30 on the 22nd in Berlin
    assert await (await store_at(tmp_path / "other", clock)).due(late) == []


async def test_snooze_asks_again_an_hour_later(tmp_path):
    clock = FakeClock(at_utc(2026, 11, 21, 20, 0))
    store = await store_at(tmp_path, clock)
    now = clock.now()
    await set_reminder(
        store,
        1,
        NINE_PM,
        last_sent=date(2026, 11, 21),
        snoozed_until=now + timedelta(hours=1),
        snoozed_day=date(2026, 11, 21),
    )
    assert await store.due(now + timedelta(minutes=59)) == []
    assert await store.due(now + timedelta(hours=1)) == [Due(1, date(2026, 11, 21), snoozed=True)]
    assert minute_of(now + timedelta(hours=1)) not in store.index.by_minute()


class FakeSend:
    def __init__(self, results: list[Result] | None = None) -> None:
        self.results = results or []
        self.sent: list[tuple[int, date]] = []

    async def __call__(self, person: Person, session: PersonSession, due: Due) -> Result:
        result = self.results.pop(0) if self.results else Result(Outcome.SENT)
        if result.outcome is Outcome.SENT:
            self.sent.append((person.user_id, due.day))
        return result


async def test_the_dispatcher_sends_each_day_once_and_pauses_blocked_people(tmp_path):
    clock = FakeClock(at_utc(2026, 11, 21, 12))
    store = await store_at(tmp_path, clock)
    await set_reminder(store, 1, NINE_PM)
    await set_reminder(store, 2, NINE_PM)
    send = FakeSend([Result(Outcome.SENT), Result(Outcome.BLOCKED)])
    dispatcher = Dispatcher(store, send, clock, workers=1)
    dispatcher.start()
    clock.current = at_utc(2026, 11, 21, 20, 0)
    assert await dispatcher.tick() == 2
    await dispatcher.drain()
    assert await dispatcher.tick() == 0  # a second tick in the same minute sends nothing more
    await dispatcher.drain()
    assert send.sent == [(1, date(2026, 11, 21))]
    assert (await reminder_of(store, 2)).paused  # type: ignore[union-attr]
    assert (await reminder_of(store, 1)).doses[0].last_sent == date(2026, 11, 21)  # type: ignore[union-attr]
    await dispatcher.stop()


async def test_a_due_check_in_already_sent_for_its_day_is_not_sent_again(tmp_path):
    """The index may run ahead of a person's record after a crash: the record decides."""
    clock = FakeClock(at_utc(2026, 11, 21, 20, 0))
    store = await store_at(tmp_path, clock)
    await set_reminder(store, 1, NINE_PM, last_sent=date(2026, 11, 21))
    send = FakeSend()
    dispatcher = Dispatcher(store, send, clock, workers=1)
    dispatcher.start()
    dispatcher.queue.put_nowait(Due(1, date(2026, 11, 21)))
    await dispatcher.drain()
    assert send.sent == []
    await dispatcher.stop()


async def test_a_refused_send_is_retried_later_and_still_sent_once(tmp_path):
    clock = FakeClock(at_utc(2026, 11, 21, 12))
    store = await store_at(tmp_path, clock)
    await set_reminder(store, 1, NINE_PM)
    clock.current = at_utc(2026, 11, 21, 20, 0)
    send = FakeSend([Result(Outcome.RETRY, retry_after=0.01)])
    dispatcher = Dispatcher(store, send, clock, workers=1)
    dispatcher.start()
    await dispatcher.tick()
    await dispatcher.drain()
    assert send.sent == []
    for _ in range(100):
        if send.sent:
            break
        await asyncio.sleep(0.02)
    await dispatcher.drain()
    assert send.sent == [(1, date(2026, 11, 21))]
    await dispatcher.stop()


def test_several_workers_share_the_fan_out_rate(tmp_path):
    """Each worker's pace is its share of CAMAG_BROADCAST_PER_SECOND, burst included, so that the
    workers together keep to the rate (tests/workers checks it with three running)."""
    settings = make_settings(
        tmp_path,
        camag_workers=3,
        camag_broadcast_per_second=90,
        camag_database_url="postgresql://camag@127.0.0.1/camag",
        camag_webhook_url="https://bot.example.org/telegram",
        camag_webhook_secret=WEBHOOK_SECRET,
    )
    clock = FakeClock(at_utc(2026, 11, 21, 9, 0))
    app = build_application(settings, TinyDBStore(tmp_path / "data", clock), clock)
    found = app.bot_data[KEY]
    assert isinstance(found, Services)
    pace = found.dispatcher.pace
    assert (pace.rate, pace.burst) == (30, 30)


async def test_a_data_folder_of_one_daily_check_in_each_keeps_it_as_dose_1(tmp_path):
    """A person file and reminder index written before plans had doses."""
    clock = FakeClock(at_utc(2026, 11, 21, 12))
    old = {"at": "21:00:00", "paused": False, "last_sent": "2026-11-20", "snoozed_until": None, "snoozed_day": None}
    person = {"user_id": 1, "chat_id": 1, "created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z"}
    (tmp_path / "people" / "1").mkdir(parents=True)
    (tmp_path / "people" / "1" / "person.json").write_text(
        json.dumps({"person": {"1": {**person, "zone": BERLIN, "reminder": old}}})
    )
    (tmp_path / "reminders").mkdir()
    (tmp_path / "reminders" / "01.json").write_text(json.dumps({"1": {"zone": BERLIN, **old}}))
    (tmp_path / "layout.json").write_text(json.dumps({"version": 2}))
    store = await store_at(tmp_path, clock)
    assert await store.due(at_utc(2026, 11, 21, 20, 0)) == [Due(1, date(2026, 11, 21), dose=1)]
    send = FakeSend()
    dispatcher = Dispatcher(store, send, clock, workers=1)
    dispatcher.start()
    dispatcher.queue.put_nowait(Due(1, date(2026, 11, 21)))
    await dispatcher.drain()
    await dispatcher.stop()
    assert send.sent == [(1, date(2026, 11, 21))]
    await store.checkpoint()
    stored = json.loads((tmp_path / "people" / "1" / "person.json").read_text())["person"]["1"]["reminder"]
    assert stored["doses"][0]["last_sent"] == "2026-11-21"  # a plan from then on
    assert not (tmp_path / "reminders").exists()  # the index moved over to its records
    again = await store_at(tmp_path, clock)
    assert await again.due(at_utc(2026, 11, 21, 20, 0)) == []
    assert await again.due(at_utc(2026, 11, 22, 20, 0)) == [Due(1, date(2026, 11, 22), dose=1)]


async def test_each_dose_is_due_on_its_own_and_sent_once_a_day(tmp_path):
    """Tokyo (UTC+9): at 22:00 UTC on Sunday it is already Monday 07:00 there."""
    clock = FakeClock(at_utc(2026, 11, 22, 12))
    store = await store_at(tmp_path, clock)
    async with store.person(1) as session:
        now = clock.now()
        session.person = Person(user_id=1, chat_id=1, created_at=now, updated_at=now, zone="Asia/Tokyo")
        plan = (
            Plan.daily(time(7, 0)).added(time(22, 0), "Asia/Tokyo", now).added(time(7, 0), "Asia/Tokyo", now, weekday=0)
        )
        session.person.reminder = plan
    send = FakeSend()
    dispatcher = Dispatcher(store, send, clock, workers=1)
    dispatcher.start()
    clock.current = at_utc(2026, 11, 22, 13, 0)  # 22:00 Sunday in Tokyo
    assert await dispatcher.tick() == 1
    clock.current = at_utc(2026, 11, 22, 22, 0)  # 07:00 Monday in Tokyo: the daily and the weekly dose
    assert await dispatcher.tick() == 2
    await dispatcher.drain()
    assert await dispatcher.tick() == 0
    await dispatcher.stop()
    plan_now = await reminder_of(store, 1)
    assert plan_now is not None
    assert [d.last_sent for d in plan_now.doses] == [date(2026, 11, 23), date(2026, 11, 22), date(2026, 11, 23)]


COUNTED = ("due", "sent", "late")


def counts() -> dict[str, float]:
    read = REGISTRY.get_sample_value
    return {name: read(f"camag_reminders_{name}_total") or 0.0 for name in COUNTED} | {
        "commits": read("camag_store_commit_seconds_count") or 0.0
    }


class SlowSend(FakeSend):
    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock

    async def __call__(self, person: Person, session: PersonSession, due: Due) -> Result:
        if self.sent:
            self.clock.advance(timedelta(minutes=2))
        return await super().__call__(person, session, due)


async def test_the_metrics_count_check_ins_due_sent_and_late(tmp_path):
    clock = FakeClock(at_utc(2026, 11, 21, 12))
    store = await store_at(tmp_path, clock)
    await set_reminder(store, 1, NINE_PM)
    await set_reminder(store, 2, NINE_PM)
    send = SlowSend(clock)  # the second check-in goes out two minutes after both were taken
    dispatcher = Dispatcher(store, send, clock, workers=1)
    before = counts()
    dispatcher.start()
    clock.current = at_utc(2026, 11, 21, 20, 0)
    await dispatcher.tick()
    await dispatcher.drain()
    await dispatcher.stop()
    after = counts()
    assert {name: after[name] - before[name] for name in after} == {"due": 2, "sent": 2, "late": 1, "commits": 2}


async def test_a_crowded_minute_is_handed_out_in_batches_in_order_each_once(tmp_path):
    clock = FakeClock(at_utc(2026, 11, 21, 12))
    store = await store_at(tmp_path, clock)
    for user_id in range(2, 9):
        await set_reminder(store, user_id, NINE_PM)
    evening, day = at_utc(2026, 11, 21, 20, 0), date(2026, 11, 21)
    assert await store.due(evening, limit=3) == [Due(2, day), Due(3, day), Due(4, day)]
    await set_reminder(store, 1, NINE_PM)  # planned into the minute being handed out
    assert await store.due(evening, limit=3) == [Due(1, day), Due(5, day), Due(6, day)]
    assert await store.due(evening, limit=3) == [Due(7, day), Due(8, day)]
    assert await store.due(evening) == []
