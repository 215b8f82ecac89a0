"""A check-in sent whose commit is then lost (PostgreSQL restarting under it, the disk full for a
moment) is recorded again until the store takes it: it never goes out a second time, neither when
its claim's lease runs out nor after a restart."""

from __future__ import annotations

import asyncio
import errno
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.reminders.dispatcher import Dispatcher, Outcome, Result, record
from bot.store import journal
from bot.store.interface import Due, Person, PersonSession, StoreUnavailable
from bot.store.postgres_store import PostgresStore
from bot.throttle import TokenBucket
from tests.bot.conftest import FakeClock
from tests.bot.test_reminders import NINE_PM, FakeSend, at_utc, reminder_of, set_reminder, store_at
from tests.postgres import cut_connections, empty_database, migrate

DAY = date(2026, 11, 21)
DUE_AT = at_utc(2026, 11, 21, 20, 0)  # 21:00 in Berlin


class SendThen(FakeSend):
    """Sends, then does ``then`` once (the store failing under the send's unit of work)."""

    def __init__(self, then: object) -> None:
        super().__init__()
        self.then = then

    async def __call__(self, person: Person, session: PersonSession, due: Due) -> Result:
        result = await super().__call__(person, session, due)
        then, self.then = self.then, None
        if callable(then):
            await asyncio.to_thread(then)
        return result


async def due_now(dispatcher: Dispatcher) -> None:
    """A tick, and everything it queued handled."""
    await dispatcher.tick()
    await dispatcher.drain()


async def settled(store: object, user_id: int = 1) -> bool:
    """Whether the send got recorded, within a few seconds."""
    for _ in range(60):
        reminder = await reminder_of(store, user_id)  # type: ignore[arg-type]
        if reminder is not None and reminder.doses[0].last_sent == DAY:
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_commit_lost_to_a_full_disk_is_made_again_and_a_restart_sends_nothing_more(tmp_path: Path, monkeypatch):
    clock = FakeClock(at_utc(2026, 11, 21, 12))
    store = await store_at(tmp_path, clock)
    await set_reminder(store, 1, NINE_PM)
    real = journal.write_all
    failing = [False]

    def write(fd: int, data: bytes) -> None:
        if failing[0]:
            failing[0] = False
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(journal, "write_all", write)
    send = SendThen(lambda: failing.__setitem__(0, True))
    dispatcher = Dispatcher(store, send, clock, workers=1)
    dispatcher.start()
    clock.current = DUE_AT
    await due_now(dispatcher)
    recorded = await settled(store)
    await dispatcher.stop()
    await store.close()
    clock.advance(timedelta(minutes=30))  # a restart the same evening: a missed check-in is caught up
    again = await store_at(tmp_path, clock)
    dispatcher = Dispatcher(again, send, clock, workers=1)
    dispatcher.start()
    await due_now(dispatcher)
    await dispatcher.stop()
    assert send.sent == [(1, DAY)]
    assert recorded


@asynccontextmanager
async def reminded_on_postgres(lease: timedelta) -> AsyncIterator[tuple[str, FakeClock, PostgresStore]]:
    """A database of its own, and a store on it where user 1's check-in is due at ``DUE_AT``."""
    with empty_database() as url:
        await migrate(url)
        clock = FakeClock(at_utc(2026, 11, 21, 12))
        store = PostgresStore(url, clock, pool_size=4, lease=lease)
        await store.open(clock.now())
        try:
            await set_reminder(store, 1, NINE_PM)  # type: ignore[arg-type]
            yield url, clock, store
        finally:
            await store.close()


async def test_a_commit_lost_to_a_database_restart_is_made_again_and_the_lease_sends_nothing_more():
    async with reminded_on_postgres(timedelta(seconds=60)) as (url, clock, store):
        send = SendThen(lambda: cut_connections(url))  # the server restarts after the send
        dispatcher = Dispatcher(store, send, clock, workers=1)
        dispatcher.start()
        clock.current = DUE_AT
        await due_now(dispatcher)
        recorded = await settled(store)
        clock.advance(timedelta(minutes=5))  # the claim's lease long over
        await due_now(dispatcher)
        await dispatcher.stop()
    assert send.sent == [(1, DAY)]
    assert recorded


async def test_after_the_database_failed_no_claim_is_taken_over_for_a_lease():
    """Another worker's claim, its lease run out during an outage, waits one more lease here: time
    for that worker, alive, to record the send whose commit the outage cost it."""
    async with reminded_on_postgres(timedelta(seconds=1)) as (url, _, store):
        assert await store.due(DUE_AT) == [Due(1, DAY)]  # claimed (by a worker that then lost its commit)
        cut_connections(url)
        with pytest.raises(StoreUnavailable):  # the database restarted under this worker
            async with store.person(1):
                pass
        later = DUE_AT + timedelta(seconds=5)  # the lease long over
        assert await store.due(later) == []
        await asyncio.sleep(1.2)
        assert await store.due(later) == [Due(1, DAY)]  # a worker that died: taken over


async def test_a_session_ended_while_waiting_for_the_pace_sends_nothing_the_other_worker_sent():
    """Two workers hold the same check-in (its lease ran out in the first one's queue, the second
    took it over). The first checked it is still wanted, then waited its turn at the bulk rate,
    and the database restarted meanwhile: the session, and the lock on the person with it, gone.
    The second worker sent it then. The first must not send it again."""
    async with reminded_on_postgres(timedelta(seconds=60)) as (url, clock, store):
        clock.current = DUE_AT
        (due,) = await store.due(DUE_AT)
        other = PostgresStore(url, clock, pool_size=2)

        async def restart_and_the_other_worker_sends(seconds: float) -> None:
            await asyncio.to_thread(cut_connections, url)
            await other.open(DUE_AT)
            async with other.person(1) as session:  # the first worker's lock is gone: in at once
                assert session.person is not None
                record(session.person, due, Result(Outcome.SENT))
                session.settle(due)

        pace = TokenBucket(1.0, 1)
        pace.wait()  # the burst used up: the next check-in waits its turn
        send = FakeSend()
        dispatcher = Dispatcher(store, send, clock, workers=1, pace=pace, sleep=restart_and_the_other_worker_sends)
        dispatcher.start()
        dispatcher.queue.put_nowait(due)
        await dispatcher.drain()
        await dispatcher.stop()
        await other.close()
    assert send.sent == []  # sent once, by the other worker
