"""The reminder book and the dispatcher: planning, restarts, catch-up, snooze, block, retry."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from bot.reminders import Dispatcher, Due, Outcome, Reminder, ReminderBook, Result, minute_of
from tests.bot.conftest import FakeClock

BERLIN = "Europe/Berlin"
NINE_PM = time(21, 0)


def at_utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def book_at(path: Path, now: datetime) -> ReminderBook:
    path.mkdir(parents=True, exist_ok=True)
    book = ReminderBook(path / "reminders.jsonl")
    book.load(now)
    return book


def test_a_reminder_is_due_at_its_local_time_and_then_tomorrow(tmp_path):
    now = at_utc(2026, 11, 21, 12)
    book = book_at(tmp_path, now)
    book.set(1, 1, NINE_PM, BERLIN, now)
    assert list(book.due(at_utc(2026, 11, 21, 19, 59))) == []
    assert list(book.due(at_utc(2026, 11, 21, 20, 0))) == [Due(1, date(2026, 11, 21))]  # 21:00 CET
    book.mark_sent(1, date(2026, 11, 21), at_utc(2026, 11, 21, 20, 0, 5))
    assert book.reminders[1].due_minute == minute_of(at_utc(2026, 11, 22, 20, 0))


def test_after_a_restart_every_reminder_is_back(tmp_path):
    now = at_utc(2026, 11, 21, 12)
    book = book_at(tmp_path, now)
    for user in range(1, 101):
        book.set(user, user, time(user % 24, 0), BERLIN, now)
    book.pause(7)
    book.off(8)
    book.close()
    again = book_at(tmp_path, now)
    assert len(again.reminders) == 99
    assert again.reminders[7].paused
    assert again.reminders[9].at == time(9, 0)
    assert again.pending() == 98  # the paused one is not planned


def test_a_reminder_missed_while_down_is_sent_once_at_start_if_still_the_same_day(tmp_path):
    before = at_utc(2026, 11, 20, 12)
    book = book_at(tmp_path, before)
    book.set(1, 1, NINE_PM, BERLIN, before)
    book.mark_sent(1, date(2026, 11, 20), at_utc(2026, 11, 20, 20, 0))
    book.close()
    # down from the 20th 21:00 until the 21st 22:00 Berlin (21:00 UTC): the 21st was missed
    restart = at_utc(2026, 11, 21, 21, 0)
    again = book_at(tmp_path, restart)
    assert list(again.due(restart)) == [Due(1, date(2026, 11, 21))]
    assert list(again.due(restart)) == []  # once, not per missed day
    # down past local midnight: the missed day is over, nothing is caught up
    book = book_at(tmp_path / "other", before)
    book.set(2, 2, NINE_PM, BERLIN, before)
    book.close()
    late = at_utc(2026, 11, 21, 23, 30)  # 00:30 on the 22nd in Berlin
    assert list(book_at(tmp_path / "other", late).due(late)) == []


def test_snooze_asks_again_an_hour_later(tmp_path):
    now = at_utc(2026, 11, 21, 20, 0)
    book = book_at(tmp_path, now)
    book.set(1, 1, NINE_PM, BERLIN, at_utc(2026, 11, 21, 12))
    list(book.due(now))
    book.mark_sent(1, date(2026, 11, 21), now)
    book.snooze(1, date(2026, 11, 21), now)
    assert list(book.due(now + timedelta(minutes=59))) == []
    assert list(book.due(now + timedelta(hours=1))) == [Due(1, date(2026, 11, 21), snoozed=True)]


class FakeSend:
    def __init__(self, results: list[Result] | None = None) -> None:
        self.results = results or []
        self.sent: list[tuple[int, date]] = []

    async def __call__(self, reminder: Reminder, due: Due) -> Result:
        result = self.results.pop(0) if self.results else Result(Outcome.SENT)
        if result.outcome is Outcome.SENT:
            self.sent.append((reminder.user_id, due.day))
        return result


async def test_the_dispatcher_sends_each_day_once_and_pauses_blocked_people(tmp_path):
    clock = FakeClock(at_utc(2026, 11, 21, 12))
    book = book_at(tmp_path, clock.now())
    book.set(1, 1, NINE_PM, BERLIN, clock.now())
    book.set(2, 2, NINE_PM, BERLIN, clock.now())
    send = FakeSend([Result(Outcome.SENT), Result(Outcome.BLOCKED)])
    dispatcher = Dispatcher(book, send, clock, workers=2)
    dispatcher.start()
    clock.current = at_utc(2026, 11, 21, 20, 0)
    assert dispatcher.tick() == 2
    await dispatcher.drain()
    assert dispatcher.tick() == 0  # a second tick in the same minute sends nothing more
    await dispatcher.drain()
    assert send.sent == [(1, date(2026, 11, 21))]
    assert book.reminders[2].paused
    assert book.reminders[1].last_sent == date(2026, 11, 21)
    await dispatcher.stop()


async def test_a_refused_send_is_retried_later_and_still_sent_once(tmp_path):
    clock = FakeClock(at_utc(2026, 11, 21, 20, 0))
    book = book_at(tmp_path, at_utc(2026, 11, 21, 12))
    book.set(1, 1, NINE_PM, BERLIN, at_utc(2026, 11, 21, 12))
    send = FakeSend([Result(Outcome.RETRY, retry_after=0.01)])
    dispatcher = Dispatcher(book, send, clock, workers=1)
    dispatcher.start()
    dispatcher.tick()
    await dispatcher.drain()
    assert send.sent == []
    for _ in range(100):
        if send.sent:
            break
        await asyncio.sleep(0.02)
    await dispatcher.drain()
    assert send.sent == [(1, date(2026, 11, 21))]
    await dispatcher.stop()
