"""The store interface's contract, one suite for every backend (bot/store/interface.py).

What handlers and the dispatcher rely on: a unit of work commits on a clean exit and leaves
nothing on an exception, units of work on one person never overlap, history reads see what was
committed (and what is staged), due check-ins are handed out once, export holds everything and
erase leaves nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.store.due_index import SHARDS
from bot.store.interface import AssessmentRecord, Due, Person, Store
from bot.store.postgres_store import PostgresStore
from bot.store.tinydb_store import TinyDBStore
from camag_core import Answers, assess
from camag_core.daily import CheckIn, Status
from camag_core.schedule import Plan
from tests.bot.conftest import FakeClock

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
Backend = Callable[[FakeClock], Store]


@pytest.fixture(params=["tinydb", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """Makes a store of one backend, every one made by a test on the same data."""
    if request.param == "tinydb":
        return lambda clock: TinyDBStore(tmp_path, clock)
    url = request.getfixturevalue("postgres_url")
    return lambda clock: PostgresStore(url, clock, pool_size=4)


@pytest.fixture
async def store(backend: Backend) -> AsyncIterator[Store]:
    opened = backend(FakeClock(NOW))
    await opened.open(NOW)
    yield opened
    await opened.close()


def newcomer(user_id: int = 7) -> Person:
    return Person(user_id=user_id, chat_id=user_id, created_at=NOW, updated_at=NOW)


def record() -> AssessmentRecord:
    answers = Answers(age=40, sex="female", supplements=[])
    return AssessmentRecord(at=NOW, answers=answers, result=assess(answers))


async def test_a_unit_of_work_commits_on_a_clean_exit_and_only_then(store: Store):
    async with store.person(7) as session:
        assert session.person is None  # nobody yet
        session.person = newcomer()
        session.person.zone = "Asia/Tokyo"

    async def failing_handler() -> None:
        async with store.person(7) as session:
            assert session.person is not None
            session.person.zone = "Europe/Berlin"
            session.record_checkin(CheckIn(day=date(2026, 11, 20), status=Status.ALL, at=NOW))
            raise RuntimeError("the handler failed")

    with pytest.raises(RuntimeError):
        await failing_handler()
    async with store.person(7) as session:
        assert session.person is not None
        assert session.person.zone == "Asia/Tokyo"
        assert await session.checkins(date(2026, 1, 1), date(2026, 12, 31)) == []


async def test_the_persons_language_is_kept_across_a_restart(backend: Backend):
    first = backend(FakeClock(NOW))
    await first.open(NOW)
    async with first.person(7) as session:
        session.person = newcomer()
        session.person.language = "de"
    await first.close()
    restarted = backend(FakeClock(NOW))
    await restarted.open(NOW)
    try:
        async with restarted.person(7) as session:
            assert session.person is not None
            assert session.person.language == "de"
            session.person.language = "ru"
        async with restarted.person(7) as session:
            assert session.person is not None
            assert session.person.language == "ru"
        assert (await restarted.export(7))["person"]["language"] == "ru"
    finally:
        await restarted.close()


async def test_a_persons_units_of_work_never_overlap(store: Store):
    async with store.person(7) as session:
        session.person = newcomer()

    async def add_one() -> None:
        async with store.person(7) as session:
            assert session.person is not None
            seen = session.person.assessments
            await asyncio.sleep(0.001)  # another unit of work would slip in here
            session.person.assessments = seen + 1

    await asyncio.gather(*(add_one() for _ in range(20)))
    async with store.person(7) as session:
        assert session.person is not None
        assert session.person.assessments == 20


async def test_history_reads_what_was_committed_and_what_is_staged(store: Store):
    async with store.person(7) as session:
        session.person = newcomer()
        for offset in range(40):  # across two months
            session.record_checkin(CheckIn(day=date(2026, 10, 20) + timedelta(days=offset), status=Status.ALL, at=NOW))
        assert session.add_assessment(record()) == 1
        assert await session.assessment(1) == record()  # staged, already readable
    async with store.person(7) as session:
        session.record_checkin(CheckIn(day=date(2026, 11, 1), status=Status.NONE, at=NOW))  # replaces the 1st
        days = await session.checkins(date(2026, 10, 30), date(2026, 11, 2))
        assert [(c.day.day, c.status) for c in days] == [(30, "all"), (31, "all"), (1, "none"), (2, "all")]
        assert session.person is not None
        assert session.add_assessment(record()) == 2
    async with store.person(7) as session:
        assert session.person is not None
        assert session.person.assessments == 2
        assert await session.assessment(2) is not None
        assert await session.assessment(3) is None
        assert len(await session.checkins(date(2026, 1, 1), date(2026, 12, 31))) == 40


async def test_a_due_check_in_is_handed_out_once(store: Store):
    async with store.person(7) as session:
        session.person = newcomer()
        session.person.zone = "Europe/Berlin"
        session.person.reminder = Plan.daily(time(21, 0))
    evening = NOW.replace(hour=20)  # 21:00 in Berlin
    assert await store.due(evening - timedelta(minutes=1)) == []
    assert await store.due(evening) == [Due(7, date(2026, 11, 21))]
    assert await store.due(evening) == []
    async with store.person(7) as session:
        assert session.person is not None
        session.person.reminder = None  # /remind off
        session.settle(Due(7, date(2026, 11, 21)))  # and the dispatcher found it no longer due
    assert await store.due(evening + timedelta(days=1)) == []


async def test_export_holds_everything_and_erase_leaves_nothing(store: Store):
    async with store.person(7) as session:
        session.person = newcomer()
        session.person.reminder = Plan.daily(time(8, 0))
        session.person.zone = "UTC"
        session.record_checkin(CheckIn(day=date(2026, 11, 20), status=Status.SOME, note="spinach", at=NOW))
        session.add_assessment(record())
    async with store.person(8) as session:
        session.person = newcomer(8)
    exported = await store.export(7)
    assert exported["person"]["reminder"]["doses"][0]["at"] == "08:00:00"
    assert [c["note"] for c in exported["checkins"]] == ["spinach"]
    assert len(exported["assessments"]) == 1
    await store.erase(7)
    async with store.person(7) as session:
        assert session.person is None
        assert await session.checkins(date(2026, 1, 1), date(2026, 12, 31)) == []
    assert await store.due(NOW + timedelta(days=1)) == []
    async with store.person(8) as session:
        assert session.person is not None  # nobody else's data is touched


async def test_people_committed_at_once_all_keep_their_reminders(store: Store, backend: Backend):
    """Reminders of people indexed together (a shard of the TinyDB backend's index), set at the same moment."""

    async def remind(user_id: int) -> None:
        async with store.person(user_id) as session:
            session.person = newcomer(user_id)
            session.person.zone = "UTC"
            session.person.reminder = Plan.daily(time(21, 0))

    people = [1 + SHARDS * n for n in range(20)]
    await asyncio.gather(*(remind(user_id) for user_id in people))
    reopened = backend(FakeClock(NOW))
    await reopened.open(NOW)
    assert sorted(d.user_id for d in await reopened.due(NOW.replace(hour=21))) == people
    await reopened.close()
