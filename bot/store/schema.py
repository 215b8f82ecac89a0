"""The PostgreSQL schema, versioned: each migration is applied once, in order, by ``camag-bot migrate``;
the bot checks the version at start-up and refuses to run on an older (or newer) one.

A person's record, assessments and check-ins are JSON documents validated by the same models as
the TinyDB backend (:mod:`bot.store.interface`); what the database needs to query (who is due
when, which check-in is being sent) has columns of its own.
"""

from __future__ import annotations

import psycopg

# The advisory lock that keeps two `migrate` commands (or workers) from migrating at once. Person
# locks use the user id as the key, and Telegram's ids are positive: a negative key never collides.
MIGRATION_LOCK = -1

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE people (
        user_id    bigint PRIMARY KEY,
        record     jsonb NOT NULL,          -- the Person record
        updated_at timestamptz NOT NULL
    );
    CREATE TABLE assessments (
        user_id bigint NOT NULL REFERENCES people ON DELETE CASCADE,
        number  integer NOT NULL,           -- from 1, in the order they were made
        record  jsonb NOT NULL,
        PRIMARY KEY (user_id, number)
    );
    CREATE TABLE checkins (
        user_id bigint NOT NULL REFERENCES people ON DELETE CASCADE,
        day     date NOT NULL,              -- the person's local day
        record  jsonb NOT NULL,
        PRIMARY KEY (user_id, day)
    );
    -- The next check-in of each person (and a snoozed one), derived from their record.
    CREATE TABLE reminder_plans (
        user_id bigint NOT NULL REFERENCES people ON DELETE CASCADE,
        snoozed boolean NOT NULL,
        day     date NOT NULL,
        due_at  timestamptz NOT NULL,
        entry   jsonb NOT NULL,             -- the reminder and its zone, to plan the next one
        PRIMARY KEY (user_id, snoozed)
    );
    CREATE INDEX reminder_plans_due_at ON reminder_plans (due_at);
    -- A check-in handed to a worker: one per (person, local day), until the worker settles it
    -- or its lease runs out (the worker died) and another takes it over.
    CREATE TABLE reminder_claims (
        user_id      bigint NOT NULL REFERENCES people ON DELETE CASCADE,
        day          date NOT NULL,
        snoozed      boolean NOT NULL,
        leased_until timestamptz NOT NULL,
        PRIMARY KEY (user_id, day, snoozed)
    );
    CREATE INDEX reminder_claims_leased_until ON reminder_claims (leased_until);
    -- Data that could not be read, moved out of the way at the person's word (see /start again).
    CREATE TABLE set_aside (
        user_id bigint NOT NULL,
        at      timestamptz NOT NULL,
        data    jsonb NOT NULL
    );
    """,
    # 2: a plan of several doses a day: a row and a claim per dose (a reminder kept before is dose 1;
    # its record and plan entry are read as a plan of that one time, and written so at the next change)
    """
    ALTER TABLE reminder_plans ADD COLUMN dose smallint NOT NULL DEFAULT 1;
    ALTER TABLE reminder_plans ALTER COLUMN dose DROP DEFAULT;
    ALTER TABLE reminder_plans DROP CONSTRAINT reminder_plans_pkey;
    ALTER TABLE reminder_plans ADD PRIMARY KEY (user_id, dose, snoozed);
    ALTER TABLE reminder_claims ADD COLUMN dose smallint NOT NULL DEFAULT 1;
    ALTER TABLE reminder_claims ALTER COLUMN dose DROP DEFAULT;
    ALTER TABLE reminder_claims DROP CONSTRAINT reminder_claims_pkey;
    ALTER TABLE reminder_claims ADD PRIMARY KEY (user_id, dose, day, snoozed);
    """,
]
VERSION = len(MIGRATIONS)


class SchemaOutdated(Exception):
    """The database is not at this code's schema version."""


async def version(conn: psycopg.AsyncConnection) -> int:
    """The database's schema version (0 for an empty database)."""
    cursor = await conn.execute("SELECT to_regclass('camag_schema') IS NOT NULL")
    exists = await cursor.fetchone()
    if exists is None or not exists[0]:
        return 0
    cursor = await conn.execute("SELECT version FROM camag_schema")
    row = await cursor.fetchone()
    return 0 if row is None else int(row[0])


def _newer(found: int) -> SchemaOutdated:
    return SchemaOutdated(f"the database is at schema version {found}, newer than this code's {VERSION}: upgrade CaMag")


async def check(conn: psycopg.AsyncConnection) -> None:
    found = await version(conn)
    if found < VERSION:
        raise SchemaOutdated(
            f"the database is at schema version {found}, this code needs {VERSION}: run camag-bot migrate"
        )
    if found > VERSION:
        raise _newer(found)


async def migrate(conn: psycopg.AsyncConnection) -> tuple[int, int]:
    """Bring the database up to :data:`VERSION`, each step in its own transaction; returns the
    versions before and after. Safe to run from several places at once."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        await conn.execute("CREATE TABLE IF NOT EXISTS camag_schema (version integer NOT NULL)")
        before = await version(conn)
        if before == 0:
            await conn.execute("INSERT INTO camag_schema (version) VALUES (0)")
    if before > VERSION:
        raise _newer(before)
    for number in range(before + 1, VERSION + 1):
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            if await version(conn) >= number:  # another migrate got there first
                continue
            await conn.execute(MIGRATIONS[number - 1].encode())
            await conn.execute("UPDATE camag_schema SET version = %s", (number,))
    return before, VERSION
