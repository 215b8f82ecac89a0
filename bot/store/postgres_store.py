"""The PostgreSQL store: one bot served by several workers (processes, machines) at once.

A person's unit of work is one transaction on one pooled connection. It starts by taking a
transaction-scoped advisory lock keyed by the user id, so the person's units of work never overlap
in any worker, then reads their record; everything staged (the record, new check-ins and
assessments, the reminder plan, settled claims) is written in the same transaction, together with
the update id that changed it (``Person.recent_updates``). An exception rolls it all back.

The event loop does the driver's work, so a unit of work is two round trips: ``BEGIN``, the lock
and the read sent as one string of statements, and the writes sent with the ``COMMIT`` (each
statement still sees what was committed before it ran: a read after the lock sees the previous
holder's commit). Records travel as JSON text, read and written by pydantic.

Reminders: ``reminder_plans`` holds each dose's next check-in (derived from the person's plan
when it changes), a row per (person, dose, snoozed). :meth:`PostgresStore.due` claims due rows
with ``FOR UPDATE SKIP LOCKED``, so workers asking at once get different rows, records a claim
keyed by (person, dose, local day), and moves that dose's row on to its next day. The worker
settles the claim in the unit of work that records the send; a claim left by a worker that died is
handed out again once its lease runs out, and the sender's check against the plan keeps that from
sending a dose's check-in twice. A worker whose database just failed (restarting, down) takes over
no claim for a lease: a live worker that sent a check-in and lost the commit saying so records it
again meanwhile (bot/reminders/dispatcher.py).

No worker keeps anything in memory that another needs. The schema is in :mod:`bot.store.schema`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import psycopg
from psycopg import AsyncClientCursor
from psycopg.rows import TupleRow
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from pydantic import BaseModel, ValidationError

from bot import metrics
from bot.clock import Clock
from bot.store import schema
from bot.store.interface import DUE_BATCH, AssessmentRecord, Damaged, Due, Person, StoreUnavailable
from bot.store.plans import Entry, index_entry, planned
from bot.store.session import StagedSession
from camag_core.daily import CheckIn, local_date

log = logging.getLogger(__name__)

Connection = psycopg.AsyncConnection[TupleRow]

CONNECT_SECONDS = 30  # to reach the database at start-up, before giving up
WAIT_SECONDS = 30.0  # for a connection of the pool, before the work is given up as not done
# What a database that is down, restarting or out of reach raises: the work was not done.
UNAVAILABLE: tuple[type[Exception], ...] = (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout)
LEASE = timedelta(seconds=60)  # a check-in's claim, before another worker may take it over
STALE = timedelta(hours=1)  # a plan for an earlier local day, this overdue: the bot was down; catch up


# The unit of work's start: one round trip (statements sent together, the user id bound by the client).
BEGIN = "BEGIN; SELECT pg_advisory_xact_lock(%(id)s); SELECT record::text FROM people WHERE user_id = %(id)s"
# The person's record written, sent with the COMMIT (and whatever else the unit of work staged).
WRITE = (
    "INSERT INTO people (user_id, record, updated_at) VALUES (%s, %s::jsonb, %s) ON CONFLICT (user_id) "
    "DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at"
)


class Statements:
    """Statements sent together as one string, in order, with the parameters bound by the client
    (psycopg quotes each as a literal of its type): one round trip, as the ``COMMIT`` at the end."""

    def __init__(self) -> None:
        self.sql: list[str] = []
        self.params: list[Any] = []

    def add(self, sql: str, *params: Any) -> None:
        self.sql.append(sql)
        self.params.extend(params)

    def rows(self, sql: str, rows: list[tuple[Any, ...]], then: str = "") -> None:
        """One INSERT of several rows: ``sql`` ends with VALUES; each row's values in brackets."""
        values = ", ".join("(" + ", ".join(["%s"] * len(row)) + ")" for row in rows)
        self.add(f"{sql} {values}{then}", *(value for row in rows for value in row))

    async def send(self, conn: Connection) -> None:
        await AsyncClientCursor(conn).execute("; ".join(self.sql), self.params)


class _Session(StagedSession):
    def __init__(self, conn: Connection, user_id: int, person: Person | None) -> None:
        super().__init__(person)
        self.conn = conn
        self.user_id = user_id

    async def stored_checkins(self, first: date, last: date) -> list[CheckIn]:
        cursor = await self.conn.execute(
            "SELECT record::text FROM checkins WHERE user_id = %s AND day BETWEEN %s AND %s ORDER BY day",
            (self.user_id, first, last),
        )
        return [_valid(CheckIn, row[0], "a check-in") for row in await cursor.fetchall()]

    async def stored_assessment(self, number: int) -> AssessmentRecord | None:
        cursor = await self.conn.execute(
            "SELECT record::text FROM assessments WHERE user_id = %s AND number = %s", (self.user_id, number)
        )
        row = await cursor.fetchone()
        return None if row is None else _valid(AssessmentRecord, row[0], "an assessment")

    async def hold(self) -> None:
        """The advisory lock goes with the session: one that a restart ended lets another worker
        in (the error raised here is the unit of work's StoreUnavailable)."""
        await self.conn.execute("SELECT 1")

    async def commit(self, now: datetime) -> None:
        """Write what was staged and end the transaction: one round trip."""
        writes = Statements()
        person = self.person
        if person is not None and self.changed:
            writes.add(WRITE, self.user_id, person.model_dump_json(), person.updated_at)
            if self.staged_checkins:
                writes.rows(
                    "INSERT INTO checkins (user_id, day, record) VALUES",
                    [(self.user_id, c.day, c.model_dump_json()) for c in self.staged_checkins.values()],
                    " ON CONFLICT (user_id, day) DO UPDATE SET record = excluded.record",
                )
            if self.staged_assessments:
                writes.rows(
                    "INSERT INTO assessments (user_id, number, record) VALUES",
                    [(self.user_id, n, a.model_dump_json()) for n, a in self.staged_assessments.items()],
                )
            entry = index_entry(person)
            if entry != self.loaded_entry:
                _replan(writes, self.user_id, entry, now)
        for due in self.settled:
            writes.add(
                "DELETE FROM reminder_claims WHERE user_id = %s AND dose = %s AND day = %s AND snoozed = %s",
                due.user_id,
                due.dose,
                due.day,
                due.snoozed,
            )
        writes.add("COMMIT")
        await writes.send(self.conn)


M = TypeVar("M", bound=BaseModel)


def _valid(model: type[M], data: str, what: str) -> M:
    """A record read as JSON text."""
    try:
        return model.model_validate_json(data)
    except ValidationError:
        raise Damaged(f"{what} in the database") from None


def _replan(writes: Statements, user_id: int, entry: Entry | None, now: datetime) -> None:
    """The person's reminder rows, made again from ``entry``."""
    writes.add("DELETE FROM reminder_plans WHERE user_id = %s", user_id)
    if entry is None:
        return
    stored = entry.model_dump_json()
    rows = [(user_id, due.dose, due.snoozed, due.day, when, stored) for when, due in planned(user_id, entry, now)]
    if rows:
        writes.rows("INSERT INTO reminder_plans (user_id, dose, snoozed, day, due_at, entry) VALUES", rows)


def _before_today(day: date, entry: Entry, now: datetime) -> bool:
    try:
        return day < local_date(now, entry.zone)
    except ValueError:  # a zone this machine's tzdata no longer has: planning says so, once
        return False


def _regular(
    user_id: int, dose: int, entry: Entry, now: datetime, *, catch_up: bool = False
) -> tuple[datetime, Due] | None:
    """The dose's next regular (not snoozed) check-in, if it can be planned."""
    return next(
        (
            (when, due)
            for when, due in planned(user_id, entry, now, catch_up=catch_up)
            if due.dose == dose and not due.snoozed
        ),
        None,
    )


async def _set_regular(conn: Connection, user_id: int, dose: int, next_one: tuple[datetime, Due] | None) -> None:
    """The dose's regular row moved to ``next_one`` (none: a zone that can't be read)."""
    if next_one is None:
        await conn.execute(
            "DELETE FROM reminder_plans WHERE user_id = %s AND dose = %s AND NOT snoozed", (user_id, dose)
        )
        return
    when, due = next_one
    await conn.execute(
        "UPDATE reminder_plans SET day = %s, due_at = %s WHERE user_id = %s AND dose = %s AND NOT snoozed",
        (due.day, when, user_id, dose),
    )


class PostgresStore:
    """The :class:`~bot.store.interface.Store` in PostgreSQL (see the module's notes)."""

    def __init__(
        self, url: str, clock: Clock, *, pool_size: int = 20, lease: timedelta = LEASE, wait: float = WAIT_SECONDS
    ) -> None:
        self.clock = clock
        self.lease = lease
        # Claims left by other workers are taken over only from then (time.monotonic()): for a
        # lease after the database last failed here, a worker that sent a check-in and lost the
        # commit saying so, alive, gets the time to record it before its claim is taken over.
        self._take_over_from = 0.0
        self.pool: AsyncConnectionPool[Connection] = AsyncConnectionPool(
            url, min_size=1, max_size=pool_size, open=False, kwargs={"autocommit": True}, name="camag", timeout=wait
        )

    async def open(self, now: datetime) -> None:
        """Connect, and check that the database is at this code's schema version."""
        await self.pool.open(wait=True, timeout=CONNECT_SECONDS)
        async with self.pool.connection() as conn:
            await schema.check(conn)

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def _locked(self, user_id: int) -> AsyncIterator[Connection]:
        """The person's transaction. A database that fails under it (down, restarting, no free
        connection in time) raises :class:`StoreUnavailable`: the transaction was not committed,
        or its commit was not confirmed (:meth:`person` then looks whether it was made)."""
        try:
            async with self.pool.connection() as conn, conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock(%s)", (user_id,))
                yield conn
        except UNAVAILABLE as error:
            raise self._unavailable(error) from error

    @asynccontextmanager
    async def person(self, user_id: int) -> AsyncIterator[_Session]:
        written: Person | None = None  # the record being written, once the COMMIT is sent
        try:
            async with self.pool.connection() as conn:  # an exception leaves it: ROLLBACK
                cursor = AsyncClientCursor(conn)
                await cursor.execute(BEGIN, {"id": user_id})
                cursor.nextset()
                cursor.nextset()  # the lock, then the record
                row = await cursor.fetchone()
                session = _Session(conn, user_id, None if row is None else _valid(Person, row[0], "a person's record"))
                yield session
                started = time.monotonic()
                written = session.person if session.person_changed else None
                await session.commit(self.clock.now())
        except UNAVAILABLE as error:
            unavailable = self._unavailable(error)
            if written is None or not await self._made(user_id, written):
                raise unavailable from error
            log.warning("the commit for user %s was made, its answer lost", user_id)
        metrics.STORE_COMMIT_SECONDS.observe(time.monotonic() - started)  # the transaction's COMMIT included

    async def _made(self, user_id: int, written: Person) -> bool:
        """Whether a COMMIT whose answer was lost (the session ended just then) was made: the
        person's record, written in that transaction, is stored as written. Said so, the work is
        not reported undone (the person told "not saved yet" would answer again, and a check-in
        recorded sent would be sent again)."""
        try:
            async with self.pool.connection() as conn:
                cursor = await conn.execute("SELECT record::text FROM people WHERE user_id = %s", (user_id,))
                row = await cursor.fetchone()
        except UNAVAILABLE:
            return False  # not known yet: reported undone, and made again (harmlessly, if it was made)
        as_written = Person.model_validate_json(written.model_dump_json())
        return row is not None and _valid(Person, row[0], "a person's record") == as_written

    async def due(self, now: datetime, limit: int = DUE_BATCH) -> list[Due]:
        try:
            return await self._due(now, limit)
        except UNAVAILABLE as error:
            raise self._unavailable(error) from error

    def _unavailable(self, error: Exception) -> StoreUnavailable:
        self._take_over_from = time.monotonic() + self.lease.total_seconds()
        return StoreUnavailable(type(error).__name__)

    async def _due(self, now: datetime, limit: int) -> list[Due]:
        leased_until = now + self.lease
        async with self.pool.connection() as conn, conn.transaction():
            found: list[Due] = []
            if time.monotonic() >= self._take_over_from:
                cursor = await conn.execute(  # claims whose worker died, first
                    "UPDATE reminder_claims SET leased_until = %(until)s WHERE (user_id, dose, day, snoozed) IN ("
                    " SELECT user_id, dose, day, snoozed FROM reminder_claims WHERE leased_until <= %(now)s"
                    " ORDER BY leased_until LIMIT %(limit)s FOR UPDATE SKIP LOCKED"
                    ") RETURNING user_id, dose, day, snoozed",
                    {"until": leased_until, "now": now, "limit": limit},
                )
                found = [Due(user_id, day, snoozed, dose) for user_id, dose, day, snoozed in await cursor.fetchall()]
            cursor = await conn.execute(
                "SELECT user_id, dose, snoozed, day, due_at, entry FROM reminder_plans WHERE due_at <= %s"
                " ORDER BY due_at, user_id, dose LIMIT %s FOR UPDATE SKIP LOCKED",
                (now, limit - len(found)),
            )
            for user_id, dose, snoozed, day, due_at, stored in await cursor.fetchall():
                entry = Entry.model_validate(stored)
                due: Due | None = Due(user_id, day, snoozed, dose)
                if not snoozed and due_at < now - STALE and _before_today(day, entry, now):
                    due = await self._catch_up(conn, user_id, dose, entry, now)
                if due is None:
                    continue
                if await self._claim(conn, due, leased_until):
                    found.append(due)
                await self._move_on(conn, due, entry, now)
        return found

    @staticmethod
    async def _catch_up(conn: Connection, user_id: int, dose: int, entry: Entry, now: datetime) -> Due | None:
        """A dose's row left from before the bot was down: today's check-in if its time has passed
        (once), else the row moved on to it."""
        next_one = _regular(user_id, dose, entry, now, catch_up=True)
        if next_one is not None and next_one[0] <= now:
            return next_one[1]
        await _set_regular(conn, user_id, dose, next_one)
        return None

    @staticmethod
    async def _claim(conn: Connection, due: Due, leased_until: datetime) -> bool:
        cursor = await conn.execute(
            "INSERT INTO reminder_claims (user_id, dose, day, snoozed, leased_until) VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT DO NOTHING RETURNING 1",
            (due.user_id, due.dose, due.day, due.snoozed, leased_until),
        )
        return await cursor.fetchone() is not None  # else another worker has that dose and day in hand

    @staticmethod
    async def _move_on(conn: Connection, due: Due, entry: Entry, now: datetime) -> None:
        """The dose's row past a claimed check-in: its next day's, or no snooze (the plan after the
        send decides, as the person's record will once the sender settles it)."""
        if due.snoozed:
            await conn.execute(
                "DELETE FROM reminder_plans WHERE user_id = %s AND dose = %s AND snoozed", (due.user_id, due.dose)
            )
            return
        after = entry.model_copy(update={"plan": entry.plan.after_send(due.occasion)})
        await _set_regular(conn, due.user_id, due.dose, _regular(due.user_id, due.dose, after, now))

    async def export(self, user_id: int) -> dict[str, Any]:
        async with self._locked(user_id) as conn:
            cursor = await conn.execute("SELECT record FROM people WHERE user_id = %s", (user_id,))
            row = await cursor.fetchone()
            cursor = await conn.execute("SELECT record FROM assessments WHERE user_id = %s ORDER BY number", (user_id,))
            assessments = [r[0] for r in await cursor.fetchall()]
            cursor = await conn.execute("SELECT record FROM checkins WHERE user_id = %s ORDER BY day", (user_id,))
            checkins = [r[0] for r in await cursor.fetchall()]
        return {"person": None if row is None else row[0], "assessments": assessments, "checkins": checkins}

    async def erase(self, user_id: int) -> None:
        async with self._locked(user_id) as conn:
            await conn.execute("DELETE FROM people WHERE user_id = %s", (user_id,))  # history, plans, claims cascade
            await conn.execute("DELETE FROM set_aside WHERE user_id = %s", (user_id,))

    async def count_people(self) -> int:
        async with self.pool.connection() as conn:
            cursor = await conn.execute("SELECT count(*) FROM people")
            row = await cursor.fetchone()
            return 0 if row is None else int(row[0])

    async def set_aside(self, user_id: int) -> None:
        """The person's rows, as they are, moved into ``set_aside`` for whoever runs the bot."""
        async with self._locked(user_id) as conn:
            await conn.execute(
                "INSERT INTO set_aside (user_id, at, data) SELECT %(id)s, %(at)s, jsonb_build_object("
                " 'person', (SELECT record FROM people WHERE user_id = %(id)s),"
                " 'assessments', (SELECT coalesce(jsonb_agg(record ORDER BY number), '[]') FROM assessments"
                "  WHERE user_id = %(id)s),"
                " 'checkins', (SELECT coalesce(jsonb_agg(record ORDER BY day), '[]') FROM checkins"
                "  WHERE user_id = %(id)s))",
                {"id": user_id, "at": self.clock.now()},
            )
            await conn.execute("DELETE FROM people WHERE user_id = %s", (user_id,))
