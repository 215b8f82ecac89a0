"""Daily reminders as data: a journal on disk, an index by due minute in memory, one tick.

Why not PTB's JobQueue: it keeps jobs in memory only (gone after a restart), costs about 5 KB
per daily job, and APScheduler drops a job that runs more than a second late, which is what
happens to thousands of reminders due in the same minute. Instead:

* :class:`ReminderBook` holds each person's reminder (time, zone, paused, last day sent) and an
  index ``minute -> people due``. Every change is appended to ``reminders.jsonl``; at start-up
  the journal is folded, compacted, and each reminder is planned again, so all reminders are
  back after a restart, and one missed while the bot was down is due at once if it is still
  the same local day (once: never a flood of past days).
* :class:`Dispatcher` ticks once a minute (and at start-up), moves everything due into a queue,
  and a few workers send the check-ins at Telegram's bulk rate (about 30 a second, their own pace:
  replies to people never queue behind it; the bot's limiter still paces each chat). A check-in
  is recorded as sent before the next one is planned, so a retry never sends the same day twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from bot.clock import Clock
from bot.files import FILE_MODE, set_aside, write_atomically
from bot.schedule import fire_time, local_date, next_fire, zone
from bot.throttle import BULK_BURST, BULK_PER_SECOND, Sleep, TokenBucket

log = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SNOOZE = timedelta(hours=1)
COMPACT_FACTOR = 2  # rewrite the journal at start-up once it holds twice the live entries


def minute_of(moment: datetime) -> int:
    return int((moment - EPOCH).total_seconds() // 60)


@dataclass(slots=True)
class Reminder:
    user_id: int
    chat_id: int
    at: time
    zone: str
    paused: bool = False
    last_sent: date | None = None
    due_day: date | None = None  # the local day of the next planned check-in
    due_minute: int | None = None

    def record(self) -> dict[str, Any]:
        return {
            "u": self.user_id,
            "c": self.chat_id,
            "at": self.at.strftime("%H:%M"),
            "z": self.zone,
            "p": self.paused,
            "s": self.last_sent.isoformat() if self.last_sent else None,
        }


@dataclass(frozen=True, slots=True)
class Due:
    user_id: int
    day: date
    snoozed: bool = False


TAIL_BYTES = 4096  # far longer than any one entry


def _cut_torn_tail(fd: int) -> None:
    """Cut a last line a crash left unfinished (never acknowledged), so that the next entry starts
    a line of its own instead of being glued onto it."""
    size = os.fstat(fd).st_size
    if not size or os.pread(fd, 1, size - 1) == b"\n":
        return
    start = max(0, size - TAIL_BYTES)
    tail = os.pread(fd, size - start, start)
    os.ftruncate(fd, start + tail.rfind(b"\n") + 1)  # rfind -1: the whole tail was one torn line


class ReminderBook:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.reminders: dict[int, Reminder] = {}
        self._buckets: dict[int, set[int]] = {}
        self._snoozes: dict[int, dict[int, date]] = {}  # minute -> user -> day
        self._journal: TextIO | None = None

    # loading and the journal

    def load(self, now: datetime) -> None:
        """Fold the journal, compact it, and plan every reminder from ``now``.

        A line that can't be read (the wrong shape, a bad time, a zone tzdata no longer has) never
        stops the others: the journal is set aside whole, for whoever runs the bot, and rewritten
        from what could be read. A last line torn by a crash is simply left out."""
        snoozes: dict[int, tuple[datetime, date]] = {}
        text = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
        lines = text.splitlines()
        damaged = 0
        for number, line in enumerate(lines, start=1):
            try:
                self._fold(json.loads(line), snoozes)
            except (ValueError, KeyError, TypeError, AttributeError):
                torn = number == len(lines) and not text.endswith("\n")  # a crash mid-append
                damaged += 0 if torn else 1
        live_snoozes = {uid: s for uid, s in snoozes.items() if uid in self.reminders and s[0] > now}
        if damaged:
            log.warning("%s: %d line(s) could not be read", self.path.name, damaged)
            set_aside(self.path)
        torn_tail = bool(text) and not text.endswith("\n")
        if damaged or torn_tail or len(lines) > COMPACT_FACTOR * (len(self.reminders) + len(live_snoozes)):
            self._compact(live_snoozes)
        for reminder in self.reminders.values():
            self._plan(reminder, now, catch_up=True)
        for uid, (until, day) in live_snoozes.items():
            self._snoozes.setdefault(minute_of(until), {})[uid] = day

    def _compact(self, snoozes: dict[int, tuple[datetime, date]]) -> None:
        """Rewrite the journal as one line per reminder (and live snooze)."""
        write_atomically(
            self.path,
            "".join(json.dumps(r.record()) + "\n" for r in self.reminders.values())
            + "".join(
                json.dumps({"u": uid, "sn": until.isoformat(), "d": day.isoformat()}) + "\n"
                for uid, (until, day) in snoozes.items()
            ),
        )

    def _fold(self, entry: dict[str, Any], snoozes: dict[int, tuple[datetime, date]]) -> None:
        uid = int(entry["u"])
        if entry.get("off"):
            self.reminders.pop(uid, None)
            snoozes.pop(uid, None)
        elif "at" in entry:
            zone(entry["z"])  # a zone tzdata no longer knows is damage (ParseError is a ValueError)
            self.reminders[uid] = Reminder(
                uid,
                int(entry["c"]),
                time.fromisoformat(entry["at"]),
                entry["z"],
                paused=bool(entry.get("p")),
                last_sent=date.fromisoformat(entry["s"]) if entry.get("s") else None,
            )
        elif uid in self.reminders:
            reminder = self.reminders[uid]
            if "p" in entry:
                reminder.paused = bool(entry["p"])
            if "s" in entry:
                reminder.last_sent = date.fromisoformat(entry["s"])
            if "sn" in entry:
                snoozes[uid] = (datetime.fromisoformat(entry["sn"]), date.fromisoformat(entry["d"]))

    def _append(self, entry: dict[str, Any]) -> None:
        """One change, on a line of its own, on the disk (fsynced) before the change counts."""
        if self._journal is None:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, FILE_MODE)
            _cut_torn_tail(fd)
            self._journal = os.fdopen(fd, "a", encoding="utf-8")
        self._journal.write(json.dumps(entry) + "\n")
        self._journal.flush()
        os.fsync(self._journal.fileno())

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    # planning

    def _unplan(self, reminder: Reminder) -> None:
        if reminder.due_minute is not None:
            bucket = self._buckets.get(reminder.due_minute)
            if bucket is not None:
                bucket.discard(reminder.user_id)
                if not bucket:
                    del self._buckets[reminder.due_minute]
        reminder.due_minute = reminder.due_day = None

    def _plan(self, reminder: Reminder, now: datetime, *, catch_up: bool = False) -> None:
        self._unplan(reminder)
        if reminder.paused:
            return
        today = local_date(now, reminder.zone)
        when = fire_time(today, reminder.at, reminder.zone)
        if today == reminder.last_sent or (when <= now and not catch_up):
            today, when = next_fire(now, reminder.at, reminder.zone, not_on=reminder.last_sent)
        day, minute = today, minute_of(max(when, now))  # a missed one at start-up: now, once
        reminder.due_day, reminder.due_minute = day, minute
        self._buckets.setdefault(minute, set()).add(reminder.user_id)

    # changes (each one journalled)

    def set(self, user_id: int, chat_id: int, at: time, zone: str, now: datetime) -> Reminder:
        known = self.reminders.get(user_id)
        reminder = Reminder(user_id, chat_id, at, zone, last_sent=known.last_sent if known else None)
        if known is not None:
            self._unplan(known)
        self.reminders[user_id] = reminder
        self._append(reminder.record())
        self._plan(reminder, now)
        return reminder

    def off(self, user_id: int) -> None:
        reminder = self.reminders.pop(user_id, None)
        if reminder is not None:
            self._unplan(reminder)
            self._append({"u": user_id, "off": 1})

    def forget(self, user_id: int, now: datetime) -> None:
        """Remove every trace of ``user_id``: the reminder, its snoozes, and its journal lines."""
        self.off(user_id)
        for users in self._snoozes.values():
            users.pop(user_id, None)
        self.close()
        live = {
            uid: (datetime.fromtimestamp(minute * 60, UTC), day)
            for minute, users in self._snoozes.items()
            for uid, day in users.items()
            if minute_of(now) <= minute
        }
        self._compact(live)

    def export(self, user_id: int) -> dict[str, Any] | None:
        reminder = self.reminders.get(user_id)
        return None if reminder is None else reminder.record()

    def pause(self, user_id: int) -> None:
        reminder = self.reminders.get(user_id)
        if reminder is not None and not reminder.paused:
            reminder.paused = True
            self._unplan(reminder)
            self._append({"u": user_id, "p": True})

    def resume(self, user_id: int, now: datetime) -> None:
        reminder = self.reminders.get(user_id)
        if reminder is not None and reminder.paused:
            reminder.paused = False
            self._append({"u": user_id, "p": False})
            self._plan(reminder, now)

    def mark_sent(self, user_id: int, day: date, now: datetime) -> None:
        reminder = self.reminders.get(user_id)
        if reminder is None:
            return
        if reminder.last_sent is None or day > reminder.last_sent:
            reminder.last_sent = day
            self._append({"u": user_id, "s": day.isoformat()})
        if reminder.due_day is not None and reminder.due_day <= day:
            self._plan(reminder, now)

    def snooze(self, user_id: int, day: date, now: datetime) -> datetime | None:
        if user_id not in self.reminders:
            return None
        until = now + SNOOZE
        self._snoozes.setdefault(minute_of(until), {})[user_id] = day
        self._append({"u": user_id, "sn": until.isoformat(), "d": day.isoformat()})
        return until

    def was_sent(self, user_id: int, day: date) -> bool:
        reminder = self.reminders.get(user_id)
        return reminder is not None and reminder.last_sent is not None and reminder.last_sent >= day

    # what is due

    def due(self, now: datetime) -> Iterator[Due]:
        """Everything due at or before ``now``, taken out of the index."""
        minute = minute_of(now)
        for bucket_minute in sorted(m for m in self._buckets if m <= minute):
            for user_id in sorted(self._buckets.pop(bucket_minute)):
                reminder = self.reminders.get(user_id)
                if reminder is not None and reminder.due_day is not None:
                    reminder.due_minute = None
                    yield Due(user_id, reminder.due_day)
        for snooze_minute in sorted(m for m in self._snoozes if m <= minute):
            for user_id, day in sorted(self._snoozes.pop(snooze_minute).items()):
                if user_id in self.reminders and not self.reminders[user_id].paused:
                    yield Due(user_id, day, snoozed=True)

    def pending(self) -> int:
        return sum(len(b) for b in self._buckets.values())


class Outcome(Enum):
    SENT = "sent"
    BLOCKED = "blocked"  # 403: pause until the person comes back
    RETRY = "retry"  # 429 or a network error: try again after ``retry_after`` seconds
    DROPPED = "dropped"  # refused for good (400): the day is over as far as reminders go


@dataclass(frozen=True, slots=True)
class Result:
    outcome: Outcome
    retry_after: float = 0.0


Send = Callable[[Reminder, Due], Awaitable[Result]]


class Dispatcher:
    """Moves due reminders into a queue once a minute; workers send them."""

    def __init__(
        self,
        book: ReminderBook,
        send: Send,
        clock: Clock,
        workers: int = 8,
        pace: TokenBucket | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.book = book
        self.send = send
        self.clock = clock
        self.workers = workers
        # Telegram's bulk rate, for the fan-out alone: replies to people never wait behind it.
        self.pace = pace or TokenBucket(BULK_PER_SECOND, BULK_BURST)
        self.sleep = sleep
        self.queue: asyncio.Queue[Due] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self.sent = 0

    def tick(self) -> int:
        """Queue everything due now; returns how many."""
        count = 0
        for due in self.book.due(self.clock.now()):
            self.queue.put_nowait(due)
            count += 1
        return count

    async def _work(self) -> None:
        while True:
            due = await self.queue.get()
            try:
                await self._deliver(due)
            except Exception:
                log.exception("reminder for user %s failed", due.user_id)
            finally:
                self.queue.task_done()

    async def _deliver(self, due: Due) -> None:
        reminder = self.book.reminders.get(due.user_id)
        if reminder is None or reminder.paused:
            return
        if not due.snoozed and self.book.was_sent(due.user_id, due.day):
            return  # a retry or a repeated tick: never twice for one day
        delay = self.pace.wait()
        if delay > 0:
            await self.sleep(delay)
        result = await self.send(reminder, due)
        now = self.clock.now()
        if result.outcome is Outcome.SENT:
            self.sent += 1
            self.book.mark_sent(due.user_id, due.day, now)
        elif result.outcome is Outcome.DROPPED:
            self.book.mark_sent(due.user_id, due.day, now)
        elif result.outcome is Outcome.BLOCKED:
            self.book.pause(due.user_id)
        else:
            loop = asyncio.get_running_loop()
            loop.call_later(max(result.retry_after, 1.0), self.queue.put_nowait, due)

    async def _loop(self) -> None:
        while True:
            self.tick()
            now = self.clock.now()
            await asyncio.sleep(60 - now.second - now.microsecond / 1e6 + 0.05)

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._work(), name=f"reminder-worker-{i}") for i in range(self.workers)]
        self._tasks.append(asyncio.create_task(self._loop(), name="reminder-tick"))

    async def drain(self) -> None:
        """Wait until everything queued so far has been handled."""
        await self.queue.join()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        self.book.close()
