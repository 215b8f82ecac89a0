"""What only the PostgreSQL backend promises: several workers (here, several stores) on one
database, leases on claimed check-ins, catching up after downtime, the schema's versions, and a
record that can't be read."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import psycopg
import pytest

from bot.reminders.dispatcher import Outcome, Result, after
from bot.store import schema
from bot.store.interface import Damaged, Due, Person, Reminder
from bot.store.postgres_store import PostgresStore
from tests.bot.conftest import FakeClock
from tests.postgres import empty_database, migrate

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
EVENING = NOW.replace(hour=20)  # 21:00 in Berlin


@pytest.fixture
async def workers(postgres_url: str) -> AsyncIterator[list[PostgresStore]]:
    """Three stores on one database, as three worker processes would have."""
    clock = FakeClock(NOW)
    stores = [PostgresStore(postgres_url, clock, pool_size=4) for _ in range(3)]
    for store in stores:
        await store.open(NOW)
    yield stores
    for store in stores:
        await store.close()


async def remind(store: PostgresStore, user_id: int, at: time = time(21, 0), zone: str = "Europe/Berlin") -> None:
    async with store.person(user_id) as session:
        session.person = Person(user_id=user_id, chat_id=user_id, created_at=NOW, updated_at=NOW, zone=zone)
        session.person.reminder = Reminder(at=at)


async def test_units_of_work_on_one_person_never_overlap_across_workers(workers: list[PostgresStore]):
    async with workers[0].person(7) as session:
        session.person = Person(user_id=7, chat_id=7, created_at=NOW, updated_at=NOW)

    async def add_one(store: PostgresStore) -> None:
        async with store.person(7) as session:
            assert session.person is not None
            seen = session.person.assessments
            await asyncio.sleep(0.002)  # another worker's unit of work would slip in here
            session.person.assessments = seen + 1

    await asyncio.gather(*(add_one(workers[n % 3]) for n in range(30)))
    async with workers[1].person(7) as session:
        assert session.person is not None
        assert session.person.assessments == 30


async def test_workers_asking_at_once_each_get_different_check_ins(workers: list[PostgresStore]):
    people = range(1, 301)
    await asyncio.gather(*(remind(workers[user % 3], user) for user in people))
    handed = await asyncio.gather(*(workers[n % 3].due(EVENING, limit=40) for n in range(12)))
    got = [due.user_id for batch in handed for due in batch]
    assert sorted(got) == list(people)  # every one handed out, none twice
    assert all(len(batch) <= 40 for batch in handed)
    assert await workers[0].due(EVENING) == []


async def test_a_claim_never_settled_is_taken_over_after_its_lease_and_only_then(workers: list[PostgresStore]):
    first, second, _ = workers
    await remind(first, 5)
    assert await first.due(EVENING) == [Due(5, date(2026, 11, 21))]  # the first worker dies holding it
    assert await second.due(EVENING + timedelta(seconds=59)) == []  # its lease still runs
    assert await second.due(EVENING + timedelta(seconds=61)) == [Due(5, date(2026, 11, 21))]
    async with second.person(5) as session:
        session.settle(Due(5, date(2026, 11, 21)))
    assert await first.due(EVENING + timedelta(minutes=5)) == []  # settled: nobody gets it again
    tomorrow = await first.due(EVENING + timedelta(days=1))
    assert tomorrow == [Due(5, date(2026, 11, 22))]  # the plan moved on to the next day


async def test_after_days_down_one_check_in_for_today_not_one_per_missed_day(workers: list[PostgresStore]):
    store = workers[0]
    await remind(store, 3, at=time(8, 0), zone="America/New_York")  # next: 22 Nov 08:00 EST = 13:00 UTC
    back = datetime(2026, 11, 25, 15, tzinfo=UTC)  # 10:00 in New York, three days later
    assert await store.due(back) == [Due(3, date(2026, 11, 25))]
    async with store.person(3) as session:
        session.settle(Due(3, date(2026, 11, 25)))
    assert await store.due(back + timedelta(hours=12)) == []
    assert await store.due(back + timedelta(days=1)) == [Due(3, date(2026, 11, 26))]


async def test_a_record_that_cannot_be_read_is_damage_and_can_be_set_aside(workers: list[PostgresStore], postgres_url):
    store = workers[0]
    await remind(store, 9)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("""UPDATE people SET record = '{"user_id": "nine"}' WHERE user_id = 9""")
    with pytest.raises(Damaged):
        async with store.person(9):
            pass
    await store.set_aside(9)
    async with store.person(9) as session:
        assert session.person is None  # a fresh start
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        kept = conn.execute("SELECT data FROM set_aside WHERE user_id = 9").fetchone()
    assert kept is not None
    assert kept[0]["person"] == {"user_id": "nine"}
    await store.erase(9)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM set_aside").fetchone() == (0,)


async def test_the_schema_is_migrated_once_and_checked_at_start_up():
    with empty_database() as url:
        store = PostgresStore(url, FakeClock(NOW))
        with pytest.raises(schema.SchemaOutdated, match="run camag-bot migrate"):
            await store.open(NOW)
        await store.close()
        results = await asyncio.gather(*(migrate(url) for _ in range(3)))  # three workers start at once
        assert {after for _, after in results} == {schema.VERSION}
        assert sorted(before for before, _ in results)[0] == 0
        assert await migrate(url) == (schema.VERSION, schema.VERSION)  # again: nothing to do
        store = PostgresStore(url, FakeClock(NOW))
        await store.open(NOW)
        await remind(store, 1)
        await store.close()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("UPDATE camag_schema SET version = version + 1")
        newer = PostgresStore(url, FakeClock(NOW))
        with pytest.raises(schema.SchemaOutdated, match="newer"):
            await newer.open(NOW)
        await newer.close()


async def test_claims_through_a_daylight_saving_change_come_once_per_local_day(workers: list[PostgresStore]):
    """Berlin springs forward on 28 March 2027: 02:30 does not exist that night."""
    store = workers[0]
    start = datetime(2027, 3, 25, 12, tzinfo=UTC)
    store.clock.current = start  # type: ignore[attr-defined]
    async with store.person(4) as session:
        session.person = Person(user_id=4, chat_id=4, created_at=start, updated_at=start, zone="Europe/Berlin")
        session.person.reminder = Reminder(at=time(2, 30))
    claimed: list[tuple[date, datetime]] = []
    now = start
    while now < start + timedelta(days=6):
        now += timedelta(minutes=15)
        store.clock.current = now  # type: ignore[attr-defined]
        for due in await store.due(now):
            claimed.append((due.day, now))
            async with store.person(4) as session:  # what the dispatcher does once it sent it
                assert session.person is not None
                assert session.person.reminder is not None
                session.person.reminder = after(session.person.reminder, due, Result(Outcome.SENT))
                session.settle(due)
    assert [day for day, _ in claimed] == [date(2027, 3, 26) + timedelta(days=n) for n in range(6)]
    local = [when.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M") for _, when in claimed]
    assert local == ["02:30", "02:30", "03:30", "02:30", "02:30", "02:30"]  # the gap's: as soon as it is over


async def test_a_plan_whose_zone_can_no_longer_be_read_holds_up_nobody_else(workers: list[PostgresStore], postgres_url):
    store = workers[0]
    await remind(store, 1)
    await remind(store, 2)
    with psycopg.connect(postgres_url, autocommit=True) as conn:  # tzdata changed since it was planned
        conn.execute(
            """UPDATE reminder_plans SET entry = jsonb_set(entry, '{zone}', '"Mars/Olympus"'),"""
            " due_at = due_at - interval '3 days', day = day - 3 WHERE user_id = 1"
        )
    later = EVENING + timedelta(minutes=1)
    assert await store.due(later) == [Due(1, date(2026, 11, 18)), Due(2, date(2026, 11, 21))]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM reminder_plans WHERE user_id = 1").fetchone() == (0,)
