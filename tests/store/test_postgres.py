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
from bot.store.interface import Damaged, Due, Person, StoreUnavailable
from bot.store.postgres_store import PostgresStore, Statements
from camag_core.daily import CheckIn, Status
from camag_core.schedule import Plan
from tests.bot.conftest import FakeClock
from tests.postgres import empty_database, migrate
from tests.store.test_contract import record

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
        session.person.reminder = Plan.daily(at)


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
        session.person.reminder = Plan.daily(time(2, 30))
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


async def remind_doses(store: PostgresStore, user_id: int, times: list[time], zone: str = "Asia/Tokyo") -> None:
    async with store.person(user_id) as session:
        session.person = Person(user_id=user_id, chat_id=user_id, created_at=NOW, updated_at=NOW, zone=zone)
        plan = Plan.daily(times[0])
        for at in times[1:]:
            plan = plan.added(at, zone, NOW)
        session.person.reminder = plan


async def test_each_dose_is_claimed_once_per_local_day_across_workers(workers: list[PostgresStore]):
    """Tokyo, three doses a day; 12:00 UTC is already 21:00 there. Workers ask at once, all day long."""
    people = range(1, 61)
    await asyncio.gather(*(remind_doses(workers[u % 3], u, [time(7, 0), time(13, 0), time(22, 0)]) for u in people))
    claimed: list[Due] = []
    now = NOW
    while now < NOW + timedelta(days=2):
        now += timedelta(minutes=30)
        handed = await asyncio.gather(*(workers[n].due(now, limit=50) for n in range(3)))
        for due in (d for batch in handed for d in batch):
            claimed.append(due)
            async with workers[due.user_id % 3].person(due.user_id) as session:  # sent, as the dispatcher does
                assert session.person is not None
                assert session.person.reminder is not None
                session.person.reminder = after(session.person.reminder, due, Result(Outcome.SENT))
                session.settle(due)
    keys = [(d.user_id, d.dose, d.day) for d in claimed]
    assert len(keys) == len(set(keys))  # never a dose twice for one local day
    for user in people:
        days = {(d.dose, d.day) for d in claimed if d.user_id == user}
        # from 21:00 on the 21st in Tokyo to 21:00 on the 23rd: the 22:00 dose of the 21st, then all three
        assert days == {(3, date(2026, 11, 21))} | {(n, date(2026, 11, d)) for n in (1, 2, 3) for d in (22, 23)} - {
            (3, date(2026, 11, 23))
        }


async def test_a_dose_claimed_by_a_worker_that_died_is_taken_over_alone(workers: list[PostgresStore]):
    first, second, third = workers
    await remind_doses(first, 8, [time(20, 0), time(21, 0)], zone="UTC")
    eight, nine = NOW.replace(hour=20), NOW.replace(hour=21)
    assert await first.due(eight) == [Due(8, date(2026, 11, 21), dose=1)]  # then dies
    assert await second.due(eight + timedelta(seconds=30)) == []  # its lease runs
    both = await second.due(nine)
    assert both == [Due(8, date(2026, 11, 21), dose=1), Due(8, date(2026, 11, 21), dose=2)]
    async with second.person(8) as session:  # dose 2 sent and settled; the worker dies before dose 1
        session.settle(both[1])
    assert await third.due(nine + timedelta(seconds=61)) == [Due(8, date(2026, 11, 21), dose=1)]


async def test_migrating_a_database_of_one_daily_check_in_keeps_each_reminder_as_dose_1():
    with empty_database() as url:
        with psycopg.connect(url, autocommit=True) as conn:  # a database at schema 1, as CaMag left it
            conn.execute(schema.MIGRATIONS[0].encode())
            conn.execute("CREATE TABLE camag_schema (version integer NOT NULL); INSERT INTO camag_schema VALUES (1)")
            old = {"at": "21:00:00", "last_sent": "2026-11-20", "paused": False}
            person = {"user_id": 1, "chat_id": 1, "created_at": NOW.isoformat(), "updated_at": NOW.isoformat()}
            conn.execute(
                "INSERT INTO people VALUES (1, %s, %s)",
                (psycopg.types.json.Jsonb({**person, "zone": "Europe/Berlin", "reminder": old}), NOW),
            )
            conn.execute(
                "INSERT INTO reminder_plans VALUES (1, false, '2026-11-21', %s, %s)",
                (EVENING, psycopg.types.json.Jsonb({"zone": "Europe/Berlin", **old})),
            )
            conn.execute("INSERT INTO reminder_claims VALUES (1, '2026-11-20', false, %s)", (NOW,))  # a worker died
        assert await migrate(url) == (1, schema.VERSION)
        store = PostgresStore(url, FakeClock(NOW))
        await store.open(NOW)
        assert await store.due(NOW) == [Due(1, date(2026, 11, 20), dose=1)]  # the claim: dose 1's
        async with store.person(1) as session:
            assert session.person is not None
            assert session.person.reminder == Plan.daily(time(21, 0)).after_send(Due(1, date(2026, 11, 20)).occasion)
            assert not session.person.reminder.still_wanted(Due(1, date(2026, 11, 20)).occasion)  # sent already
            session.settle(Due(1, date(2026, 11, 20)))
        assert await store.due(EVENING) == [Due(1, date(2026, 11, 21), dose=1)]
        async with store.person(1) as session:
            assert session.person is not None
            assert session.person.reminder is not None
            session.person.reminder = after(session.person.reminder, Due(1, date(2026, 11, 21)), Result(Outcome.SENT))
            session.settle(Due(1, date(2026, 11, 21)))
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("SELECT record -> 'reminder' FROM people").fetchone()
            plans = conn.execute("SELECT dose, entry -> 'plan' -> 'doses' -> 0 ->> 'at' FROM reminder_plans").fetchall()
        assert row is not None
        assert row[0]["doses"][0]["last_sent"] == "2026-11-21"  # stored as a plan from then on
        assert plans == [(1, "21:00:00")]
        assert await store.due(EVENING + timedelta(days=1)) == [Due(1, date(2026, 11, 22), dose=1)]
        await store.close()


async def test_a_commit_made_whose_answer_is_lost_counts_as_made(
    workers: list[PostgresStore], monkeypatch: pytest.MonkeyPatch
):
    """The connection lost after the server committed (a restart ending the session just then): the
    work is saved, so the unit of work does not say it was not (the person would be told "not
    saved yet", and answer again). A commit that was not made still fails."""
    store = workers[0]
    send = Statements.send
    lost: list[bool] = []

    async def answer_lost(self: Statements, conn: psycopg.AsyncConnection) -> None:  # the writes and the COMMIT
        await send(self, conn)
        if lost:
            raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Statements, "send", answer_lost)
    async with store.person(9) as session:
        session.person = Person(user_id=9, chat_id=9, created_at=NOW, updated_at=NOW)
    lost.append(True)
    async with store.person(9) as session:  # committed; only the answer to COMMIT is lost
        assert session.person is not None
        session.person.note_applied(41)
    lost.clear()
    async with store.person(9) as session:
        assert session.person is not None
        assert session.person.applied(41)
    with pytest.raises(StoreUnavailable):  # lost before the COMMIT: not made, and said so
        await _ended_before_the_commit(store, 9, 42)
    async with store.person(9) as session:
        assert session.person is not None
        assert not session.person.applied(42)


async def _ended_before_the_commit(store: PostgresStore, user_id: int, update_id: int) -> None:
    async with store.person(user_id) as session:
        assert session.person is not None
        session.person.note_applied(update_id)
        await session.conn.execute("SELECT pg_terminate_backend(pg_backend_pid())")


async def test_a_unit_of_work_is_two_round_trips(workers: list[PostgresStore], monkeypatch: pytest.MonkeyPatch):
    """The event loop does the driver's work, each round trip's: the lock and the read go together,
    and so do the writes and the COMMIT (a record, a check-in, an assessment and a new plan)."""
    store = workers[0]
    wait = psycopg.AsyncConnection.wait
    trips: list[str] = []

    async def counted(self, gen, *args, **kwargs):  # type: ignore[no-untyped-def]
        idle = self.pgconn.transaction_status == psycopg.pq.TransactionStatus.IDLE
        if not (idle and gen.__qualname__.endswith(("_commit_gen", "_rollback_gen"))):  # else nothing is sent
            trips.append(gen.__qualname__)
        return await wait(self, gen, *args, **kwargs)

    await remind(store, 5)
    monkeypatch.setattr(psycopg.AsyncConnection, "wait", counted)
    async with store.person(5) as session:
        assert session.person is not None
        session.person.reminder = Plan.daily(time(8, 0))
        session.record_checkin(CheckIn(day=date(2026, 11, 21), status=Status.ALL, at=NOW))
        session.add_assessment(record())
    assert len(trips) == 2
    trips.clear()
    async with store.person(5) as session:  # read only: the COMMIT alone ends it
        assert session.person is not None
    assert len(trips) == 2
    monkeypatch.undo()
    async with store.person(5) as session:
        assert session.person is not None
        assert session.person.reminder == Plan.daily(time(8, 0))
        assert session.person.assessments == 1
        assert [c.day for c in await session.checkins(date(2026, 11, 1), date(2026, 11, 30))] == [date(2026, 11, 21)]
    assert [due.day for due in await store.due(NOW.replace(day=22, hour=8))] == [date(2026, 11, 22)]
