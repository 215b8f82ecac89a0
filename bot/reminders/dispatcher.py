"""The check-ins going out (one per dose of a person's plan): a tick once a minute asks the store who is due, and a few
workers send each one at Telegram's bulk rate.

Why not PTB's JobQueue: it keeps jobs in memory only (gone after a restart), costs about 5 KB per
daily job, and APScheduler drops a job that runs more than a second late, which is what happens
to thousands of reminders due in the same minute.

Each send happens inside the person's unit of work: the store hands a due check-in out once, the
worker checks against the person's plan that it is still wanted (not sent for that dose and day,
not paused, not switched off) and, just before the send, that its session still holds the person
(a database restart ends the session, and the lock on the person with it), sends, and commits
the day as sent together with anything else the answer changed. A person's own updates wait
meanwhile, so nothing races. A commit lost after the send (the database restarting, the disk
full) is made again, in a fresh unit of work, until the
store takes it; meanwhile this worker does not take that check-in up again. Only a crash between
the send and the commit sends that one check-in again after the restart: at most one. A
missed check-in (the bot was down at its time) is sent at start-up if it is still the same local
day, once. Replies to people never queue behind the fan-out: it has its own pace.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from bot import metrics
from bot.clock import Clock
from bot.store.interface import Due, Person, PersonSession, Store, StoreUnavailable
from bot.throttle import BULK_BURST, BULK_PER_SECOND, Sleep, TokenBucket
from camag_core.schedule import Plan

log = logging.getLogger(__name__)


BATCH_SECONDS = 10
MIN_BATCH = 20
STORE_PAUSE = 5.0  # the store unavailable: a check-in not sent is queued again after this
RECORD_FIRST = 0.5  # a send whose commit was lost: recorded again after this, doubling up to
RECORD_MOST = 2.0
LATE = timedelta(minutes=1)  # a check-in sent later than this after it was taken (or re-queued) counts as late


class Outcome(Enum):
    SENT = "sent"
    BLOCKED = "blocked"  # 403: pause until the person comes back
    RETRY = "retry"  # 429 or a network error: try again after ``retry_after`` seconds
    DROPPED = "dropped"  # refused for good (400): the day is over as far as reminders go


@dataclass(frozen=True, slots=True)
class Result:
    outcome: Outcome
    retry_after: float = 0.0


Send = Callable[[Person, PersonSession, Due], Awaitable[Result]]


def after(plan: Plan, due: Due, result: Result) -> Plan:
    """The plan once ``due`` was tried with ``result``: paused for a person who blocked the bot."""
    if result.outcome is Outcome.BLOCKED:
        return plan.with_paused(True)
    return plan.after_send(due.occasion)


def record(person: Person, due: Due, result: Result) -> None:
    """What ``due`` tried with ``result`` changes in the person's record: their plan, and the day
    their check-ins began (adherence counts from it)."""
    if result.outcome is Outcome.SENT and (person.first_reminder is None or due.day < person.first_reminder):
        person.first_reminder = due.day
    if person.reminder is not None:
        person.reminder = after(person.reminder, due, result)


class Dispatcher:
    """Moves due check-ins into a queue once a minute; workers send them."""

    def __init__(
        self,
        store: Store,
        send: Send,
        clock: Clock,
        workers: int = 8,
        pace: TokenBucket | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.store = store
        self.send = send
        self.clock = clock
        self.workers = workers
        # Telegram's bulk rate, for the fan-out alone: replies to people never wait behind it.
        self.pace = pace or TokenBucket(BULK_PER_SECOND, BULK_BURST)
        # Taken from the store at a time: what this worker sends in about ten seconds, so that
        # other workers sharing the store get their part, and a worker that dies holds back little.
        self.batch = max(MIN_BATCH, int(self.pace.rate * BATCH_SECONDS))
        self.sleep = sleep
        self.queue: asyncio.Queue[Due] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self._recording: set[Due] = set()  # sent, their commit lost: being recorded again
        self._recorded = asyncio.Event()  # set while nothing is being recorded again
        self._recorded.set()
        self.sent = 0
        self._taken: dict[Due, datetime] = {}  # when each queued check-in was taken from the store

    async def tick(self) -> int:
        """Queue what is due now, a batch at a time as the workers get through it (so that other
        workers sharing the store take their part); returns how many."""
        total = 0
        while True:
            await self._recorded.wait()  # sends whose commit was lost are recorded before more are claimed
            due = await self.store.due(self.clock.now(), self.batch)
            taken = self.clock.now()
            for one in due:
                self._taken[one] = taken
                self.queue.put_nowait(one)
            metrics.REMINDERS_DUE.inc(len(due))
            total += len(due)
            if len(due) < self.batch:
                return total
            await self.queue.join()

    async def _work(self) -> None:
        while True:
            due = await self.queue.get()
            try:
                await self._deliver(due)
            except StoreUnavailable as error:  # nothing went out: tried again shortly
                metrics.failed(error)
                log.warning("reminder for user %s not sent: %s", due.user_id, error.why)
                self._later(due, STORE_PAUSE)
            except Exception as error:
                metrics.failed(error)
                log.exception("reminder for user %s failed", due.user_id)
            finally:
                self._taken.pop(due, None)
                self.queue.task_done()

    def _later(self, due: Due, seconds: float) -> None:
        asyncio.get_running_loop().call_later(seconds, self.queue.put_nowait, due)

    async def _deliver(self, due: Due) -> None:
        if due in self._recording:
            return  # sent already: its record is on its way
        tried: Result | None = None
        try:
            async with self.store.person(due.user_id) as session:
                person = session.person
                if person is None or person.reminder is None or not person.reminder.still_wanted(due.occasion):
                    session.settle(due)
                    return  # switched off, paused, the dose dropped, or already sent for that day
                delay = self.pace.wait()
                if delay > 0:
                    await self.sleep(delay)
                await session.hold()  # the database may have ended the session (and its lock) meanwhile
                result = await self.send(person, session, due)
                if result.outcome is Outcome.RETRY:
                    self._later(due, max(result.retry_after, 1.0))
                    return
                tried = result
                if result.outcome is Outcome.SENT:
                    self.sent += 1
                    metrics.REMINDERS_SENT.inc()
                    if self.clock.now() - self._taken.get(due, self.clock.now()) > LATE:
                        metrics.REMINDERS_LATE.inc()
                record(person, due, result)
                session.settle(due)
        except StoreUnavailable:
            if tried is None:
                raise
            await self._record(due, tried)

    async def _record(self, due: Due, result: Result) -> None:
        """``due`` went out (or was refused for good) but the commit saying so was lost: made again
        in a fresh unit of work until the store takes it, so that no lease running out sends it
        twice. (A commit that was in fact made and only its answer lost is made again harmlessly.)"""
        self._recording.add(due)
        self._recorded.clear()
        pause = RECORD_FIRST
        try:
            while True:
                try:
                    async with self.store.person(due.user_id) as session:
                        if session.person is not None:
                            record(session.person, due, result)
                        session.settle(due)
                    return
                except StoreUnavailable as error:
                    log.warning("check-in of user %s sent, not yet recorded (%s): again", due.user_id, error.why)
                    await asyncio.sleep(pause)
                    pause = min(2 * pause, RECORD_MOST)
        finally:
            self._recording.discard(due)
            if not self._recording:
                self._recorded.set()

    async def _loop(self) -> None:
        while True:
            try:
                await self.tick()
            except StoreUnavailable as error:
                log.warning("reminders: the store is unavailable (%s); asking again next minute", error.why)
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
