"""The real Application, built by the composition root with test seams."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import build_application
from bot.labels.reader import Reader
from bot.services import KEY, Services
from bot.settings import Settings
from bot.store.interface import AssessmentRecord, InterviewRecord, Person, Store
from bot.store.postgres_store import PostgresStore
from bot.store.tinydb_store import TinyDBStore
from camag_core.daily import CheckIn
from camag_core.schedule import Plan
from tests.bot.fake_telegram import TOKEN, Client, FakeTelegram


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


@dataclass
class Harness:
    """A running bot: its Application, the fake Bot API, the store and the clock."""

    app: object
    api: FakeTelegram
    store: Store
    clock: FakeClock
    data: Path

    def client(self, user_id: int = 42, chat_id: int | None = None) -> Client:
        return Client(self.app, self.api, user_id, chat_id)  # type: ignore[arg-type]

    @property
    def services(self) -> Services:
        return self.app.bot_data[KEY]  # type: ignore[attr-defined, no-any-return]

    async def at_rest(self) -> None:
        """The embedded store's journal written to the people's files (to read or damage them)."""
        assert isinstance(self.store, TinyDBStore)
        await self.store.checkpoint()

    async def tick(self) -> int:
        """One reminder tick at the clock's time; waits until everything due was handled."""
        count = await self.services.dispatcher.tick()
        await self.services.dispatcher.drain()
        return count

    async def person(self, user_id: int = 42) -> Person | None:
        """The person's record as committed."""
        async with self.store.person(user_id) as session:
            return session.person

    async def interview(self, user_id: int = 42) -> InterviewRecord | None:
        person = await self.person(user_id)
        return None if person is None else person.interview

    async def reminder(self, user_id: int = 42) -> Plan | None:
        person = await self.person(user_id)
        return None if person is None else person.reminder

    async def latest_assessment(self, user_id: int = 42) -> AssessmentRecord | None:
        async with self.store.person(user_id) as session:
            count = session.person.assessments if session.person else 0
            return await session.assessment(count) if count else None

    async def checkins(self, user_id: int = 42) -> list[CheckIn]:
        """Every check-in the person has, by day."""
        async with self.store.person(user_id) as session:
            return await session.checkins(date(2000, 1, 1), date(2100, 1, 1))


def make_settings(data: Path, **overrides: object) -> Settings:
    return Settings(_env_file=None, telegram_bot_token=TOKEN, camag_data_dir=data, **overrides)  # type: ignore[call-arg, arg-type]


async def start_bot(
    data: Path,
    api: FakeTelegram | None = None,
    clock: FakeClock | None = None,
    *,
    paced: bool = False,
    database_url: str | None = None,
    label_reader: Reader | None = None,
) -> Harness:
    """The bot on a TinyDB data folder, or on PostgreSQL with ``database_url``; ``label_reader``
    in place of the OCR engine from the start (label photos being read are resumed at start-up)."""
    api = api or FakeTelegram()
    clock = clock or FakeClock(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    store: Store = TinyDBStore(data, clock) if database_url is None else PostgresStore(database_url, clock, pool_size=4)
    # Without Telegram's pacing: each chat's 1 a second would only slow the suite down (the
    # limiter is tested on a fake clock in test_throttle.py, the real one runs in test_process.py).
    app = build_application(make_settings(data), store, clock, request=api, rate_limiter="default" if paced else None)
    if label_reader is not None:
        app.bot_data[KEY] = dataclasses.replace(app.bot_data[KEY], label_reader=label_reader)
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    return Harness(app, api, store, clock, data)


async def stop_bot(harness: Harness) -> None:
    app = harness.app
    await app.stop()  # type: ignore[attr-defined]
    await app.shutdown()  # type: ignore[attr-defined]
    if app.post_shutdown is not None:  # type: ignore[attr-defined]
        await app.post_shutdown(app)  # type: ignore[attr-defined]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module with ``ON_BOTH_BACKENDS = True`` runs its tests of the running bot on each store."""
    if "backend" in metafunc.fixturenames:
        both = getattr(metafunc.module, "ON_BOTH_BACKENDS", False)
        metafunc.parametrize("backend", ["tinydb", "postgres"] if both else ["tinydb"])


@pytest.fixture
async def running(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    url = request.getfixturevalue("postgres_url") if backend == "postgres" else None
    harness = await start_bot(tmp_path / "data", database_url=url)
    yield harness
    await stop_bot(harness)
